"""``create-access-token``: the JWT Twilio's SDKs sign in with, made here and never sent.

Each token is compared with twilio-python's ``AccessToken`` for the same grants, both signed at
one fixed time (twilio-python's clock is replaced, ours is injected), then decoded with PyJWT,
its signature verified with the API key's secret. Expiry is checked against the real clock.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jwt
import pytest
import twilio.jwt
import twilio.jwt.access_token
from twilio.jwt.access_token import AccessToken, AccessTokenGrant
from twilio.jwt.access_token.grants import (
    ChatGrant,
    PlaybackGrant,
    SyncGrant,
    TaskRouterGrant,
    VideoGrant,
    VoiceGrant,
)

from connector import (
    STAND_IN_ACCOUNT_SID,
    Config,
    ConfigError,
    Connector,
    HttpClient,
    ValidationError,
)
from flows import run_file, validate_file
from operations import catalog
from operations.access_tokens import HEADER, CreateAccessToken
from tests.support.cli import run_cli
from tests.support.samples import ACCOUNT_SID as ACCOUNT

KEY = "SK" + "5" * 32
SECRET = "api-key-secret-5f0c2a9e1b7d4c3a0"  # 32 bytes, as Twilio's secrets are
KEY_CONFIG = {"accountSid": ACCOUNT, "apiKey": KEY, "apiSecret": SECRET}
AP = "AP" + "a" * 32
CR = "CR" + "c" * 32
IS_CHAT = "IS" + "1" * 32
IS_SYNC = "IS" + "2" * 32
WS = "WS" + "3" * 32
WK = "WK" + "4" * 32
#: The fixed time both libraries sign at: 2026-01-01T00:00:00Z.
NOW = 1_767_225_600
OP = catalog.get("create-access-token")

#: Our parameters (as flows give them: text) and twilio-python's grants and keyword arguments.
CASES: dict[str, tuple[dict[str, Any], list[AccessTokenGrant], dict[str, Any]]] = {
    "identity only": ({}, [], {}),
    "voice outgoing with params": (
        {"voiceOutgoingApplicationSid": AP, "voiceOutgoingApplicationParams": {"agent": "7"}},
        [VoiceGrant(outgoing_application_sid=AP, outgoing_application_params={"agent": "7"})],
        {},
    ),
    "voice incoming and push": (
        {"voiceIncomingAllow": "TRUE", "voicePushCredentialSid": CR},
        [VoiceGrant(incoming_allow=True, push_credential_sid=CR)],
        {},
    ),
    "voice incoming refused": (
        {"voiceIncomingAllow": "false"},
        [VoiceGrant(incoming_allow=False)],
        {},
    ),
    "video room": ({"videoRoom": "standup"}, [VideoGrant(room="standup")], {}),
    "chat service": ({"chatServiceSid": IS_CHAT}, [ChatGrant(service_sid=IS_CHAT)], {}),
    "sync service": ({"syncServiceSid": IS_SYNC}, [SyncGrant(service_sid=IS_SYNC)], {}),
    "endpoint ids": (
        {"voiceEndpointId": "phone-1", "chatEndpointId": "tab-2", "syncEndpointId": "tab-3"},
        [
            VoiceGrant(endpoint_id="phone-1"),
            ChatGrant(endpoint_id="tab-2"),
            SyncGrant(endpoint_id="tab-3"),
        ],
        {},
    ),
    "chat push and role": (
        {"chatServiceSid": IS_CHAT, "chatPushCredentialSid": CR, "chatDeploymentRoleSid": "RL1"},
        [ChatGrant(service_sid=IS_CHAT, push_credential_sid=CR, deployment_role_sid="RL1")],
        {},
    ),
    "task router": (
        {"taskRouterWorkspaceSid": WS, "taskRouterWorkerSid": WK, "taskRouterRole": "worker"},
        [TaskRouterGrant(workspace_sid=WS, worker_sid=WK, role="worker")],
        {},
    ),
    "playback": (
        {"playbackGrant": '{"playbackUrl": "https://live.example/p", "playerStreamerSid": "VJ1"}'},
        [PlaybackGrant({"playbackUrl": "https://live.example/p", "playerStreamerSid": "VJ1"})],
        {},
    ),
    "region": ({"region": "ie1"}, [], {"region": "ie1"}),
    "every grant, ttl and nbf": (
        {
            "voiceOutgoingApplicationSid": AP,
            "voiceOutgoingApplicationParams": '{"queue": "support", "priority": 2}',
            "voiceIncomingAllow": "yes",
            "voicePushCredentialSid": CR,
            "videoRoom": "RM" + "d" * 32,
            "chatServiceSid": IS_CHAT,
            "syncServiceSid": IS_SYNC,
            "ttl": "86400",
            "nbf": str(NOW - 60),
        },
        [
            VoiceGrant(
                incoming_allow=True,
                outgoing_application_sid=AP,
                outgoing_application_params={"queue": "support", "priority": 2},
                push_credential_sid=CR,
            ),
            VideoGrant(room="RM" + "d" * 32),
            ChatGrant(service_sid=IS_CHAT),
            SyncGrant(service_sid=IS_SYNC),
        ],
        {"ttl": 86400, "nbf": NOW - 60},
    ),
}


@pytest.fixture
def client() -> Iterator[HttpClient]:
    """The funnel for a config with an API key (a token sends nothing through it)."""
    http = HttpClient(Config.load(KEY_CONFIG))
    yield http
    http.close()


@pytest.fixture
def twilio_python_at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """twilio-python's JWT modules read the fixed time instead of the clock."""
    fixed = SimpleNamespace(time=lambda: float(NOW))
    monkeypatch.setattr(twilio.jwt, "time", fixed)
    monkeypatch.setattr(twilio.jwt.access_token, "time", fixed)


