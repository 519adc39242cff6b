"""What every command shares: JSON output, error reports and exit codes, configs, the emulator.

stdout carries only results (JSON); logs, progress and errors go to stderr. Exit codes: 0
success, 1 an error at run time, 2 invalid usage or input (nothing was sent).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from connector import (
    Config,
    ConfigError,
    ConnectorError,
    PagedList,
    Problem,
    UnknownOperationError,
    ValidationError,
    resolve_placeholders,
)
from flows.loader import load_yaml

__all__ = [
    "DRY_RUN_ACCOUNT",
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "emulated_configs",
    "exit_code_for",
    "or_stand_in",
    "parse_pairs",
    "read_json_arg",
    "read_yaml_configs",
    "report_error",
    "write_json",
]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

#: Stand-in credentials for dry runs, which send nothing and so need no real ones.
DRY_RUN_ACCOUNT = {"accountSid": "AC" + "0" * 32, "authToken": "dry-run"}
_SECRET_KEYS = ("authToken", "apiSecret")
_CREDENTIAL_KEYS = ("accountSid", "authToken", "apiKey", "apiSecret")


class UsageError(ConnectorError):
    """The command line itself is wrong (nothing was sent)."""

    error_type = "CLI:USAGE"


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
    line = f"error: {error}"
    if details:
        line += f" [{', '.join(details)}]"
    if where:
        line += f"\n  at {where}"
    print(line, file=out)
    for problem in getattr(error, "problems", ()):
        print(f"  - {problem}", file=out)


def _default(value: Any) -> Any:
    if isinstance(value, PagedList):
        return list(value)
    if isinstance(value, bytes):
        raise TypeError("binary media cannot be printed as JSON: use --output FILE")
    raise TypeError(f"cannot print a {type(value).__name__} as JSON")


def write_json(data: Any, stream: IO[str] | None = None) -> None:
    """Print a result as JSON; a lazy list is streamed record by record (one page in memory)."""
    out = stream or sys.stdout
    if isinstance(data, PagedList):
        out.write("[")
        separator = "\n  "
        for record in data:
            out.write(separator + json.dumps(record, ensure_ascii=False, default=_default))
            separator = ",\n  "
        out.write("]\n" if separator == "\n  " else "\n]\n")
    else:
        out.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")
    out.flush()


def parse_pairs(pairs: list[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` arguments (``-p``, ``--var``) as a mapping; values stay text."""
    parsed: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{option} takes NAME=VALUE, got {pair!r}")
        parsed[name.strip()] = value
    return parsed


def or_stand_in(load: Callable[[], Config]) -> Config:
    """For a dry run: the config ``load`` gives, or stand-in credentials when it cannot
    resolve (a dry run sends nothing, so it needs no real ones)."""
    try:
        return load()
    except ConfigError:
        return Config.load(DRY_RUN_ACCOUNT)


def read_json_arg(value: str, what: str) -> Any:
    """A JSON argument given inline or as ``@file``."""
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read {what} file {value[1:]}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{what} file {value[1:]} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except ValueError:  # the only other: an integer longer than Python converts
        limit = sys.get_int_max_str_digits()
        raise ConfigError(f"{what} has an integer of more than {limit:,} digits") from None
    except RecursionError:
        raise ConfigError(f"{what} is nested too deeply") from None


def read_yaml_configs(path: str) -> dict[str, Any]:
    """The ``configs:`` section of a flow file (raw: placeholders are resolved later)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    # The flow loader: strict (duplicate keys, tags, aliases), every scalar the text written.
    loaded = load_yaml(text, path)
    if loaded.problems:
        problems = [Problem(str(where), message) for where, message in loaded.problems]
        raise ConfigError(f"cannot read the configs of {path}", problems)
    data = loaded.data
    configs = data.get("configs") if isinstance(data, dict) else None
    if not isinstance(configs, dict):
        raise ConfigError(f"{path} has no 'configs:' section")
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
    for key in ("baseUrl", "region", "edge", "apiKey", "apiSecret"):
        data.pop(key, None)
    if data.get("accountSid") and data.get("authToken"):
        emulator.create_account(sid=data["accountSid"], auth_token=data["authToken"])
    else:
        account = emulator.create_account()
        data["accountSid"], data["authToken"] = account.sid, account.auth_token
    data["baseUrl"] = emulator.url
    return Config.load(data)


@contextlib.contextmanager
def emulated_configs(raw_configs: Mapping[str, Any] | None) -> Iterator[dict[str, Config]]:
    """Start an in-process emulator and yield every config pointed at it.

    Each config's account is created there with its own credentials (placeholders that
    cannot be resolved are replaced by a generated test account). With no configs at all,
    one named ``default`` gets a generated account.
    """
    from emulator import Emulator  # noqa: PLC0415 - imported only when asked for

    with Emulator() as emulator:
        configs = raw_configs or {"default": None}
        yield {name: _emulator_config(raw, emulator) for name, raw in configs.items()}
