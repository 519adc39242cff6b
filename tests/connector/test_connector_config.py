"""Named configs (README: Configs): placeholders, strict keys, endpoints, credentials."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from connector import Config, ConfigError, Connector, resolve_placeholders
from connector.errors import with_hint
from tests.support.samples import ACCOUNT_SID as SID

KEY = "SK" + "5" * 32


def problems(error: ConfigError) -> dict[str, str]:
    return {p.path: with_hint(p.message, p.hint) for p in error.problems}


def load_error(data: dict[str, Any], environ: dict[str, str] | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        Config.load(data, environ or {})
    assert caught.value.type == "TWILIO:CONFIG"  # the connector's; flows raise FLOW:CONFIG
    return caught.value


# -- placeholders -------------------------------------------------------------------------------


def test_env_placeholders_are_resolved() -> None:
    env = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": "s3cret", "PORT": "8765"}
    config = Config.load(
        {
            "accountSid": "${env:TWILIO_ACCOUNT_SID}",
            "authToken": "${env:TWILIO_AUTH_TOKEN}",
            "baseUrl": "http://127.0.0.1:${env:PORT}",
        },
        env,
    )
    assert config.account_sid == SID
    assert config.password() == "s3cret"
    assert config.url == "http://127.0.0.1:8765"


def test_env_placeholder_defaults() -> None:
    data = {
        "accountSid": SID,
        "authToken": "${env:TOKEN:-fallback}",
        "readTimeout": "${env:READ_TIMEOUT:-12}",
    }
    assert Config.load(data, {}).password() == "fallback"
    assert Config.load(data, {}).read_timeout == 12
    assert Config.load(data, {"TOKEN": "given"}).password() == "given"
    assert Config.load(data, {"READ_TIMEOUT": "3"}).read_timeout == 3


def test_os_environ_is_the_default_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_TWILIO_TOKEN", "from-the-environment")
    config = Config.load({"accountSid": SID, "authToken": "${env:MY_TWILIO_TOKEN}"})
    assert config.password() == "from-the-environment"


def test_missing_variable_is_named_and_no_value_shown() -> None:
    error = load_error(
        {"accountSid": SID, "authToken": "${env:NOT_SET_ANYWHERE}"}, {"OTHER": "visible-value"}
    )
    assert "NOT_SET_ANYWHERE" in str(error)
    assert "visible-value" not in str(error)


def test_resolve_placeholders_walks_nested_data() -> None:
    data = {"a": ["${env:X}", {"b": "x=${env:X}, y=${env:Y:-why}"}], "n": 3}
    assert resolve_placeholders(data, {"X": "1"}) == {"a": ["1", {"b": "x=1, y=why"}], "n": 3}


# -- strict keys and values ------------------------------------------------------------------


def test_unknown_key_gets_a_did_you_mean() -> None:
    error = load_error({"acountSid": SID, "authToken": "t", "accountSid": SID})
    assert problems(error) == {"acountSid": "unknown key (did you mean 'accountSid'?)"}


def test_unknown_nested_retry_key() -> None:
    error = load_error({"accountSid": SID, "authToken": "t", "retry": {"maxAttempt": 2}})
    assert problems(error) == {"retry.maxAttempt": "unknown key (did you mean 'maxAttempts'?)"}


@pytest.mark.parametrize("key", ["retryAfter", "maxRetryAfer"])
def test_a_misspelt_max_retry_after_gets_a_did_you_mean(key: str) -> None:
    error = load_error({"accountSid": SID, "authToken": "t", "retry": {key: 30}})
    assert problems(error) == {f"retry.{key}": "unknown key (did you mean 'maxRetryAfter'?)"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "Input should be greater than or equal to 0"),
        (3601, "Input should be less than or equal to 3600"),
        ("soon", "Input should be a valid number, unable to parse string as a number"),
    ],
)
def test_max_retry_after_is_checked_like_the_other_retry_settings(
    value: object, message: str
) -> None:
    error = load_error(
        {"accountSid": SID, "authToken": "s3cret", "retry": {"maxRetryAfter": value}}
    )
    assert problems(error) == {"retry.maxRetryAfter": message}
    assert "s3cret" not in str(error)


def test_every_problem_is_reported_with_its_path() -> None:
    error = load_error(
        {
            "accountSid": "AC123",
            "authToken": "t",
            "connectTimeout": "soon",
            "readTimeout": -1,
            "retry": {"maxAttempts": 0},
            "region": "EU West",
        }
    )
    assert set(problems(error)) == {
        "accountSid",
        "connectTimeout",
        "readTimeout",
        "retry.maxAttempts",
        "region",
    }


def test_account_sid_is_required() -> None:
    assert problems(load_error({"authToken": "t"})) == {"accountSid": "is required"}


def test_text_values_from_yaml_are_converted() -> None:
    config = Config.load(
        {
            "accountSid": SID,
            "authToken": "t",
            "connectTimeout": "5",
            "readTimeout": "7.5",
            "retry": {
                "maxAttempts": "2",
                "initialDelay": "0.1",
                "maxDelay": "1",
                "maxRetryAfter": "90",
            },
        }
    )
    assert (config.connect_timeout, config.read_timeout) == (5.0, 7.5)
    retry = config.retry
    assert (retry.max_attempts, retry.initial_delay, retry.max_delay) == (2, 0.1, 1)
    assert retry.max_retry_after == 90


def test_defaults() -> None:
    config = Config.load({"accountSid": SID, "authToken": "t"})
    assert config.url == "https://api.twilio.com"
    assert (config.connect_timeout, config.read_timeout) == (10, 30)
    retry = config.retry
    assert (retry.max_attempts, retry.initial_delay, retry.max_delay) == (4, 0.5, 8)
    assert retry.max_retry_after == 60  # as stripe-python caps Retry-After
    assert "max_retry_after=60.0" in repr(config)


# -- endpoints ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8765",
        "http://localhost:8765",
        "http://[::1]:8765",
        "http://127.0.0.2",
        "https://api.twilio.com",
        "https://twilio.example.com:8443/",
    ],
)
def test_allowed_base_urls(base_url: str) -> None:
    config = Config.load({"accountSid": SID, "authToken": "t", "baseUrl": base_url})
    assert config.url == base_url.rstrip("/")


@pytest.mark.parametrize(
    ("base_url", "fragment"),
    [
        ("http://api.twilio.com", "https"),
        ("http://10.0.0.5:8765", "https"),
        ("http://localhost.evil.com", "https"),
        ("ftp://api.twilio.com", "absolute URL"),
        ("api.twilio.com", "absolute URL"),
        ("https://api.twilio.com/2010-04-01", "no path"),
        ("https://api.twilio.com?x=1", "no path"),
    ],
)
def test_refused_base_urls(base_url: str, fragment: str) -> None:
    error = load_error({"accountSid": SID, "authToken": "t", "baseUrl": base_url})
    assert list(problems(error)) == ["baseUrl"]
    assert fragment in problems(error)["baseUrl"]


@pytest.mark.parametrize(
    ("region", "edge", "url"),
    [
        ("ie1", "dublin", "https://api.dublin.ie1.twilio.com"),
        ("au1", None, "https://api.au1.twilio.com"),
        (None, "sydney", "https://api.sydney.us1.twilio.com"),
        (None, None, "https://api.twilio.com"),
    ],
)
def test_region_and_edge_pick_the_host(region: str | None, edge: str | None, url: str) -> None:
    data = {"accountSid": SID, "authToken": "t", "region": region, "edge": edge}
    config = Config.load({key: value for key, value in data.items() if value})
    assert config.url == url
    sent: list[dict[str, Any]] = []
    with Connector(config, dry_run=sent.append) as twilio:
        twilio.invoke("get-account-details")
    assert sent[0]["url"] == f"{url}/2010-04-01/Accounts/{SID}.json"


def test_base_url_wins_over_region_and_edge() -> None:
    config = Config.load(
        {
            "accountSid": SID,
            "authToken": "t",
            "baseUrl": "http://127.0.0.1:9",
            "region": "ie1",
            "edge": "dublin",
        }
    )
    assert config.url == "http://127.0.0.1:9"


# -- credentials ------------------------------------------------------------------------------


def test_api_key_and_secret_authenticate(server: Any) -> None:
    server.answer(body={"sid": SID})
    config = {"accountSid": SID, "apiKey": KEY, "apiSecret": "key-secret", "baseUrl": server.url}
    with Connector(config) as twilio:
        twilio.invoke("get-account-details")
    got = server.requests[0]
    expected = base64.b64encode(f"{KEY}:key-secret".encode()).decode()
    assert got.header("Authorization") == f"Basic {expected}"
    assert got.path == f"/2010-04-01/Accounts/{SID}.json"  # the account, not the key


def test_auth_token_authenticates(server: Any) -> None:
    server.answer(body={"sid": SID})
    with Connector({"accountSid": SID, "authToken": "tok", "baseUrl": server.url}) as twilio:
        twilio.invoke("get-account-details")
    expected = base64.b64encode(f"{SID}:tok".encode()).decode()
    assert server.requests[0].header("Authorization") == f"Basic {expected}"


@pytest.mark.parametrize(
    ("credentials", "fragment"),
    [
        ({}, "credentials missing"),
        ({"apiKey": KEY}, "go together"),
        ({"apiSecret": "s"}, "go together"),
    ],
)
def test_credentials_must_be_complete(credentials: dict[str, str], fragment: str) -> None:
    error = load_error({"accountSid": SID, **credentials})
    assert fragment in str(error)


def test_an_api_key_authenticates_beside_an_auth_token_that_only_signs() -> None:
    config = Config.load({"accountSid": SID, "authToken": "t", "apiKey": KEY, "apiSecret": "s"})
    assert (config.username, config.password()) == (KEY, "s")
    assert config.signing_key() == "t"
    assert "'t'" not in repr(config)


def test_api_key_must_look_like_one() -> None:
    error = load_error({"accountSid": SID, "apiKey": "AC" + "5" * 32, "apiSecret": "s"})
    assert list(problems(error)) == ["apiKey"]


# -- from the environment, as twilio-python does --------------------------------------------------


def test_connector_from_env(no_twilio_env: pytest.MonkeyPatch) -> None:
    no_twilio_env.setenv("TWILIO_ACCOUNT_SID", SID)
    no_twilio_env.setenv("TWILIO_AUTH_TOKEN", "env-token")
    no_twilio_env.setenv("TWILIO_REGION", "ie1")
    no_twilio_env.setenv("TWILIO_EDGE", "dublin")
    with Connector.from_env() as twilio:
        assert twilio.config.account_sid == SID
        assert twilio.config.password() == "env-token"
        assert twilio.config.url == "https://api.dublin.ie1.twilio.com"


def test_from_env_prefers_an_api_key(no_twilio_env: pytest.MonkeyPatch) -> None:
    no_twilio_env.setenv("TWILIO_ACCOUNT_SID", SID)
    no_twilio_env.setenv("TWILIO_AUTH_TOKEN", "env-token")
    no_twilio_env.setenv("TWILIO_API_KEY", KEY)
    no_twilio_env.setenv("TWILIO_API_SECRET", "env-secret")
    config = Config.from_env()
    assert (config.username, config.password()) == (KEY, "env-secret")


def test_from_env_without_an_account(no_twilio_env: pytest.MonkeyPatch) -> None:
    no_twilio_env.setenv("TWILIO_AUTH_TOKEN", "env-token")
    with pytest.raises(ConfigError) as caught:
        Connector.from_env()
    assert "TWILIO_ACCOUNT_SID" in str(caught.value)


def test_with_base_url_points_a_config_elsewhere() -> None:
    config = Config.load({"accountSid": SID, "authToken": "t", "region": "ie1"})
    moved = config.with_base_url("http://127.0.0.1:8765/")
    assert moved.url == "http://127.0.0.1:8765"
    assert config.url == "https://api.ie1.twilio.com"


def test_with_base_url_checks_the_url_as_any_base_url_is_checked() -> None:
    config = Config.load({"accountSid": SID, "authToken": "t"})
    with pytest.raises(ConfigError) as caught:
        config.with_base_url("http://example.com")
    assert [p.path for p in caught.value.problems] == ["baseUrl"]
    assert "https://" in caught.value.problems[0].message
    assert config.with_base_url("https://proxy.example.com").password() == "t"
