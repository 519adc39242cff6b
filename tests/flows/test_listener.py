"""The webhook listener over real sockets: a flow file's sources served by waitress on
loopback, requests signed by twilio-python's ``RequestValidator`` as Twilio signs them."""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import itertools
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from emulator import Account, Emulator
from flows.errors import FlowConfigError, FlowValidationError
from flows.idempotency import KEEP_FOR, ReplyStore
from flows.listener import create_app
from tests.support.delaying_server import DelayingServer
from tests.support.wsgi import listening, post_signed, signature

TOKEN = "listener-token"
SID = "AC" + "1" * 32
EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response />'

#: A message source whose flow writes its event to the log ('flows') and replies with TwiML.
ECHO = """
  echo:
    source:
      twilio:on-incoming-message: {path: /sms}
    steps:
      - logger: {message: "#[{'payload': payload, 'attributes': attributes}]"}
      - set-payload: {value: "<Response><Message>Thanks #[payload.From]</Message></Response>"}
"""

Listen = Callable[..., str]


def flow_file(flows: str, configs: str = "") -> str:
    """A flow file with the config ``main`` (and ``configs``) and these flows."""
    main = f"  main: {{accountSid: {SID}, authToken: {TOKEN}}}\n"
    return f"configs:\n{main}{configs}flows:{flows}"


@pytest.fixture
def listen(tmp_path: Path) -> Iterator[Listen]:
    """``listen(flows, **options)``: serve a flow file's sources for the test; the base URL.
    Each app has a store in the test's directory unless the test gives one."""
    numbers = itertools.count()
    with contextlib.ExitStack() as stack:

        def start(flows: str, **options: Any) -> str:
            options.setdefault("store", tmp_path / "replies.sqlite3")
            path = tmp_path / f"flow{next(numbers)}.yaml"
            text = flows if flows.startswith("configs") else flow_file(flows)
            return stack.enter_context(listening(path, text, **options))

        yield start


@pytest.fixture
def runs(caplog: pytest.LogCaptureFixture) -> Callable[[], list[dict[str, Any]]]:
    """The events the echo flow logged, one per run."""
    caplog.set_level(logging.INFO, logger="flows")

    def logged() -> list[dict[str, Any]]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "flows"]

    return logged


MESSAGE = {
    "MessageSid": "SM" + "a" * 32,
    "AccountSid": SID,
    "From": "+14155550100",
    "To": "+15005550006",
    "Body": "Ünïcödé & <b>bold</b> + more",
    "NumMedia": "0",
    "SmsStatus": "received",
    "ApiVersion": "2010-04-01",
}


# -- a webhook, its event and its reply ------------------------------------------------------


