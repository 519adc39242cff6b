"""What the commands that send share: error reports and their exit codes, configs, the
emulator; and, from flows.cli.output, JSON output and the exit codes themselves."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from connector import (
    STAND_IN_ACCOUNT_SID,
    Config,
    ConfigError,
    ConnectorError,
    UnknownOperationError,
    ValidationError,
    resolve_placeholders,
)
from connector.config import ENV_VARIABLES
from flows.cli.output import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, write_json
from flows.errors import FlowConfigError
from flows.limits import decode
from flows.loader import LoadedYaml, load_yaml

__all__ = [
    "DRY_RUN_ACCOUNT",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "add_target_options",
    "dry_run_configs",
    "emulated_configs",
    "exit_code_for",
    "parse_pairs",
    "pointed_at",
    "read_json_arg",
    "read_yaml_configs",
    "report_error",
    "write_json",
]


#: Stand-in credentials for dry runs, which send nothing and so need no real ones.
DRY_RUN_ACCOUNT = {"accountSid": STAND_IN_ACCOUNT_SID, "authToken": "dry-run"}
_CREDENTIAL_KEYS = ("accountSid", "authToken", "apiKey", "apiSecret")


class UsageError(ConnectorError):
    """The command line itself is wrong (nothing was sent)."""

    error_type = "CLI:USAGE"


def add_target_options(parser: argparse.ArgumentParser) -> None:
    """``--emulator`` or ``--base-url URL``: where every config of ``run`` and ``invoke`` sends."""
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--emulator",
        action="store_true",
        help="run against a fresh in-process emulator (every config pointed at it)",
    )
    target.add_argument(
        "--base-url",
        metavar="URL",
        help="point every config at this URL: a running emulator or a proxy (https://, or "
        "http:// on a loopback host)",
    )


def pointed_at(config: Config, base_url: str | None) -> Config:
    """The config pointed at ``--base-url`` when it is given; a URL the config refuses is a
    usage error."""
    if base_url is None:
        return config
    try:
        return config.with_base_url(base_url)
    except ConfigError as exc:
        reasons = "; ".join(problem.message for problem in exc.problems) or exc.message
        raise UsageError(f"--base-url {base_url}: {reasons}") from None


def exit_code_for(error: ConnectorError) -> int:
    """2 for errors raised before anything was sent (input, config, names); else 1."""
    if isinstance(error, ValidationError | ConfigError | UnknownOperationError | UsageError):
        return EXIT_USAGE
    return EXIT_ERROR


def report_error(
    error: ConnectorError, where: str | None = None, stream: IO[str] | None = None
) -> None:
    """One clear report on stderr: type, message, Twilio code, HTTP status, request id, place."""
    out = stream or sys.stderr
    details = []
    if error.status is not None:
        details.append(f"HTTP {error.status}")
    if error.request_id:
        details.append(f"request {error.request_id}")
    if error.more_info:
        details.append(error.more_info)
    problems = getattr(error, "problems", ())
    # The message lists the problems on one line; here each gets a line of its own instead.
    listed = "; ".join(str(problem) for problem in problems)
    line = "error: " + (str(error).replace(f": {listed}", ":", 1) if problems else str(error))
    if details:
        line += f" [{', '.join(details)}]"
    if where:
        line += f"\n  at {where}"
    print(line, file=out)
    for problem in problems:
        print(f"  - {problem}", file=out)


def parse_pairs(pairs: list[str], option: str) -> list[tuple[str, str]]:
    """``NAME=VALUE`` arguments (``-p``, ``--var``) as pairs, in order; values stay text."""
    parsed = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{option} takes NAME=VALUE, got {pair!r}")
        parsed.append((name.strip(), value))
    return parsed


def dry_run_configs(
    raws: Mapping[str, Mapping[str, Any] | None], load: Callable[[str], Config]
) -> dict[str, Config]:
    """The configs of a dry run, by name: each resolved and checked by ``load`` as a real run
    would, except those that give no credentials at all (``None`` stands for the TWILIO_*
    variables): a dry run sends nothing, so those get stand-in credentials, and stderr says so
    in one line."""
    configs: dict[str, Config] = {}
    stand_ins = []
    for name, raw in raws.items():
        if raw is None:
            given = any(os.environ.get(ENV_VARIABLES[key]) for key in _CREDENTIAL_KEYS)
            rest = {
                key: os.environ[var] for key, var in ENV_VARIABLES.items() if os.environ.get(var)
            }
        else:
            given = any(_is_given(raw.get(key)) for key in _CREDENTIAL_KEYS)
            rest = dict(raw)
        if given:
            configs[name] = load(name)
            continue
        kept = {key: value for key, value in rest.items() if key not in _CREDENTIAL_KEYS}
        try:
            configs[name] = Config.load(kept | DRY_RUN_ACCOUNT)
        except ConfigError as exc:
            raise ConfigError(f"config '{name}': {exc.message}") from None
        stand_ins.append("the TWILIO_* variables" if raw is None else f"config '{name}'")
    if stand_ins:
        print(
            f"dry run: no credentials in {', '.join(stand_ins)}, so stand-in ones are used",
            file=sys.stderr,
        )
    return configs


def _is_given(value: Any) -> bool:
    """Whether a config value holds something: a literal, or placeholders that all resolve."""
    try:
        return resolve_placeholders(value) not in (None, "")
    except ConfigError:
        return False


def read_json_arg(value: str, what: str) -> Any:
    """A JSON argument given inline, as ``@file``, or as ``@-`` (read from stdin)."""
    text = value
    if value == "@-":
        text = sys.stdin.read()
    elif value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read {what} file {value[1:]}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise UsageError(f"{what} file {value[1:]} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except ValueError:  # the only other: an integer longer than Python converts
        limit = sys.get_int_max_str_digits()
        raise UsageError(f"{what} has an integer of more than {limit:,} digits") from None
    except RecursionError:
        raise UsageError(f"{what} is nested too deeply") from None


def read_yaml_configs(path: str) -> dict[str, Any]:
    """The ``configs:`` section of a flow file (raw: placeholders are resolved later)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FlowConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    # The flow loader: strict (duplicate keys, tags, aliases), every scalar the text written.
    text, undecodable = decode(data, path)
    loaded = load_yaml(text, path) if not undecodable else LoadedYaml(None, undecodable)
    if loaded.problems:
        problems = [found.problem() for found in loaded.problems]
        raise FlowConfigError(f"cannot read the configs of {path}", problems)
    data = loaded.data
    configs = data.get("configs") if isinstance(data, dict) else None
    if not isinstance(configs, dict):
        raise FlowConfigError(f"{path} has no 'configs:' section")
    return configs


