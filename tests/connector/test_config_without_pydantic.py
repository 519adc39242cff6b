"""A config is checked without pydantic when it is plainly good, by the same rules as the
pydantic models (connector/_config_model.py), which still judge anything else: every config
below comes out of both the same (the same values, or the same problems), and loading a good
one imports no pydantic."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from connector import Config, ConfigError
from connector import config as plain
from tests.support.paths import REPO_ROOT
from tests.support.samples import ACCOUNT_SID as SID

KEY = "SK" + "5" * 32

CONFIGS: list[dict[str, Any]] = [
    {"accountSid": SID, "authToken": "t"},
    {"accountSid": SID, "authToken": ""},
    {"accountSid": SID, "apiKey": KEY, "apiSecret": "s"},
    {"accountSid": SID, "authToken": "t", "apiKey": KEY, "apiSecret": "s"},
    {"accountSid": SID, "authToken": "t", "baseUrl": "http://127.0.0.1:8080/"},
    {"accountSid": SID, "authToken": "t", "baseUrl": "http://[::1]:9"},
    {"accountSid": SID, "authToken": "t", "baseUrl": "http://localhost"},
    {"accountSid": SID, "authToken": "t", "baseUrl": "http://10.0.0.1"},
    {"accountSid": SID, "authToken": "t", "baseUrl": "https://proxy.example.com"},
    {"accountSid": SID, "authToken": "t", "baseUrl": "https://x.example.com/path"},
    {"accountSid": SID, "authToken": "t", "baseUrl": None},
    {"accountSid": SID, "authToken": "t", "region": "ie1", "edge": "dublin"},
    {"accountSid": SID, "authToken": "t", "region": "IE1"},
    {"accountSid": SID, "authToken": "t", "region": ""},
    {"accountSid": SID, "authToken": "t", "region": None, "caBundle": "certs/ca.pem"},
    {"accountSid": SID, "authToken": "t", "domains": {"messaging": "https://m.example.com"}},
    {"accountSid": SID, "authToken": "t", "domains": {"messaging": None}},
    {"accountSid": SID, "authToken": "t", "domains": {"messagin": "https://m.example.com"}},
    {"accountSid": SID, "authToken": "t", "domains": {"api": "http://example.com"}},
    {"accountSid": SID, "authToken": "t", "domains": None},
    {"accountSid": SID, "authToken": "t", "connectTimeout": 5, "readTimeout": 7.5},
    {"accountSid": SID, "authToken": "t", "connectTimeout": 300, "readTimeout": 600},
    {"accountSid": SID, "authToken": "t", "connectTimeout": 0},
    {"accountSid": SID, "authToken": "t", "connectTimeout": 300.5},
    {"accountSid": SID, "authToken": "t", "connectTimeout": float("nan")},
    {"accountSid": SID, "authToken": "t", "connectTimeout": float("inf")},
    {"accountSid": SID, "authToken": "t", "connectTimeout": True},
    {"accountSid": SID, "authToken": "t", "connectTimeout": "5"},
    {"accountSid": SID, "authToken": "t", "connectTimeout": None},
    {"accountSid": SID, "authToken": "t", "retry": {"maxAttempts": 1, "maxRetryAfter": 0}},
    {"accountSid": SID, "authToken": "t", "retry": {"maxAttempts": 10, "initialDelay": 60}},
    {"accountSid": SID, "authToken": "t", "retry": {"maxAttempts": 11}},
    {"accountSid": SID, "authToken": "t", "retry": {"maxAttempts": 2.0}},
    {"accountSid": SID, "authToken": "t", "retry": {"maxAttempts": 2.5}},
    {"accountSid": SID, "authToken": "t", "retry": {"maxDelay": -1}},
    {"accountSid": SID, "authToken": "t", "retry": {"maxRetryAftr": 5}},
    {"accountSid": SID, "authToken": "t", "retry": None},
    {"accountSid": SID, "authToken": " t "},
    {"accountSid": f" {SID}\n", "authToken": "t"},
    {"accountSid": SID + "\n", "authToken": "t"},
    {"accountSid": SID.lower().replace("ac", "AC", 1), "authToken": "t"},
    {"accountSid": "AC123", "authToken": "t"},
    {"accountSid": None, "authToken": "t"},
    {"authToken": "t"},
    {"accountSid": SID},
    {"accountSid": SID, "apiKey": KEY},
    {"accountSid": SID, "apiSecret": "s"},
    {"accountSid": SID, "apiKey": "SK123", "apiSecret": "s"},
    {"accountSid": SID, "authToken": 5},
    {"accountSid": SID, "authToken": "t", "account_sid": SID},
    {"account_sid": SID, "auth_token": "t", "connect_timeout": 3},
    {"accountSid": SID, "authToken": "t", "bogus": 1},
]


def by_models(data: dict[str, Any]) -> Any:
    """What the pydantic models make of ``data``: the fields, or the problems."""
    try:
        return plain._by_models(data)
    except ConfigError as exc:
        return [(p.path, p.message, p.hint) for p in exc.problems]


def by_config(data: dict[str, Any]) -> Any:
    """What :class:`Config` makes of ``data``: the fields, or the problems."""
    try:
        config = Config.load(data, environ={})
    except ConfigError as exc:
        return [(p.path, p.message, p.hint) for p in exc.problems]
    return {name: getattr(config, name) for name in Config._fields}


@pytest.mark.parametrize("data", CONFIGS, ids=[str(i) for i in range(len(CONFIGS))])
def test_the_plain_check_and_the_models_agree(data: dict[str, Any]) -> None:
    assert by_config(data) == by_models(data)


def test_plainly_good_configs_are_checked_without_the_models() -> None:
    good = [data for data in CONFIGS if plain._plainly_good(data) is not None]
    assert len(good) >= 12
    assert all(isinstance(by_models(data), dict) for data in good)


def test_the_models_still_give_the_schema_dumps_and_fields() -> None:
    config = Config.load({"accountSid": SID, "authToken": "secret-value", "region": "ie1"})
    assert Config.model_json_schema(by_alias=True)["title"] == "Config"
    assert "accountSid" in {info.alias for info in Config.model_fields.values()}
    dumped = config.model_dump(by_alias=True, exclude_none=True)
    assert dumped["region"] == "ie1"
    assert "secret-value" not in repr(dumped) + config.model_dump_json() + repr(config)
    assert config == Config.load({"accountSid": SID, "authToken": "secret-value", "region": "ie1"})
    assert config.with_base_url("http://127.0.0.1:1").origin("messaging") == "http://127.0.0.1:1"


def test_a_good_config_imports_no_pydantic() -> None:
    script = (
        "import sys\n"
        "from connector import Config, Connector\n"
        f"config = Config.load({{'accountSid': '{SID}', 'authToken': 't'}})\n"
        "Connector(config.with_base_url('http://127.0.0.1:9'))\n"
        "print(sorted(m for m in sys.modules if m.startswith('pydantic')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_plain_checks_bounds_patterns_and_defaults_are_the_models() -> None:
    """The plain check restates the models' numbers and patterns for speed: each one is held
    to the models' JSON Schema here, so the two cannot drift apart."""
    from connector._config_model import Config as Model  # noqa: PLC0415 - pydantic, on purpose

    schema = Model.model_json_schema(by_alias=True)
    retry = schema["$defs"]["RetrySettings"]["properties"]

    def bounds(field: dict[str, Any]) -> tuple[float, bool, float]:
        if "exclusiveMinimum" in field:
            return field["exclusiveMinimum"], False, field["maximum"]
        return field["minimum"], True, field["maximum"]

    for key, (_, low, inclusive, high) in plain._NUMBERS.items():
        assert bounds(schema["properties"][key]) == (low, inclusive, high), key
    for key, (_, low, inclusive, high) in plain._RETRY.items():
        assert bounds(retry[key]) == (low, inclusive, high), key
    named = (("accountSid", plain._SID), ("apiKey", plain._KEY))
    for key, compiled in (*named, ("region", plain._NAME), ("edge", plain._NAME)):
        field = schema["properties"][key]
        pattern = field.get("pattern") or next(
            p["pattern"] for p in field["anyOf"] if "pattern" in p
        )
        assert pattern == f"^{compiled.pattern}$", key
    fields = plain._plainly_good({"accountSid": SID, "authToken": "t"})
    assert fields is not None
    for key, name in (("connectTimeout", "connect_timeout"), ("readTimeout", "read_timeout")):
        assert fields[name] == schema["properties"][key]["default"]
    for key, (name, *_) in plain._RETRY.items():
        assert getattr(fields["retry"], name) == retry[key]["default"]
    assert set(plain._TEXT) | set(plain._NUMBERS) | {"retry", "domains"} == set(
        schema["properties"]
    )
