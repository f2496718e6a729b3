"""The `toulmin lsp` command: start the language server over stdio.

pygls is imported only when the command runs, so `toulmin check` never pays for it and
works without the `lsp` extra.
"""

from __future__ import annotations

import sys

import click


@click.command("lsp")
@click.option(
    "--budget",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds a check may take before it is cancelled.",
)
@click.option(
    "--debounce",
    type=float,
    default=0.05,
    show_default=True,
    help="Seconds to wait after an edit before checking.",
)
def lsp(budget: float, debounce: float) -> None:
    """Run the language server for .claim files over stdio (needs `toulmin[lsp]`)."""
    try:
        from toulmin.lsp.server import build_server
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        click.echo(
            f"toulmin lsp needs the `lsp` extra: pip install 'toulmin[lsp]' ({exc})", err=True
        )
        sys.exit(2)
    build_server(budget=budget, debounce=debounce).start_io()
