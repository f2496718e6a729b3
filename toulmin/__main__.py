"""`python -m toulmin` is the `toulmin` command."""

from toulmin.cli import main

main()
