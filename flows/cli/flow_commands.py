"""``run``, ``validate`` and ``schema``: flow files from the command line."""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import logging
import sys
from collections.abc import Iterator
from typing import Any

from connector import Config, ConfigError, ConnectorError
from flows.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    emulated_configs,
    or_stand_in,
    parse_pairs,
    read_json_arg,
    report_error,
    write_json,
)
from flows.document import FlowFile, flow_schema
from flows.errors import FlowValidationError
from flows.progress import terminal_progress

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the flow commands to the CLI."""
    run = commands.add_parser("run", help="run a flow of a YAML flow file")
    run.add_argument("file", metavar="FILE", help="the flow file")
    run.add_argument(
        "--flow", metavar="NAME", help="the flow to run (default: main, or the only one)"
    )
    run.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set vars.NAME to the text VALUE before the flow starts (repeatable)",
    )
    run.add_argument("--payload", metavar="JSON|@FILE", help="the starting payload, as JSON")
    run.add_argument(
        "--emulator",
        action="store_true",
        help="run against a fresh in-process emulator (every config pointed at it)",
    )
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="print each request that would be sent to stderr, and send nothing",
    )
    run.set_defaults(handler=run_flow)

    validate = commands.add_parser("validate", help="check a flow file without running it")
    validate.add_argument("file", metavar="FILE", help="the flow file")
    validate.set_defaults(handler=validate_flow)

    schema = commands.add_parser("schema", help="print the flow-file JSON Schema")
    schema.set_defaults(handler=print_schema)


def _load(path: str) -> FlowFile | None:
    """The checked file, or ``None`` after printing every problem (``file:line:column``)."""
    try:
        return FlowFile.load(path)
    except FlowValidationError as exc:
        for problem in exc.problems:
            print(f"{problem.path}: {problem.message}", file=sys.stderr)
        count = len(exc.problems)
        print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return None


def validate_flow(args: argparse.Namespace) -> int:
    """``validate FILE``: exit 0 when the file is fine, 2 (every problem on stderr) when not."""
    flow_file = _load(args.file)
    if flow_file is None:
        return EXIT_USAGE
    for warning in flow_file.warnings:
        print(f"{warning.path}: warning: {warning.message}", file=sys.stderr)
    count = len(flow_file.flows)
    print(
        f"{args.file}: ok ({count} flow{'s' if count != 1 else ''}, "
        f"{flow_file.step_count()} steps)",
        file=sys.stderr,
    )
    return EXIT_OK


def print_schema(args: argparse.Namespace) -> int:
    """``schema``: the flow-file JSON Schema on stdout."""
    write_json(flow_schema())
    return EXIT_OK


def run_flow(args: argparse.Namespace) -> int:
    """``run FILE``: check, then run; the final payload as JSON on stdout."""
    flow_file = _load(args.file)
    if flow_file is None:
        return EXIT_USAGE
    variables = parse_pairs(args.var, "--var")
    payload = read_json_arg(args.payload, "--payload") if args.payload else None
    try:
        name = flow_file.choose(args.flow)
    except FlowValidationError as exc:
        print(f"error: {exc.problems[0].message}", file=sys.stderr)
        return EXIT_USAGE
    logging.getLogger("flows").setLevel(logging.DEBUG if args.verbose >= 2 else logging.INFO)
    dry_run = _print_request if args.dry_run else None
    with _configs(flow_file, args) as configs:
        try:
            result = flow_file.run(
                name,
                vars=variables,
                payload=payload,
                configs=configs,
                dry_run=dry_run,
                progress=terminal_progress,
            )
        except ConfigError:
            raise  # nothing was sent: main() reports it and exits 2
        except ConnectorError as error:
            report_error(error, error.where)
            if args.dry_run:
                print("  (a dry run sends nothing, so operation results are null)", file=sys.stderr)
            return EXIT_ERROR
    write_json(_printable(result))
    return EXIT_OK


@contextlib.contextmanager
def _configs(flow_file: FlowFile, args: argparse.Namespace) -> Iterator[dict[str, Config] | None]:
    """The configs to run with: emulated, stand-ins for a dry run, or the file's own."""
    if args.emulator:
        with emulated_configs(flow_file.plain_configs()) as configs:
            yield configs
    elif args.dry_run:
        yield _dry_run_configs(flow_file)
    else:
        yield None


def _dry_run_configs(flow_file: FlowFile) -> dict[str, Config]:
    """A dry run needs no credentials: the file's configs where they resolve, else stand-ins."""
    return {
        name: or_stand_in(functools.partial(_one_config, flow_file, name))
        for name in flow_file.used_configs
    }


def _one_config(flow_file: FlowFile, name: str) -> Config:
    return flow_file.resolve_configs([name])[name]


def _print_request(request: dict[str, Any]) -> None:
    """One line per request that a dry run does not send (the auth is already redacted)."""
    form = " ".join(f"{key}={value}" for key, value in request.get("form", {}).items())
    line = f"dry-run: {request['method']} {request['url']}"
    print(f"{line} {form}".rstrip() + f"  [auth {request['auth']}]", file=sys.stderr)


def _printable(result: Any) -> Any:
    """Media bytes cannot be JSON: they are printed as base64 text."""
    if isinstance(result, bytes):
        print("note: the payload is binary media, printed as base64", file=sys.stderr)
        return base64.b64encode(result).decode("ascii")
    return result
