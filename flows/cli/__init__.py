"""The ``twilio-connector`` command line.

Each group of commands lives in its own module with a ``register(commands)`` function:
catalog commands (``operations``, ``describe``, ``invoke``), flow commands (``run``,
``validate``, ``schema``) and ``emulator``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from connector import ConnectorError
from flows.cli import catalog_commands, emulator_command, flow_commands
from flows.cli.common import EXIT_ERROR, exit_code_for, report_error

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="twilio-connector",
        description="Twilio operations, declarative YAML flows and a local Twilio emulator.",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more to stderr (-v info, -vv debug)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (catalog_commands, flow_commands, emulator_command):
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (0 ok, 1 run-time error, 2 invalid input)."""
    args = build_parser().parse_args(argv)
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # here, so that a reader gone away is handled below
    except ConnectorError as error:
        report_error(error, error.where)
        return exit_code_for(error)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (``... | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    return code
