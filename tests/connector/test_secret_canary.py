"""A canary secret goes through representative calls, failures, dry runs and DEBUG logging, and
then appears nowhere: no log record, repr, exception text, traceback or CLI output (nor in an
access token signed with it).
"""

from __future__ import annotations

import base64
import json
import logging
import traceback
from pathlib import Path
from typing import Any

import pytest

from connector import Config, ConfigError, Connector, ConnectorError, HttpClient, ValidationError
from flows.cli import main as cli_main
from tests.support.samples import ACCOUNT_SID as SID

KEY = "SK" + "7" * 32
CANARY = "canary-token-5f0c2a9e1b7d"
CANARY_SECRET = "canary-secret-93e1d4b8a6c2-0f4e7a"  # 32 bytes or more, as HS256 wants
FROM, TO = "+15005550006", "+14155550100"


def forbidden_texts() -> list[str]:
    return [
        CANARY,
        CANARY_SECRET,
        base64.b64encode(f"{SID}:{CANARY}".encode()).decode(),
        base64.b64encode(f"{KEY}:{CANARY_SECRET}".encode()).decode(),
    ]


def assert_clean(texts: list[str]) -> None:
    for text in texts:
        for secret in forbidden_texts():
            assert secret not in text, f"a secret leaked into: {text[:300]!r}"


def describe_error(error: BaseException) -> list[str]:
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    if isinstance(error, ConnectorError):
        texts.append(json.dumps(error.to_dict()))
    return texts


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "urllib3.connectionpool", "requests", "connector", "operations"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def log_texts(caplog: pytest.LogCaptureFixture) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts = [formatter.format(record) for record in caplog.records]
    texts += [repr(record.args) for record in caplog.records]
    return texts


