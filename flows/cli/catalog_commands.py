"""``invoke``: one operation of the catalog from the command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from connector import Config, Connector, ConnectorError, UnknownOperationError
from connector.errors import suggest, with_hint
from flows.cli import help_for
from flows.cli.common import (
    DRY_RUN_ACCOUNT,
    EXIT_OK,
    UsageError,
    add_target_options,
    dry_run_configs,
    emulated_configs,
    parse_pairs,
    pointed_at,
    read_json_arg,
    read_yaml_configs,
    write_json,
)
from flows.errors import FlowConfigError
from operations import catalog
from operations.base import Operation

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``invoke`` to the CLI."""
    invoke = commands.add_parser("invoke", help=help_for("invoke"))
    invoke.add_argument("operation", metavar="OP")
    invoke.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter; values are text, converted by the operation's schema (repeat the "
        "same NAME for a list parameter)",
    )
    invoke.add_argument(
        "--params", metavar="JSON|@FILE|@-", help="parameters as a JSON object (@- reads stdin)"
    )
    invoke.add_argument("--config", metavar="FILE", help="a flow file whose configs: to use")
    invoke.add_argument("--config-ref", metavar="NAME", help="which config of --config to use")
    add_target_options(invoke)
    invoke.add_argument(
        "--dry-run", action="store_true", help="print the HTTP request instead of sending it"
    )
    invoke.add_argument("--output", metavar="FILE", help="write the result (media bytes) here")
    invoke.add_argument(
        "--idempotency-key",
        metavar="KEY",
        help="send at most once under KEY: a key already done prints its recorded result and "
        "sends nothing; one whose earlier attempt may have reached Twilio is not sent again",
    )
    invoke.add_argument(
        "--ledger",
        metavar="FILE|URL",
        help="the SQLite file of idempotency keys, or a Redis URL (redis://HOST:PORT/DB) shared "
        "by many machines (default: $XDG_STATE_HOME/twilio-connector/ledger.sqlite3)",
    )
    invoke.add_argument(
        "--on-outcome-unknown",
        choices=("report", "reconcile"),
        default="report",
        help="when an earlier attempt under the key may have reached Twilio: report it "
        "(default), or look for it at Twilio first",
    )
    invoke.set_defaults(handler=invoke_operation)


def invoke_operation(args: argparse.Namespace) -> int:
    """``invoke OP``: validate, send (or print, with --dry-run) and print the result."""
    op = _operation(args.operation)
    params = _params(args, op)
    # Validate, and check the output, before any config or network is touched.
    values = op.prepare(params, DRY_RUN_ACCOUNT["accountSid"])
    audio = op.sends_request and op.build_request(values).path.endswith((".mp3", ".wav"))
    if audio and not (args.output or args.dry_run):
        raise UsageError(f"{op.name} returns audio: give --output FILE to write it")
    requests: list[dict[str, Any]] = []
    with _config(args) as config:
        sink = requests.append if args.dry_run else None
        with Connector(config, catalog=catalog, dry_run=sink, ledger=args.ledger) as twilio:
            result = twilio.execute(
                op.name,
                params,
                idempotency_key=args.idempotency_key,
                on_outcome_unknown=args.on_outcome_unknown,
            )
            keyed = args.idempotency_key is not None  # else the ledger is never imported
            if keyed and (twilio.sends.skipped or twilio.sends.reconciled):
                how = "was done before" if twilio.sends.skipped else "was found at Twilio"
                print(
                    f"idempotency key {args.idempotency_key!r} {how}: its recorded result, "
                    "nothing sent",
                    file=sys.stderr,
                )
            if args.dry_run:
                if not op.sends_request:
                    print(
                        f"dry run: {op.name} sends no request; its result is made in a real run",
                        file=sys.stderr,
                    )
                write_json({"dryRun": True, "requests": requests})
                return EXIT_OK
            if args.output:
                _write_output(Path(args.output), result.payload, result.attributes.media_type)
            elif isinstance(result.payload, str):  # a text representation (XML, TXT)
                print(result.payload, end="" if result.payload.endswith("\n") else "\n")
            else:
                write_json(result.payload)
    return EXIT_OK


def _operation(name: str) -> Operation:
    try:
        return catalog.get(name)
    except KeyError:
        raise UnknownOperationError(name, catalog.names()) from None


def _params(args: argparse.Namespace, op: Operation) -> dict[str, Any]:
    """--params, then each -p: the same NAME repeated makes a list, where the operation's
    schema says the parameter is one."""
    params: dict[str, Any] = {}
    if args.params:
        given = read_json_arg(args.params, "--params")
        if not isinstance(given, dict):
            raise UsageError("--params must be a JSON object")
        params.update(given)
    values: dict[str, list[str]] = {}
    for name, value in parse_pairs(args.param, "-p"):
        values.setdefault(name, []).append(value)
    properties = op.input_schema["properties"]
    for name, given_values in values.items():
        if properties.get(name, {}).get("type") == "array":
            params[name] = given_values
        elif len(given_values) > 1 and name in properties:
            raise UsageError(
                f"-p {name} is given {len(given_values)} times, but {op.name}'s {name} "
                "takes one value"
            )
        else:
            params[name] = given_values[-1]  # an unknown name: the schema says which it is
    return params


@contextlib.contextmanager
def _config(args: argparse.Namespace) -> Iterator[Config]:
    raw: dict[str, Any] | None = None
    name = args.config_ref
    if args.config:
        configs = read_yaml_configs(args.config)
        if name is None:
            if len(configs) != 1:
                raise UsageError(
                    f"{args.config} has {len(configs)} configs: choose one with --config-ref"
                )
            name = next(iter(configs))
        if name not in configs:
            message = f"no config named {name!r} in {args.config}"
            raise FlowConfigError(with_hint(message, suggest(name, configs)))
        raw = configs[name]
    elif name:
        raise UsageError("--config-ref needs --config FILE")
    name = name or "default"
    if args.emulator:
        with emulated_configs({name: raw}) as emulated:
            yield emulated[name]
        return

    def load(_: str) -> Config:
        return Config.from_env() if raw is None else Config.load(raw)

    config = dry_run_configs({name: raw}, load)[name] if args.dry_run else load(name)
    yield pointed_at(config, args.base_url)


def _write_output(path: Path, payload: Any, media_type: str) -> None:
    if isinstance(payload, bytes):
        data = payload
    elif isinstance(payload, str):
        data = payload.encode("utf-8")
    else:
        buffer = json.dumps(payload, indent=2, ensure_ascii=False, default=list)
        data = (buffer + "\n").encode("utf-8")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ConnectorError(f"cannot write {path}: {exc.strerror}") from None
    write_json({"output": str(path), "bytes": len(data), "mediaType": media_type})
    print(f"wrote {len(data)} bytes to {path}", file=sys.stderr)