def test_a_signed_message_runs_its_flow_and_its_twiml_is_the_reply(
    listen: Listen, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    url = listen(ECHO)
    reply = post_signed(f"{url}/sms", MESSAGE, TOKEN)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert reply.text == "<Response><Message>Thanks +14155550100</Message></Response>"
    assert [run["payload"] for run in runs()] == [MESSAGE]


def test_the_attributes_hold_the_request_without_its_secrets(
    listen: Listen, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    url = listen(ECHO)
    headers = {
        "I-Twilio-Idempotency-Token": "idem-1",
        "Authorization": "Basic c2VjcmV0",
        "Cookie": "session=secret",
        "X-Home-Region": "us1",
    }
    target = f"{url}/sms?tag=a&tag=b&empty="
    reply = post_signed(target, MESSAGE, TOKEN, headers=headers)
    assert reply.status_code == 200
    (run,) = runs()
    attributes = run["attributes"]
    assert attributes["method"] == "POST"
    assert attributes["path"] == "/sms"
    assert attributes["query"] == {"tag": ["a", "b"], "empty": ""}
    assert attributes["idempotencyToken"] == "idem-1"
    sent = attributes["headers"]
    assert sent["I-Twilio-Idempotency-Token"] == "idem-1"
    assert sent["X-Home-Region"] == "us1"
    assert sent["Content-Type"] == "application/x-www-form-urlencoded"
    assert not {"Authorization", "Cookie", "X-Twilio-Signature"} & set(sent)
    assert "secret" not in json.dumps(run)


def test_a_repeated_parameter_is_a_list_and_is_signed_as_twilio_signs_it(
    listen: Listen, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    url = listen(ECHO)
    params = [("From", "+14155550100"), ("MediaUrl", "https://x/2"), ("MediaUrl", "https://x/1")]
    multi = {"From": "+14155550100", "MediaUrl": ["https://x/2", "https://x/1"]}
    sent = {"X-Twilio-Signature": signature(f"{url}/sms", _MultiDict(multi), TOKEN)}
    reply = requests.post(f"{url}/sms", data=params, headers=sent, timeout=10)
    assert reply.status_code == 200
    assert [run["payload"] for run in runs()] == [multi]


def test_a_get_source_takes_its_parameters_from_the_query(
    listen: Listen, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    url = listen(ECHO.replace("{path: /sms}", "{path: /sms, method: GET}"))
    target = f"{url}/sms?From=%2B14155550100&Body=hi+there"
    reply = requests.get(
        target, headers={"X-Twilio-Signature": signature(target, {}, TOKEN)}, timeout=10
    )
    assert reply.status_code == 200
    assert [run["payload"] for run in runs()] == [{"From": "+14155550100", "Body": "hi there"}]


def test_a_message_flow_without_twiml_answers_an_empty_response(listen: Listen) -> None:
    url = listen("""
  quiet:
    source: {twilio:on-incoming-call: {path: /voice}}
    steps: [{set-variable: {name: seen, value: true}}]
""")
    reply = post_signed(f"{url}/voice", {"CallSid": "CA1"}, TOKEN)
    assert (reply.status_code, reply.headers["Content-Type"]) == (200, "text/xml; charset=utf-8")
    assert reply.text == EMPTY


@pytest.mark.parametrize(
    "kind", ["on-message-status", "on-call-status", "on-recording-status", "on-conference-status"]
)
def test_a_status_callback_answers_204(listen: Listen, kind: str) -> None:
    url = listen(f"""
  status:
    source: {{twilio:{kind}: {{path: /status}}}}
    steps: [{{set-variable: {{name: seen, value: "#[payload.MessageStatus]"}}}}]
""")
    reply = post_signed(f"{url}/status", {"MessageSid": "SM1", "MessageStatus": "delivered"}, TOKEN)
    assert (reply.status_code, reply.content) == (204, b"")


def test_a_status_callback_that_makes_twiml_answers_with_it(listen: Listen) -> None:
    url = listen("""
  status:
    source: {twilio:on-call-status: {path: /status}}
    steps: [{set-payload: {value: "<Response><Hangup/></Response>"}}]
""")
    reply = post_signed(f"{url}/status", {"CallSid": "CA1", "CallStatus": "ringing"}, TOKEN)
    assert (reply.status_code, reply.text) == (200, "<Response><Hangup/></Response>")


def test_a_conference_status_flow_hears_the_emulators_conference(
    listen: Listen, emulator: Emulator, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    account = emulator.create_account(auth_token=TOKEN)
    url = listen(
        f"""configs:
  main: {{accountSid: {account.sid}, authToken: {TOKEN}}}
flows:
  conference:
    source: {{twilio:on-conference-status: {{path: /conference}}}}
    steps:
      - logger: {{message: "#[{{'payload': payload, 'attributes': attributes}}]"}}
"""
    )
    added = requests.post(
        f"{emulator.url}/2010-04-01/Accounts/{account.sid}/Conferences/Sales/Participants.json",
        data={
            "From": "+15005550006",
            "To": "+14155550100",
            "ConferenceStatusCallback": f"{url}/conference",
            "ConferenceStatusCallbackEvent": "join",
        },
        auth=(account.sid, TOKEN),
        timeout=10,
    ).json()
    deadline = time.monotonic() + 15  # the emulator's clock answers the call after 2 s
    while not runs():
        assert time.monotonic() < deadline, "no conference event reached the flow"
        time.sleep(0.05)
    (event,) = runs()
    assert event["payload"]["StatusCallbackEvent"] == "participant-join"
    assert event["payload"]["CallSid"] == added["call_sid"]
    assert event["payload"]["FriendlyName"] == "Sales"


def test_the_listener_answers_health_checks(listen: Listen) -> None:
    url = listen(ECHO)
    reply = requests.get(f"{url}/healthz", timeout=10)
    assert (reply.status_code, reply.text) == (200, "ok\n")


# -- signatures ------------------------------------------------------------------------------


def test_each_source_checks_signatures_with_its_own_config(listen: Listen) -> None:
    flows = flow_file(
        """
  one:
    source: {twilio:on-incoming-message: {config-ref: main, path: /one}}
    steps: []
  two:
    source: {twilio:on-incoming-message: {config-ref: other, path: /two}}
    steps: []
""",
        configs=f"  other: {{accountSid: {'AC' + '2' * 32}, authToken: other-token}}\n",
    )
    url = listen(flows)
    assert post_signed(f"{url}/one", MESSAGE, TOKEN).status_code == 200
    assert post_signed(f"{url}/two", MESSAGE, "other-token").status_code == 200
    assert post_signed(f"{url}/two", MESSAGE, TOKEN).status_code == 403


@pytest.mark.parametrize(
    ("sent", "signed_for", "token", "header"),
    [
        pytest.param(MESSAGE | {"Body": "tampered"}, None, TOKEN, True, id="tampered parameter"),
        pytest.param(MESSAGE | {"Extra": "1"}, None, TOKEN, True, id="added parameter"),
        pytest.param(MESSAGE, "/other", TOKEN, True, id="tampered URL"),
        pytest.param(MESSAGE, "/sms?x=1", TOKEN, True, id="tampered query"),
        pytest.param(MESSAGE, None, "wrong-token", True, id="wrong token"),
        pytest.param(MESSAGE, None, TOKEN, False, id="missing header"),
    ],
)
def test_a_bad_or_missing_signature_answers_403_and_runs_nothing(
    listen: Listen,
    runs: Callable[[], list[dict[str, Any]]],
    sent: dict[str, str],
    signed_for: str | None,
    token: str,
    header: bool,
) -> None:
    url = listen(ECHO)
    signed = signature(f"{url}{signed_for or '/sms'}", MESSAGE, token)
    headers = {"X-Twilio-Signature": signed} if header else {}
    reply = requests.post(f"{url}/sms", data=sent, headers=headers, timeout=10)
    assert reply.status_code == 403
    assert "X-Twilio-Signature" in reply.text
    assert runs() == []


def test_a_signature_over_the_url_without_its_port_is_accepted(listen: Listen) -> None:
    url = listen(ECHO)
    without_port = url.rsplit(":", 1)[0]  # http://127.0.0.1
    reply = post_signed(f"{url}/sms", MESSAGE, TOKEN, signed_url=f"{without_port}/sms")
    assert reply.status_code == 200


def test_the_public_url_is_what_signatures_are_checked_against(listen: Listen) -> None:
    url = listen(ECHO, public_url="https://bot.example.com/hooks")
    public = "https://bot.example.com/hooks/sms"
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN, signed_url=public).status_code == 200
    assert (
        post_signed(
            f"{url}/sms", MESSAGE, TOKEN, signed_url=public.replace("/hooks", "")
        ).status_code
        == 403
    )
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN).status_code == 403
    default_port = "https://bot.example.com:443/hooks/sms"
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN, signed_url=default_port).status_code == 200


def test_a_source_may_name_its_own_public_url(listen: Listen) -> None:
    public = "https://bot.example.com/twilio/incoming"
    url = listen(ECHO.replace("{path: /sms}", f"{{path: /sms, publicUrl: '{public}'}}"))
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN, signed_url=public).status_code == 200
    signed_with_query = post_signed(f"{url}/sms?a=1", MESSAGE, TOKEN, signed_url=f"{public}?a=1")
    assert signed_with_query.status_code == 200
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN).status_code == 403


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "bot.example.com"}