def create(client: HttpClient, params: dict[str, Any], at: float = NOW) -> dict[str, Any]:
    """Our token result, signed at ``at``."""
    result = CreateAccessToken(clock=lambda: at).execute(client, params)
    payload: dict[str, Any] = result.payload
    return payload


def decode(token: str, *, check_times: bool = False) -> dict[str, Any]:
    """The claims, the signature verified with the secret (``exp`` and ``nbf`` against the
    clock only when asked: most tokens here are signed at the fixed time)."""
    times = {"verify_exp": check_times, "verify_nbf": check_times}
    claims: dict[str, Any] = jwt.decode(token, SECRET, algorithms=["HS256"], options=times)
    return claims


@pytest.mark.usefixtures("twilio_python_at_now")
@pytest.mark.parametrize(("params", "grants", "kwargs"), CASES.values(), ids=list(CASES))
def test_the_token_is_twilio_pythons(
    params: dict[str, Any],
    grants: list[AccessTokenGrant],
    kwargs: dict[str, Any],
    client: HttpClient,
) -> None:
    theirs = AccessToken(ACCOUNT, KEY, SECRET, grants=list(grants), identity="alice", **kwargs)
    expected = theirs.to_jwt()
    ours = create(client, {"identity": "alice", **params})["token"]
    assert jwt.get_unverified_header(ours) == jwt.get_unverified_header(expected)
    assert decode(ours) == decode(expected)


def test_the_claims_and_header_are_twilios(client: HttpClient) -> None:
    token = create(client, {"identity": "alice"})["token"]
    assert jwt.get_unverified_header(token) == {
        "alg": "HS256",
        "typ": "JWT",
        "cty": "twilio-fpa;v=1",
    }
    assert decode(token) == {
        "jti": f"{KEY}-{NOW}",
        "iss": KEY,
        "sub": ACCOUNT,
        "nbf": NOW,
        "exp": NOW + 3600,
        "grants": {"identity": "alice"},
    }


def test_only_the_secret_verifies_the_signature(client: HttpClient) -> None:
    token = create(client, {"identity": "alice"})["token"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, SECRET[:-1] + "X", algorithms=["HS256"])
    other_secret = "another-secret-0123456789abcdef0"
    forged = jwt.encode(decode(token) | {"sub": "AC" + "f" * 32}, other_secret)
    with pytest.raises(jwt.InvalidSignatureError):
        decode(forged)


def test_every_parameter_reaches_the_token(client: HttpClient, sample_params: Any) -> None:
    """Given every parameter at once, each fills the claim its wire name says."""
    params = sample_params(OP)
    token = create(client, params, at=NOW)["token"]
    claims = decode(token)
    for param in OP.params:
        if param.wire is None:
            continue
        if param.wire in HEADER:  # the region
            assert jwt.get_unverified_header(token)[param.wire] == params[param.name]
            continue
        value: Any = claims
        for step in param.wire.split("."):
            assert step in value, f"{param.name}: no {param.wire} in {claims}"
            value = value[step]
        assert value == param.coerce(params[param.name]), param.name
    assert claims["exp"] == NOW + int(params["ttl"])