def test_the_canary_never_leaks(
    debug_logs: pytest.LogCaptureFixture, server: Any, refused_port: int, tmp_path: Path
) -> None:
    texts: list[str] = []
    errors: list[BaseException] = []

    def attempt(action: Any) -> Any:
        try:
            return action()
        except (ConnectorError, ValueError) as error:
            errors.append(error)
            return None

    token_config = {
        "accountSid": SID,
        "authToken": CANARY,
        "baseUrl": server.url,
        "readTimeout": 1.0,
        "retry": {"maxAttempts": 2, "initialDelay": 0.01, "maxDelay": 0.1},
    }
    key_config = {**token_config, "authToken": None, "apiKey": KEY, "apiSecret": CANARY_SECRET}
    del key_config["authToken"]

    server.script(
        {"status": 201, "body": {"sid": "SM" + "1" * 32}, "headers": {"Twilio-Request-Id": "RQ1"}},
        {"status": 401, "body": {"code": 20003, "message": "Authenticate", "status": 401}},
        {"status": 500, "body": {"code": 20500, "message": "Internal Server Error"}},
        {"status": 500, "body": {"code": 20500, "message": "Internal Server Error"}},
        {"status": 404, "body": {"code": 20404, "message": "The requested resource was not found"}},
        {"delay": 5.0},
        {"status": 200, "body": {"calls": [{"sid": "CA1"}], "next_page_uri": "https://evil.example.com/x"}},
        {"status": 200, "body": {"sid": SID}},
    )  # fmt: skip

    sms = {"from": FROM, "to": TO, "body": "hello"}
    for config in (token_config, key_config):
        twilio = Connector(config)
        texts += [repr(twilio), str(twilio), repr(twilio.http), repr(twilio.config)]
        texts += [str(twilio.config), twilio.config.model_dump_json(), str(twilio.config.__dict__)]
        texts.append(repr(twilio.config.model_dump()))
        if config is token_config:
            result = twilio.execute("send-sms-message", sms)
            texts += [repr(result), json.dumps(result.attributes.to_dict())]
            attempt(lambda t=twilio: t.invoke("get-account-details"))  # 401
            attempt(lambda t=twilio: t.invoke("get-call", {"callSid": "CA" + "2" * 32}))  # 500 x2
            attempt(lambda t=twilio: t.invoke("get-sandbox"))  # 404, retired
            attempt(lambda t=twilio: t.invoke("send-sms-message", sms))  # read timeout
            calls = twilio.invoke("get-calls")
            texts.append(repr(calls))
            attempt(lambda c=calls: list(c))  # refused next page
            attempt(lambda t=twilio: t.invoke("make-call", {"from": FROM, "to": TO}))
            attempt(lambda t=twilio: t.invoke("no-such-operation"))
            attempt(lambda t=twilio: t.invoke("create-access-token", {"identity": "a"}))  # no key
        else:
            twilio.invoke("get-account-details")
            token = twilio.execute("create-access-token", {"identity": "a", "ttl": 60})
            texts += [repr(token), json.dumps(token.payload), repr(token.attributes)]
            attempt(lambda t=twilio: t.invoke("create-access-token", {"identity": "a", "ttl": 0}))
        twilio.close()

    sent: list[dict[str, Any]] = []
    for config in (token_config, key_config):
        with Connector(config, dry_run=sent.append) as dry:
            dry.invoke("send-sms-message", {"from": FROM, "to": TO, "body": "dry"})
            dry.invoke("get-calls", {"status": "completed"})
            if config is key_config:
                dry.invoke("create-access-token", {"identity": "a"})
    texts.append(json.dumps(sent))
    assert sent[0]["auth"] == f"{SID}:<redacted>"
    assert sent[2]["auth"] == f"{KEY}:<redacted>"

    refused = {**token_config, "baseUrl": f"http://127.0.0.1:{refused_port}"}
    attempt(lambda: Connector(refused).invoke("get-account-details"))
    for bad in (
        {**token_config, "baseUrl": "http://api.twilio.com"},
        {**token_config, "authTokn": CANARY},
        {**token_config, "apiKey": KEY},  # without its secret
        {**token_config, "authToken": {"nested": CANARY}},
        {**token_config, "accountSid": CANARY},
        {**token_config, "readTimeout": CANARY},
    ):
        attempt(lambda b=bad: Config.load(b))
    client = HttpClient(Config.load(token_config))
    texts.append(repr(client))
    client.close()

    kinds = {type(error).__name__ for error in errors}
    assert {"UnauthorizedError", "ServerError", "NotFoundError", "RequestTimeoutError"} <= kinds
    assert {"ConnectivityError", "ValidationError", "ConfigError"} <= kinds
    assert sum(isinstance(error, ConfigError) for error in errors) == 7
    assert any(isinstance(error, ValidationError) for error in errors)
    for error in errors:
        texts += describe_error(error)
    texts += log_texts(debug_logs)
    assert any("urllib3" in record.name for record in debug_logs.records), "DEBUG logging was on"

    # The canary was really used: the server saw it (encoded) on the wire.
    auth_headers = {r.header("Authorization") for r in server.requests}
    assert f"Basic {forbidden_texts()[2]}" in auth_headers
    assert f"Basic {forbidden_texts()[3]}" in auth_headers
    assert_clean(texts)


def test_the_cli_never_prints_the_canary(
    debug_logs: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    server: Any,
    tmp_path: Path,
) -> None:
    config_file = tmp_path / "flow.yaml"
    config_file.write_text(
        "configs:\n"
        "  main:\n"
        f"    accountSid: {SID}\n"
        f"    authToken: {CANARY}\n"
        f"    baseUrl: {server.url}\n"
        "    retry: {maxAttempts: 1}\n",
        encoding="utf-8",
    )
    common = ["--config", str(config_file), "--config-ref", "main"]
    server.script({"status": 401, "body": {"code": 20003, "message": "Authenticate"}})
    runs = [
        ["-vv", "invoke", "get-account-details", "--dry-run", *common],
        ["-vv", "invoke", "send-sms-message", "-p", f"from={FROM}", "-p", f"to={TO}",
         "-p", "body=hi", "--dry-run", *common],
        ["-vv", "invoke", "get-account-details", *common],
        ["-vv", "invoke", "make-call", "-p", f"from={FROM}", *common],
    ]  # fmt: skip
    outputs = []
    codes = []
    for argv in runs:
        codes.append(cli_main(argv))
        captured = capsys.readouterr()
        outputs += [captured.out, captured.err]
    assert codes == [0, 0, 1, 2]
    dry_run = json.loads(outputs[0])
    assert dry_run["requests"][0]["auth"] == f"{SID}:<redacted>"
    assert "TWILIO:UNAUTHORIZED" in outputs[5]
    assert_clean(outputs + log_texts(debug_logs))
