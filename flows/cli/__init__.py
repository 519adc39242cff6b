"""The ``twilio-connector`` command line.

Each group of commands lives in its own module with a ``register(commands)`` function:
catalog commands (``operations``, ``describe``, ``invoke``), flow commands (``run``,
``validate``, ``schema``), ``listen`` (the flows' webhook sources) and ``emulator``. The
global options (``-v``, ``--version``) work before or after the command.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from importlib import metadata
from typing import Any

from connector import ConnectorError
from connector.http import requests_sent
from flows.cli import catalog_commands, emulator_command, flow_commands, listen_command
from flows.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE, exit_code_for, report_error

__all__ = ["build_parser", "main"]

DISTRIBUTION = "twilio-connector"


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, **kwargs
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        try:
            version = metadata.version(DISTRIBUTION)
        except metadata.PackageNotFoundError:
            version = "unknown (not installed)"
        print(f"{DISTRIBUTION} {version}")
        parser.exit()


def _add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command takes. After the command they must not reset what was given
    before it, so only the top-level parser has a default."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0 if top else argparse.SUPPRESS,
        help="log more to stderr (-v info, -vv debug)",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog=DISTRIBUTION,
        description="Twilio operations, declarative YAML flows and a local Twilio emulator.",
    )
    _add_global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (catalog_commands, flow_commands, listen_command, emulator_command):
        module.register(commands)
    for command in commands.choices.values():
        _add_global_options(command, top=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (0 ok, 1 run-time error, 2 invalid input, 130
    stopped by Ctrl-C)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error argparse reported
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    sent_before = requests_sent()
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # here, so that a reader gone away is handled below
    except ConnectorError as error:
        report_error(error, error.where)
        return exit_code_for(error)
    except KeyboardInterrupt:
        sent = requests_sent() - sent_before
        print(
            f"interrupted: {sent} request{'s' if sent != 1 else ''} had been sent",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``... | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    return code