def test_trusted_forwarded_headers_give_the_public_url(listen: Listen) -> None:
    url = listen(ECHO, trust_forwarded_headers=True)
    public = "https://bot.example.com/sms"
    reply = post_signed(f"{url}/sms", MESSAGE, TOKEN, signed_url=public, headers=FORWARDED)
    assert reply.status_code == 200
    # Without the headers, the request's own URL is the one signed.
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN).status_code == 200
    forged = post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=FORWARDED)
    assert forged.status_code == 403


def test_a_source_may_trust_forwarded_headers(listen: Listen) -> None:
    url = listen(ECHO.replace("{path: /sms}", "{path: /sms, trustForwardedHeaders: true}"))
    public = "https://bot.example.com/sms"
    reply = post_signed(f"{url}/sms", MESSAGE, TOKEN, signed_url=public, headers=FORWARDED)
    assert reply.status_code == 200


def test_forwarded_headers_are_ignored_unless_trusted(listen: Listen) -> None:
    url = listen(ECHO)
    public = "https://bot.example.com/sms"
    reply = post_signed(f"{url}/sms", MESSAGE, TOKEN, signed_url=public, headers=FORWARDED)
    assert reply.status_code == 403
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=FORWARDED).status_code == 200


JSON_BODY = json.dumps({"From": "+14155550100", "Status": "delivered", "Tags": [1, 2]}).encode()