def _emulator_config(raw: Mapping[str, Any] | None, emulator: Any) -> Config:
    """A config pointed at the emulator, its credentials seeded there (or generated)."""
    data: dict[str, Any] = {}
    for key, value in (raw or {}).items():
        try:
            data[key] = resolve_placeholders(value)
        except ConfigError:
            if key not in _CREDENTIAL_KEYS:
                raise
    for key in ("baseUrl", "region", "edge"):
        data.pop(key, None)
    key, secret = data.pop("apiKey", None), data.pop("apiSecret", None)
    if data.get("accountSid") and data.get("authToken"):
        emulator.create_account(sid=data["accountSid"], auth_token=data["authToken"])
    elif key and secret:  # the config's own API key, made known to its emulated account
        sid = emulator.create_account(sid=data.get("accountSid") or None).sid
        emulator.seed({"api_keys": [{"sid": key, "secret": secret, "account_sid": sid}]})
        data.update(accountSid=sid, apiKey=key, apiSecret=secret)
    else:
        account = emulator.create_account()
        data["accountSid"], data["authToken"] = account.sid, account.auth_token
    data["baseUrl"] = emulator.url
    return Config.load(data)


@contextlib.contextmanager
def emulated_configs(
    raw_configs: Mapping[str, Any] | None, *, answer_calls: bool = False
) -> Iterator[dict[str, Config]]:
    """Start an in-process emulator (`answer_calls`: see ``Emulator``) and yield every config
    pointed at it.

    Each config's account is created there with its own credentials (placeholders that
    cannot be resolved are replaced by a generated test account). With no configs at all,
    one named ``default`` gets a generated account.
    """
    from emulator import Emulator  # noqa: PLC0415 - imported only when asked for

    with Emulator(answer_calls=answer_calls) as emulator:
        configs = raw_configs or {"default": None}
        yield {name: _emulator_config(raw, emulator) for name, raw in configs.items()}
