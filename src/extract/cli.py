"""The ``giamsat`` command. Each sub-command lives in its own module under
``extract/commands/`` and registers itself on ``app``; adding a command is adding a file."""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Vietnamese supervision reports → grounded, validated records.")


def _load_commands() -> None:
    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{commands.__name__}.{info.name}")


_load_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