def _json_url(url: str, body: bytes) -> str:
    return f"{url}/sms?bodySHA256={hashlib.sha256(body).hexdigest()}"


def test_a_json_body_is_checked_by_its_sha256(
    listen: Listen, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    url = listen(ECHO)
    target = _json_url(url, JSON_BODY)
    headers = {
        "Content-Type": "application/json",
        "X-Twilio-Signature": signature(target, {}, TOKEN),
    }
    reply = requests.post(target, data=JSON_BODY, headers=headers, timeout=10)
    assert reply.status_code == 200
    assert [run["payload"] for run in runs()] == [json.loads(JSON_BODY)]
    tampered = JSON_BODY.replace(b"delivered", b"failed")
    assert requests.post(target, data=tampered, headers=headers, timeout=10).status_code == 403


def test_a_json_body_without_its_hash_is_refused(listen: Listen) -> None:
    url = listen(ECHO)
    headers = {
        "Content-Type": "application/json",
        "X-Twilio-Signature": signature(f"{url}/sms", {}, TOKEN),
    }
    reply = requests.post(f"{url}/sms", data=JSON_BODY, headers=headers, timeout=10)
    assert reply.status_code == 400
    assert "bodySHA256" in reply.text


# -- retries: the idempotency token ----------------------------------------------------------


def test_a_retry_with_the_same_token_gets_the_first_reply_and_runs_nothing(
    listen: Listen, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    url = listen(ECHO)
    retry = {"I-Twilio-Idempotency-Token": "token-1"}
    first = post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=retry)
    again = post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=retry)
    other = post_signed(
        f"{url}/sms", MESSAGE, TOKEN, headers={"I-Twilio-Idempotency-Token": "token-2"}
    )
    assert first.status_code == again.status_code == other.status_code == 200
    assert (again.text, again.headers["Content-Type"]) == (
        first.text,
        first.headers["Content-Type"],
    )
    assert len(runs()) == 2


def test_a_retry_sends_nothing_twice(listen: Listen, emulator: Emulator, account: Account) -> None:
    """The flow sends an SMS through the emulator: the retry does not send it again."""
    configs = f"""\
  twilio: {{accountSid: {account.sid}, authToken: {account.auth_token}, baseUrl: "{emulator.url}",
            retry: {{maxAttempts: 1}}}}
"""
    url = listen(
        flow_file(
            """
  reply:
    source: {twilio:on-incoming-message: {config-ref: main, path: /sms}}
    steps:
      - twilio:send-sms-message:
          {config-ref: twilio, from: "+15005550006", to: "#[payload.From]", body: "hi"}
      - set-payload: {value: "<Response/>"}
""",
            configs=configs,
        )
    )
    retry = {"I-Twilio-Idempotency-Token": "send-once"}
    replies = [post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=retry) for _ in range(3)]
    assert [reply.status_code for reply in replies] == [200, 200, 200]
    sent = requests.get(
        f"{emulator.url}/2010-04-01/Accounts/{account.sid}/Messages.json",
        auth=(account.sid, account.auth_token),
        timeout=10,
    ).json()["messages"]
    assert len(sent) == 1


def test_a_retry_while_the_first_request_runs_waits_for_its_reply(listen: Listen) -> None:
    with DelayingServer(delay=0.5) as slow:
        url = listen(_slow_flow(slow.url))
        retry = {"I-Twilio-Idempotency-Token": "concurrent"}
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(post_signed, f"{url}/sms", MESSAGE, TOKEN, headers=retry)
                for _ in range(2)
            ]
            replies = [future.result() for future in futures]
        assert slow.requests == 1
    assert [reply.text for reply in replies] == ["<Response><Say>done</Say></Response>"] * 2


