"""``run``, ``validate`` and ``schema``: flow files from the command line."""

from __future__ import annotations

import argparse
import base64
import contextlib
import dataclasses
import json
import logging
import re
import sys
from collections.abc import Iterator
from typing import Any

from connector import Config, ConfigError, ConnectorError, Problem, SendReport, ValidationError
from connector.errors import with_hint
from connector.once import DEFAULT_SETTLE
from flows.cli import help_for
from flows.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    add_target_options,
    dry_run_configs,
    emulated_configs,
    parse_pairs,
    pointed_at,
    read_json_arg,
    report_error,
    write_json,
)
from flows.document import FlowFile, flow_schema
from flows.errors import ExpressionError, FlowValidationError
from flows.progress import terminal_progress
from flows.runtime import DEFAULT_REDELIVER

__all__ = ["load_checked", "register", "report_sends"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the flow commands to the CLI."""
    run = commands.add_parser("run", help=help_for("run"))
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
    run.add_argument(
        "--payload", metavar="JSON|@FILE|@-", help="the starting payload, as JSON (@- reads stdin)"
    )
    add_target_options(run)
    run.add_argument(
        "--dry-run",
        action="store_true",
        help="print each request that would be sent to stderr, and send nothing",
    )
    run.add_argument(
        "--run-id",
        metavar="ID",
        help="give every send an idempotency key made of ID, the step's place and the loop "
        "positions: running the file again with the same ID (after a crash) sends only "
        "what had not gone out",
    )
    run.add_argument(
        "--ledger",
        metavar="FILE|URL",
        help="the SQLite file of idempotency keys, or a Redis URL (redis://HOST:PORT/DB) "
        "(default: FILE.ledger.sqlite3 beside the flow file; the broker's Redis with "
        "--executor celery)",
    )
    run.add_argument(
        "--settle",
        metavar="SECONDS",
        type=_seconds,
        default=DEFAULT_SETTLE,
        help="reconciling waits this long after an attempt for Twilio to show what it made "
        f"(default {DEFAULT_SETTLE:g})",
    )
    run.add_argument(
        "--executor",
        choices=("threads", "celery"),
        default="threads",
        help="where parallel-foreach runs its items unless it says: threads of this process "
        "(default), or celery: `twilio-connector worker FILE` processes reached through "
        "--broker",
    )
    run.add_argument(
        "--broker",
        metavar="URL",
        help="the Redis of the Celery workers (redis://HOST:PORT/DB; default "
        "$TWILIO_CONNECTOR_BROKER); it also keeps the idempotency ledger and the rate limits",
    )
    run.add_argument(
        "--redeliver-after",
        metavar="SECONDS",
        type=_seconds,
        default=DEFAULT_REDELIVER,
        help="with --executor celery, send an item again when no worker answered it within "
        f"this time (its task may be lost with a killed worker; default {DEFAULT_REDELIVER:g})",
    )
    run.set_defaults(handler=run_flow)

    validate = commands.add_parser("validate", help=help_for("validate"))
    validate.add_argument("file", metavar="FILE", help="the flow file")
    validate.add_argument(
        "--json",
        action="store_true",
        help="print the problems and warnings as a JSON list (file, line, column, message, "
        "hint, severity)",
    )
    validate.set_defaults(handler=validate_flow)

    schema = commands.add_parser("schema", help=help_for("schema"))
    schema.set_defaults(handler=print_schema)


def load_checked(path: str, *, as_json: bool = False) -> FlowFile | None:
    """The checked file, or ``None`` after printing every problem once: on stderr as
    ``file:line:column: message (hint)``, or on stdout as a JSON list with ``as_json``."""
    try:
        flow_file = FlowFile.load(path)
    except FlowValidationError as exc:
        if as_json:
            write_json([_problem_data(problem) for problem in exc.problems])
        else:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return None
    if as_json:
        write_json([_problem_data(warning, "warning") for warning in flow_file.warnings])
    return flow_file


_PLACE = re.compile(r"(?P<file>.*):(?P<line>[0-9]+):(?P<column>[0-9]+)", re.DOTALL)


def _problem_data(problem: Problem, severity: str = "error") -> dict[str, Any]:
    """A flow problem (or a warning) as JSON data; its path is ``file:line:column`` (a file
    name may itself hold ``:``), or only the file when the problem has no line (an unreadable
    file)."""
    place = _PLACE.fullmatch(problem.path)
    return {
        "file": place["file"] if place else problem.path,
        "line": int(place["line"]) if place else None,
        "column": int(place["column"]) if place else None,
        "message": problem.message,
        "hint": problem.hint,
        "severity": severity,
    }


def validate_flow(args: argparse.Namespace) -> int:
    """``validate FILE``: ``ok`` (or ``[]`` with --json) and exit 0 when the file is fine; every
    problem and exit 2 when not. The summary goes to stderr."""
    flow_file = load_checked(args.file, as_json=args.json)
    if flow_file is None:
        return EXIT_USAGE
    if not args.json:
        for warning in flow_file.warnings:
            print(
                f"{warning.path}: warning: {with_hint(warning.message, warning.hint)}",
                file=sys.stderr,
            )
        print("ok")
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
    flow_file = load_checked(args.file)
    if flow_file is None:
        return EXIT_USAGE
    variables = dict(parse_pairs(args.var, "--var"))
    payload = read_json_arg(args.payload, "--payload") if args.payload else None
    try:
        name = flow_file.choose(args.flow)
    except FlowValidationError as exc:
        for problem in exc.problems:  # about the command line, not a place in the file
            print(f"error: {exc.type}: {dataclasses.replace(problem, path='')}", file=sys.stderr)
        return EXIT_USAGE
    logging.getLogger("flows").setLevel(logging.DEBUG if args.verbose >= 2 else logging.INFO)
    dry_run = _print_request if args.dry_run else None
    sends = SendReport()
    with _configs(flow_file, name, args) as configs:
        try:
            result = flow_file.run(
                name,
                vars=variables,
                payload=payload,
                configs=configs,
                dry_run=dry_run,
                progress=terminal_progress,
                run_id=args.run_id,
                ledger=args.ledger,
                sends=sends,
                settle=args.settle,
                executor=args.executor,
                broker=args.broker,
                redeliver_after=args.redeliver_after,
            )
        except ConfigError:
            raise  # nothing was sent: main() reports it and exits 2
        except ConnectorError as error:
            report_error(error, error.where)
            if args.dry_run and isinstance(error, (ValidationError, ExpressionError)):
                # what a null result leads to: a later step's input or expression fails
                print("  (a dry run sends nothing, so operation results are null)", file=sys.stderr)
            return EXIT_ERROR
        finally:
            report_sends(sends)
    write_json(_printable(result))
    return EXIT_OK


#: The most unknown sends listed one by one at the end of a run.
_LISTED = 20


def report_sends(sends: SendReport) -> None:
    """At the end of a run with idempotency keys: the counts on stderr, and each send left
    unknown (for a person to check at Twilio)."""
    if not sends.total:
        return
    print(sends.summary(), file=sys.stderr)
    for unresolved in sends.unknown[:_LISTED]:
        where = f" (at {unresolved.where})" if unresolved.where else ""
        print(f"  unknown: {unresolved.key}{where}: {unresolved.reason}", file=sys.stderr)
    if len(sends.unknown) > _LISTED:
        print(f"  ... and {len(sends.unknown) - _LISTED} more unknown", file=sys.stderr)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError("must be from 0 to 3600 seconds")
    return value


@contextlib.contextmanager
def _configs(
    flow_file: FlowFile, flow: str, args: argparse.Namespace
) -> Iterator[dict[str, Config] | None]:
    """The configs to run ``flow`` with: emulated, the file's own (with stand-in credentials
    in a dry run where none are given), each pointed at --base-url when given. Only the
    configs the flow can reach are resolved."""
    if args.emulator:
        with emulated_configs(flow_file.plain_configs()) as emulated:
            yield emulated
        return
    configs: dict[str, Config] | None = None
    needed = flow_file.configs_for(flow)
    if args.dry_run:
        raws = flow_file.plain_configs()
        configs = dry_run_configs(
            {name: None if raws is None else raws[name] for name in sorted(needed)},
            lambda name: flow_file.resolve_configs([name])[name],
        )
    elif args.base_url:
        configs = flow_file.resolve_configs(needed)
    if configs is not None and args.base_url:
        configs = {name: pointed_at(config, args.base_url) for name, config in configs.items()}
    yield configs


def _print_request(request: dict[str, Any]) -> None:
    """One line per request that a dry run does not send (the auth is already redacted)."""
    form = " ".join(f"{key}={value}" for key, value in request.get("form", {}).items())
    if "json" in request:
        form = json.dumps(request["json"], ensure_ascii=False)
    line = f"dry-run: {request['method']} {request['url']}"
    print(f"{line} {form}".rstrip() + f"  [auth {request['auth']}]", file=sys.stderr)


def _printable(result: Any) -> Any:
    """Media bytes cannot be JSON: they are printed as base64 text."""
    if isinstance(result, bytes):
        print("note: the payload is binary media, printed as base64", file=sys.stderr)
        return base64.b64encode(result).decode("ascii")
    return result