def test_expiry(client: HttpClient) -> None:
    result = create(client, {"identity": "alice"})
    assert result == {
        "token": result["token"],
        "identity": "alice",
        "expiresAt": "2026-01-01T01:00:00Z",
    }
    claims = decode(result["token"])
    assert (claims["nbf"], claims["exp"]) == (NOW, NOW + 3600)

    now = time.time()
    assert decode(create(client, {"identity": "alice"}, at=now)["token"], check_times=True)
    signed_long_ago = create(client, {"identity": "alice", "ttl": 60}, at=now - 120)["token"]
    with pytest.raises(jwt.ExpiredSignatureError):
        decode(signed_long_ago, check_times=True)
    not_yet = create(client, {"identity": "alice", "nbf": int(now) + 600}, at=now)["token"]
    with pytest.raises(jwt.ImmatureSignatureError):
        decode(not_yet, check_times=True)


@pytest.mark.parametrize(
    ("params", "problems"),
    [
        ({"ttl": "86401"}, [("ttl", "86401 is greater than the maximum of 86400")]),
        ({"ttl": 0}, [("ttl", "0 is less than the minimum of 1")]),
        ({"identity": ""}, [("identity", "'' should be non-empty")]),
        ({"identity": None}, [("identity", "is required")]),
        (
            {"voiceOutgoingApplicationParams": {"to": "bob"}},
            [("voiceOutgoingApplicationSid", "is required with voiceOutgoingApplicationParams")],
        ),
        (
            {"voiceOutgoingApplicationSid": AP, "voiceOutgoingApplicationParams": {"to": ["b"]}},
            [("voiceOutgoingApplicationParams.to",
              "['b'] is not of type ['string', 'number', 'boolean']")],
        ),
        ({"chatServiceSid": "CH" + "1" * 32}, [("chatServiceSid", f"'CH{'1' * 32}' does not "
          "have the expected form (^IS[0-9a-fA-F]{32}$)")]),
        ({"videoGrant": "yes"}, [("videoGrant", "is not a parameter of create-access-token")]),
        ({"nbf": NOW + 3600}, [("nbf", f"is at or after the token's expiry ({NOW + 3600}: "
          "now + ttl)")]),
    ],
    ids=["ttl-max", "ttl-min", "empty-identity", "no-identity", "params-without-app",
         "nested-params", "sid-prefix", "unknown", "nbf-after-exp"],
)  # fmt: skip
def test_bad_input_is_a_validation_error(
    params: dict[str, Any], problems: list[tuple[str, str]], client: HttpClient
) -> None:
    with pytest.raises(ValidationError) as caught:
        create(client, {"identity": "alice", **params})
    assert [(p.path, p.message) for p in caught.value.problems] == problems
    assert caught.value.type == "TWILIO:VALIDATION"


def test_a_config_without_an_api_key_is_a_config_error(
    make_connector: Any, server: Any, loopback_config: Any
) -> None:
    twilio = make_connector(authToken="the-auth-token-never-shown")
    with pytest.raises(ConfigError) as caught:
        twilio.execute("create-access-token", {"identity": "alice"})
    error = caught.value
    assert (error.type, error.operation) == ("TWILIO:CONFIG", "create-access-token")
    assert "apiKey" in error.message
    assert "apiSecret" in error.message
    for text in (str(error), repr(error), json.dumps(error.to_dict())):
        assert "the-auth-token-never-shown" not in text
    assert server.attempts == 0

    dry = Connector(loopback_config(server.url), dry_run=[].append)
    with pytest.raises(ConfigError), dry:  # a dry run is as strict
        dry.execute("create-access-token", {"identity": "alice"})


def test_a_dry_run_makes_no_token_and_lists_no_request() -> None:
    sent: list[dict[str, Any]] = []
    stand_in = {"accountSid": STAND_IN_ACCOUNT_SID, "authToken": "dry-run"}
    for config in (KEY_CONFIG, stand_in):  # a dry run's stand-in stands for any credentials
        with Connector(config, dry_run=sent.append) as dry:
            result = dry.execute("create-access-token", {"identity": "alice"})
        assert result.payload is None
        assert result.attributes.to_dict()["statusCode"] is None
    assert sent == []
    with pytest.raises(ValidationError), Connector(KEY_CONFIG, dry_run=sent.append) as dry:
        dry.execute("create-access-token", {"identity": "alice", "ttl": 90000})


def test_it_is_described_as_sending_no_request() -> None:
    described = OP.describe()
    assert described["sendsRequest"] is False
    assert {"method", "path", "success"}.isdisjoint(described)
    assert described["idempotent"] is True
    params = {row["name"]: row for row in described["parameters"]}
    assert params["ttl"]["default"] == 3600
    assert params["videoRoom"] == {
        "name": "videoRoom",
        "type": "string",
        "required": False,
        "in": "token",
        "wire": "grants.video.room",
        "description": "Video: the room (its name or RM... SID) the token may join.",
    }
    assert "token" in OP.summary
    assert OP.model is None
    assert repr(OP) == "<operation create-access-token: no HTTP request>"


