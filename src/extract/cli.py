"""The ``giamsat`` command. Each sub-command lives in its own module under
``extract/commands/`` and registers itself on ``app``; adding a command is adding a file
(listed after the ones in ``ORDER``)."""

from __future__ import annotations

import importlib
import pkgutil

import typer

# A traceback that still reaches a user shows no local values: they may hold a --db password.
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Vietnamese supervision reports → grounded, validated records.")

# The order `giamsat --help` lists the commands in: the work, then its review, then the rest.
ORDER = ("extract", "validate", "show", "apply", "pull", "people", "places", "export", "core")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("giamsat")
        except PackageNotFoundError:  # run from a checkout that was never installed
            number = "unknown (not installed)"
        typer.echo(f"giamsat {number}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="print giamsat's version and exit"),
) -> None:
    """Vietnamese supervision reports → grounded, validated records."""


def _load_commands() -> None:
    from . import commands

    names = [info.name for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_")]
    for name in sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n)):
        importlib.import_module(f"{commands.__name__}.{name}")


_load_commands()


def main() -> None:
    from .startup import long_run

    long_run()  # a command runs a batch: what loading makes is frozen out of the collector's passes
    app()


if __name__ == "__main__":
    main()
