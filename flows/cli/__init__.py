"""The ``twilio-connector`` command line.

Each group of commands lives in its own module with a ``register(commands)`` function:
``operations`` and ``describe`` (catalog_listing), ``invoke`` (catalog_commands), ``run``,
``validate`` and ``schema`` (flow_commands), ``listen`` (listen_command) and ``emulator``
(emulator_command). Only the module of the command given is imported, so ``--help`` and the
catalog listings start without the HTTP, schema, expression or web-server libraries the
other commands need (tests/cli/test_cli_startup.py holds each command to its imports). The
global options (``-v``, ``--version``) work before or after the command.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any

from flows.cli.output import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE

__all__ = ["COMMANDS", "build_parser", "main"]

DISTRIBUTION = "twilio-connector"

#: Each command: its one-line help, and the module (of this package) that registers it.
COMMANDS: dict[str, tuple[str, str]] = {
    "operations": ("list the operations in the catalog, by family", "catalog_listing"),
    "describe": ("show an operation's parameters and schema", "catalog_listing"),
    "invoke": ("run one operation and print its result", "catalog_commands"),
    "run": ("run a flow of a YAML flow file", "flow_commands"),
    "validate": ("check a flow file without running it", "flow_commands"),
    "schema": ("print the flow-file JSON Schema", "flow_commands"),
    "listen": ("serve the flow sources of a file (signed Twilio webhooks)", "listen_command"),
    "emulator": (
        "serve a local Twilio-compatible API for offline flows and tests",
        "emulator_command",
    ),
}


def help_for(command: str) -> str:
    """A command's one-line help, for its module's ``add_parser``."""
    return COMMANDS[command][0]


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, **kwargs
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        metadata = importlib.import_module("importlib.metadata")  # only when asked
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


def _command_in(argv: Sequence[str]) -> str | None:
    """The command an argument list names: its first word that is a command (the global
    options take no values), or ``None``."""
    return next((word for word in argv if word in COMMANDS), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser: the command that `argv` names fully registered (its module
    imported), every other command by name and help only. With no `argv`, every command is
    registered."""
    parser = argparse.ArgumentParser(
        prog=DISTRIBUTION,
        description="Twilio operations, declarative YAML flows and a local Twilio emulator.",
    )
    _add_global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if argv is None:
        modules = dict.fromkeys(module for _, module in COMMANDS.values())
    else:
        chosen = _command_in(argv)
        modules = dict.fromkeys([COMMANDS[chosen][1]] if chosen else [])
    for module in modules:
        importlib.import_module(f"{__name__}.{module}").register(commands)
    for name, (help_text, _) in COMMANDS.items():
        if name not in commands.choices:
            commands.add_parser(name, help=help_text)
    for command in commands.choices.values():
        _add_global_options(command, top=False)
    return parser


def _requests_sent() -> int:
    """Requests sent so far by this process (none before the HTTP funnel is imported)."""
    http = sys.modules.get("connector.http")
    return 0 if http is None else int(http.requests_sent())


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (0 ok, 1 run-time error, 2 invalid input, 130
    stopped by Ctrl-C)."""
    given = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser(given).parse_args(given)
    except SystemExit as stop:  # --help, --version, or a usage error argparse reported
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    sent_before = _requests_sent()
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # here, so that a reader gone away is handled below
    except KeyboardInterrupt:
        sent = _requests_sent() - sent_before
        print(
            f"interrupted: {sent} request{'s' if sent != 1 else ''} had been sent",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``... | head``): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as error:
        return _reported(error)
    return code


def _reported(error: Exception) -> int:
    """Report a connector error and give its exit code; any other exception is a bug and
    goes on up. (The error classes are imported here, once there is an error: the commands
    that never meet one start without them.)"""
    common = importlib.import_module(f"{__name__}.common")
    if not isinstance(error, common.ConnectorError):
        raise error
    common.report_error(error, error.where)
    code: int = common.exit_code_for(error)
    return code