# -- from a flow and from the command line -------------------------------------------------

FLOW = f"""\
configs:
  main:
    accountSid: {ACCOUNT}
    apiKey: {KEY}
    apiSecret: {SECRET}
flows:
  main:
    - twilio:create-access-token:
        identity: "#[payload.who]"
        voiceOutgoingApplicationSid: {AP}
        voiceOutgoingApplicationParams: {{agent: "7"}}
        voiceIncomingAllow: true
        ttl: 600
        target: access
    - set-payload: {{value: "#[vars.access]"}}
"""


def test_a_flow_creates_a_token(tmp_path: Path) -> None:
    path = tmp_path / "token.yaml"
    path.write_text(FLOW, encoding="utf-8")
    result = run_file(path, payload={"who": "alice"})
    claims = decode(result["token"], check_times=True)
    assert claims["grants"] == {
        "identity": "alice",
        "voice": {
            "outgoing": {"application_sid": AP, "params": {"agent": "7"}},
            "incoming": {"allow": True},
        },
    }
    assert claims["exp"] - claims["nbf"] == 600
    assert result["identity"] == "alice"
    assert run_file(path, payload={"who": "alice"}, dry_run=[].append) is None


def test_a_flow_is_checked_statically(tmp_path: Path) -> None:
    path = tmp_path / "token.yaml"
    text = FLOW.replace(f"voiceOutgoingApplicationSid: {AP}", "videoRoom: standup")
    path.write_text(text.replace("ttl: 600", "ttl: 100000"), encoding="utf-8")
    problems = [str(problem) for problem in validate_file(path)]
    assert problems == [
        f"{path}:8:7: 'voiceOutgoingApplicationSid' is required with "
        "voiceOutgoingApplicationParams",
        f"{path}:13:9: 'ttl': 100000 is greater than the maximum of 86400",
    ]


def test_the_command_line_creates_a_token(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "token.yaml"
    path.write_text(FLOW, encoding="utf-8")
    argv = ["invoke", "create-access-token", "-p", "identity=alice", "--config", str(path)]
    code, out, err = run_cli(capsys, *argv, "-p", "videoRoom=standup")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert decode(result["token"])["grants"] == {"identity": "alice", "video": {"room": "standup"}}
    assert SECRET not in out

    code, out, err = run_cli(capsys, *argv, "--dry-run")
    assert code == 0
    assert json.loads(out) == {"dryRun": True, "requests": []}
    note = "dry run: create-access-token sends no request; its result is made in a real run\n"
    assert err == note

    code, out, err = run_cli(capsys, "invoke", "create-access-token", "-p", "ttl=60")
    assert (code, out) == (2, "")
    assert "identity: is required" in err


def test_the_command_line_describes_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "describe", "create-access-token")
    assert code == 0
    assert out.splitlines()[1] == "  sends no HTTP request: worked out here"
    code, out, _ = run_cli(capsys, "describe", "create-access-token", "--json")
    assert json.loads(out)["inputSchema"]["properties"]["ttl"]["maximum"] == 86400


def test_emulator_keeps_a_configs_api_key_so_tokens_are_signed_with_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--emulator seeds the config's own API key in the emulator's account and keeps it, so
    an operation that needs the key works there too, and HTTP operations authenticate with it."""
    from flows.cli import main  # noqa: PLC0415

    key, secret = "SK" + "7" * 32, "s" * 32
    flow = tmp_path / "flow.yaml"
    flow.write_text(
        "configs:\n  main:\n"
        f"    accountSid: AC{'7' * 32}\n    apiKey: {key}\n    apiSecret: {secret}\n"
        "flows:\n  main:\n"
        "    - twilio:get-account-details: {target: account}\n"
        "    - twilio:create-access-token: {identity: alice}\n"
        "    - set-payload: {value: ['#[vars.account.sid]', '#[payload.token]']}\n",
        encoding="utf-8",
    )
    assert main(["run", str(flow), "--emulator"]) == 0, capsys.readouterr().err
    account_sid, token = json.loads(capsys.readouterr().out)
    assert account_sid == "AC" + "7" * 32
    claims = jwt.decode(token, secret, algorithms=["HS256"])
    assert (claims["iss"], claims["sub"]) == (key, account_sid)