def test_a_token_is_forgotten_after_24_hours(
    listen: Listen, tmp_path: Path, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    now = [1_000_000.0]
    store = ReplyStore(tmp_path / "clocked.sqlite3", clock=lambda: now[0])
    url = listen(ECHO, store=store)
    retry = {"I-Twilio-Idempotency-Token": "day-old"}
    post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=retry)
    now[0] += KEEP_FOR - 1
    post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=retry)
    assert len(runs()) == 1
    now[0] += 2
    post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=retry)
    assert len(runs()) == 2


def test_replies_outlive_the_listener_in_its_store(
    listen: Listen, tmp_path: Path, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    retry = {"I-Twilio-Idempotency-Token": "restart"}
    store = tmp_path / "kept.sqlite3"
    first = post_signed(f"{listen(ECHO, store=store)}/sms", MESSAGE, TOKEN, headers=retry)
    again = post_signed(f"{listen(ECHO, store=store)}/sms", MESSAGE, TOKEN, headers=retry)
    assert again.text == first.text
    assert len(runs()) == 1


def test_a_bad_signature_does_not_take_the_token(
    listen: Listen, runs: Callable[[], list[dict[str, Any]]]
) -> None:
    url = listen(ECHO)
    retry = {"I-Twilio-Idempotency-Token": "forged"}
    assert post_signed(f"{url}/sms", MESSAGE, "wrong", headers=retry).status_code == 403
    assert post_signed(f"{url}/sms", MESSAGE, TOKEN, headers=retry).status_code == 200
    assert len(runs()) == 1


# -- errors and the deadline -----------------------------------------------------------------


def test_a_flow_error_answers_500_without_detail_and_is_logged_with_its_place(
    listen: Listen, caplog: pytest.LogCaptureFixture
) -> None:
    url = listen("""
  broken:
    source: {twilio:on-incoming-message: {path: /sms}}
    steps:
      - raise-error: {type: "APP:SECRET_SAUCE", description: "internal detail #[payload.Body]"}
""")
    reply = post_signed(f"{url}/sms", MESSAGE, TOKEN)
    assert reply.status_code == 500
    assert reply.text == "the flow failed\n"
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert "APP:SECRET_SAUCE" in logged
    assert ".yaml:7:9" in logged  # the raise-error step
    assert MESSAGE["Body"] not in logged


def test_a_flow_late_for_the_deadline_gets_the_deadline_reply_and_still_finishes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    configured = "deadlineReply: '<Response><Say>wait</Say></Response>'"
    with DelayingServer(delay=1.0) as slow:
        with listening(tmp_path / "a.yaml", _slow_flow(slow.url), reply_deadline=0.2) as url:
            reply = post_signed(f"{url}/sms", MESSAGE, TOKEN)
        flows = _slow_flow(slow.url, configured)
        with listening(tmp_path / "b.yaml", flows, reply_deadline=0.2) as url:
            configured_reply = post_signed(f"{url}/sms", MESSAGE, TOKEN)
    assert (reply.status_code, reply.text) == (200, EMPTY)
    assert configured_reply.text == "<Response><Say>wait</Say></Response>"
    logged = [r.getMessage() for r in caplog.records if r.name == "flows.listener"]
    assert sum("still running at the reply deadline" in line for line in logged) == 2
    assert sum("answered at the reply deadline, finished" in line for line in logged) == 2
    assert not [
        r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("flows")
    ]


def test_a_late_status_callback_answers_204(tmp_path: Path) -> None:
    with DelayingServer(delay=1.0) as slow:
        flows = _slow_flow(slow.url).replace("on-incoming-message", "on-message-status")
        with listening(tmp_path / "a.yaml", flows, reply_deadline=0.2) as url:
            reply = post_signed(f"{url}/sms", MESSAGE, TOKEN)
    assert reply.status_code == 204


def _slow_flow(slow_url: str, option: str = "") -> str:
    """A message source whose flow waits for a slow 'Twilio', then says done."""
    configs = (
        f'  slow: {{accountSid: {SID}, authToken: t, baseUrl: "{slow_url}",\n'
        "          retry: {maxAttempts: 1}}\n"
    )
    settings = f"{{path: /sms, config-ref: main{', ' + option if option else ''}}}"
    return flow_file(
        f"""
  slow:
    source: {{twilio:on-incoming-message: {settings}}}
    steps:
      - twilio:get-account-details: {{config-ref: slow}}
      - set-payload: {{value: "<Response><Say>done</Say></Response>"}}
""",
        configs=configs,
    )


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status"),
    [
        pytest.param("POST", "/nowhere", b"", None, 404, id="unknown path"),
        pytest.param("GET", "/sms", b"", None, 405, id="wrong method"),
        pytest.param("DELETE", "/healthz", b"", None, 405, id="health check's method"),
        pytest.param(
            "POST",
            "/sms",
            b"a=" + b"x" * 65536,
            "application/x-www-form-urlencoded",
            413,
            id="too large",
        ),
        pytest.param("POST", "/sms", b"<xml/>", "text/xml", 415, id="wrong content type"),
        pytest.param(
            "POST",
            "/sms",
            b"Body=hi",
            "application/x-www-form-urlencoded; charset=latin-1",
            415,
            id="not UTF-8",
        ),
        pytest.param(
            "POST", "/sms", b"Body=%ff", "application/x-www-form-urlencoded", 400, id="bad UTF-8"
        ),
        pytest.param(
            "POST",
            "/sms",
            b"Body=hi&&From",
            "application/x-www-form-urlencoded",
            400,
            id="malformed form",
        ),
        pytest.param(
            "POST", "/sms?bodySHA256=00", b"{", "application/json", 400, id="malformed JSON"
        ),
    ],
)
def test_bad_input_gets_a_clear_4xx_and_runs_nothing(
    listen: Listen,
    runs: Callable[[], list[dict[str, Any]]],
    method: str,
    path: str,
    body: bytes,
    content_type: str | None,
    status: int,
) -> None:
    url = listen(ECHO)
    headers = {"Content-Type": content_type} if content_type else {}
    headers["X-Twilio-Signature"] = signature(f"{url}{path}", {}, TOKEN)
    reply = requests.request(method, f"{url}{path}", data=body, headers=headers, timeout=10)
    assert reply.status_code == status
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Traceback" not in reply.text
    assert 0 < len(reply.text) < 200
    if status == 405:
        assert reply.headers["Allow"]
    assert runs() == []


