"""The language server of `.claim` files (`toulmin lsp`); pygls is imported only by it."""