def test_nothing_of_a_request_body_is_logged_at_info(
    listen: Listen, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    url = listen("""
  quiet:
    source: {twilio:on-incoming-message: {path: /sms}}
    steps: [{set-variable: {name: seen, value: "#[payload.Body]"}}]
  broken:
    source: {twilio:on-incoming-message: {path: /broken}}
    steps: [{raise-error: {type: "APP:FAILED", description: "#[payload.Body]"}}]
  quiet-get:
    source: {twilio:on-incoming-message: {path: /sms, method: GET}}
    steps: []
""")
    secret = {"Body": "my secret PIN 4321", "From": "+14155559876"}
    post_signed(f"{url}/sms", secret, TOKEN)
    post_signed(f"{url}/broken", secret, TOKEN)
    post_signed(f"{url}/sms", secret, "wrong")
    requests.get(f"{url}/sms", params=secret, headers={"X-Twilio-Signature": "x"}, timeout=10)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert "POST /sms: 200" in logged
    for value in secret.values():
        assert value not in logged


# -- what create_app refuses -----------------------------------------------------------------


def test_a_file_without_sources_has_nothing_to_listen_to(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(flow_file("\n  main: [{set-payload: {value: 1}}]\n"))
    with pytest.raises(FlowValidationError, match="no flow has a source"):
        create_app(path, store=":memory:")


def test_an_api_key_config_from_the_environment_needs_the_auth_token(tmp_path: Path) -> None:
    path = tmp_path / "env.yaml"
    path.write_text("flows:" + ECHO)
    environ = {
        "TWILIO_ACCOUNT_SID": SID,
        "TWILIO_API_KEY": "SK" + "3" * 32,
        "TWILIO_API_SECRET": "key-secret",
    }
    with pytest.raises(FlowConfigError, match="config 'default' has no authToken") as caught:
        create_app(path, store=":memory:", environ=environ)
    assert "key-secret" not in str(caught.value)
    app = create_app(path, store=":memory:", environ=environ | {"TWILIO_AUTH_TOKEN": TOKEN})
    app.close()


def test_a_public_url_with_a_query_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bot.yaml"
    path.write_text(flow_file(ECHO))
    with pytest.raises(FlowConfigError, match="public URL"):
        create_app(path, store=":memory:", public_url="https://bot.example.com/?a=1")


class _MultiDict(dict[str, Any]):
    """Parameters as twilio-python reads a repeated one (``getall``)."""

    def getall(self, name: str) -> list[str]:
        value = self[name]
        return value if isinstance(value, list) else [value]
