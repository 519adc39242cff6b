"""``twilio-connector operations | describe | invoke``: stdout carries only the result, problems go
to stderr, and the exit code says what happened (0 ok, 1 run-time error, 2 invalid input)."""

from __future__ import annotations

import base64
import io
import json
import sys
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from flows.cli import catalog_commands, main
from operations import catalog
from operations.base import REGISTRY, Operation
from operations.catalog import Catalog
from operations.params import Param, account_sid, text
from tests.support.cli import run_cli as run
from tests.support.paths import REPO_ROOT
from tests.support.samples import ACCOUNT_SID as SID

OTHER_SID = "AC" + "e" * 32
RE = "RE" + "1" * 32
FROM, TO = "+15005550006", "+14155550100"


@pytest.fixture
def config_file(tmp_path: Path, server: Any) -> Path:
    """A flow file whose configs point at the loopback server (two, so --config-ref matters)."""
    path = tmp_path / "flow.yaml"
    path.write_text(
        f"""\
configs:
  main:
    accountSid: {SID}
    authToken: main-token
    baseUrl: {server.url}
    retry: {{maxAttempts: 1}}
  other:
    accountSid: {OTHER_SID}
    authToken: other-token
    baseUrl: {server.url}
flows:
  main:
    - logger: {{message: unused}}
""",
        encoding="utf-8",
    )
    return path


# -- operations and describe ---------------------------------------------------------------


def test_operations_json_lists_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "operations", "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [row["name"] for row in rows] == catalog.names()
    for row in rows:
        op = catalog.get(row["name"])
        assert set(row) == {"name", "family", "method", "path", "summary"}
        assert row["family"] == op.family
        if op.sends_request:
            assert (row["method"], row["path"]) == (op.method, op.path)
        else:
            assert (row["method"], row["path"]) == (None, None)
        assert row["summary"] == op.summary
        assert row["summary"]


def test_operations_table_lists_each_family_under_its_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "operations")
    assert code == 0
    listed: dict[str, list[list[str]]] = {}
    for block in out.strip().split("\n\n"):
        heading, *lines = block.splitlines()
        listed[heading.removesuffix(":")] = [line.split()[:2] for line in lines]
    assert list(listed) == sorted({op.family for op in catalog})
    for family, rows in listed.items():
        assert [name for name, _ in rows] == sorted(o.name for o in catalog if o.family == family)
    assert ["make-call", "POST"] in listed["calls"]
    assert ["create-access-token", "-"] in listed["access tokens"]
    assert ["get-available-toll-free-numbers", "GET"] in listed["numbers to buy"]


def test_describe_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "describe", "make-call", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["name"], data["method"], data["success"]) == ("make-call", "POST", 201)
    params = {row["name"]: row for row in data["parameters"]}
    assert {"from", "to", "url", "twiml", "applicationSid", "timeout"} <= set(params)
    assert params["to"]["required"] is True
    assert params["timeout"]["type"] == "integer"
    assert params["method"]["enum"] == ["GET", "POST"]
    assert params["accountSid"]["required"] is False
    assert data["exactlyOneOf"] == [["url", "twiml", "applicationSid"]]
    assert data["inputSchema"] == catalog.get("make-call").input_schema


def test_describe_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "describe", "get-sandbox")
    assert code == 0
    assert "retired by Twilio" in out
    assert '"$schema"' in out


def test_describe_an_alias(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "describe", "get-available-phone-numbers-advanced-search", "--json")
    assert code == 0
    assert json.loads(out)["name"] == "get-available-phone-numbers-advanced-seach"


def test_unknown_operation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "describe", "send-sms-mesage")
    assert (code, out) == (2, "")
    assert "did you mean 'send-sms-message'" in err


# -- invoke --------------------------------------------------------------------------------


def test_invoke_dry_run_prints_the_request(
    capsys: pytest.CaptureFixture[str], no_twilio_env: pytest.MonkeyPatch
) -> None:
    no_twilio_env.setenv("TWILIO_ACCOUNT_SID", SID)
    no_twilio_env.setenv("TWILIO_AUTH_TOKEN", "env-secret-token")
    code, out, err = run(capsys, "invoke", "get-account-details", "--dry-run")
    assert code == 0
    data = json.loads(out)
    assert data == {
        "dryRun": True,
        "requests": [
            {
                "method": "GET",
                "url": f"https://api.twilio.com/2010-04-01/Accounts/{SID}.json",
                "form": {},
                "auth": f"{SID}:<redacted>",
            }
        ],
    }
    assert "env-secret-token" not in out + err


def test_invoke_dry_run_needs_no_credentials(
    capsys: pytest.CaptureFixture[str], no_twilio_env: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        capsys, "invoke", "send-sms-message",
        "-p", f"from={FROM}", "-p", f"to={TO}", "-p", "body=Hi there", "--dry-run",
    )  # fmt: skip
    assert code == 0
    (request,) = json.loads(out)["requests"]
    assert request["method"] == "POST"
    assert request["url"].endswith("/Messages.json")
    assert request["form"] == {"From": FROM, "To": TO, "Body": "Hi there"}


def test_invoke_with_bad_params_exits_2(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    code, out, err = run(
        capsys, "invoke", "make-call", "-p", f"from={FROM}", "-p", "timeout=soon",
        "-p", "metod=GET", "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "TWILIO:VALIDATION" in err
    for fragment in (
        "to: is required",
        "timeout:",
        "metod:",
        "did you mean 'method'",
        "url | twiml | applicationSid",
    ):
        assert fragment in err
    assert server.attempts == 0


def test_invoke_with_a_malformed_param_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "invoke", "get-account-details", "-p", "accountSid", "--dry-run")
    assert (code, out) == (2, "")
    assert "NAME=VALUE" in err


def test_invoke_against_a_config_file(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    message = {"sid": "SM" + "2" * 32, "status": "queued", "to": TO}
    server.answer(status=201, body=message)
    code, out, err = run(
        capsys, "invoke", "send-sms-message", "--params", json.dumps({"from": FROM, "to": TO}),
        "-p", "body=Hello", "--config", str(config_file), "--config-ref", "other",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out) == message
    got = server.requests[0]
    assert got.path == f"/2010-04-01/Accounts/{OTHER_SID}/Messages.json"
    assert got.form == [("From", FROM), ("To", TO), ("Body", "Hello")]
    token = base64.b64encode(f"{OTHER_SID}:other-token".encode()).decode()
    assert got.header("Authorization") == f"Basic {token}"


def test_invoke_params_from_a_file(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path, tmp_path: Path
) -> None:
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"callSid": "CA" + "3" * 32}), encoding="utf-8")
    server.answer(body={"sid": "CA" + "3" * 32})
    code, out, _ = run(
        capsys, "invoke", "get-call", "--params", f"@{params}",
        "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out) == {"sid": "CA" + "3" * 32}


def test_invoke_a_list_prints_every_page(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    calls = f"/2010-04-01/Accounts/{SID}/Calls.json"
    server.script(
        {"body": {"calls": [{"sid": "CA1"}, {"sid": "CA2"}], "next_page_uri": f"{calls}?Page=1"}},
        {"body": {"calls": [{"sid": "CA3"}], "next_page_uri": None}},
    )
    code, out, _ = run(
        capsys, "invoke", "get-calls", "-p", "status=COMPLETED",
        "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert code == 0
    assert [call["sid"] for call in json.loads(out)] == ["CA1", "CA2", "CA3"]
    assert server.requests[0].query == [("Status", "completed")]


def test_invoke_an_empty_list_prints_an_empty_array(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    server.answer(body={"calls": [], "next_page_uri": None})
    code, out, _ = run(
        capsys, "invoke", "get-calls", "--config", str(config_file), "--config-ref", "main"
    )
    assert (code, out) == (0, "[]\n")


def test_name_value_mistakes_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "invoke", "get-account-details", "-p", "=x", "--dry-run")
    assert (code, out) == (2, "")
    assert "CLI:USAGE" in err
    assert "-p takes NAME=VALUE" in err


def test_invoke_not_found_exits_1(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    server.answer(
        status=404,
        body={
            "code": 20404,
            "message": "The requested resource was not found",
            "more_info": "https://www.twilio.com/docs/errors/20404",
            "status": 404,
        },
    )
    code, out, err = run(
        capsys, "invoke", "get-call", "-p", "callSid=CA" + "4" * 32,
        "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert "TWILIO:NOT_FOUND" in err
    assert "20404" in err
    assert "main-token" not in err


def test_invoke_get_recording_mp3_to_a_file(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path, tmp_path: Path
) -> None:
    audio = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4
    server.answer(body=audio, headers={"Content-Type": "audio/mpeg"})
    target = tmp_path / "recording.mp3"
    code, out, _ = run(
        capsys, "invoke", "get-recording", "-p", f"recordingSid={RE}", "-p", "recordingType=MP3",
        "--output", str(target), "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert code == 0
    assert target.read_bytes() == audio
    assert json.loads(out) == {
        "output": str(target),
        "bytes": len(audio),
        "mediaType": "audio/mpeg",
    }
    assert server.requests[0].path == f"/2010-04-01/Accounts/{SID}/Recordings/{RE}.mp3"


def test_invoke_media_without_output_fails_cleanly(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    """Audio cannot be printed as JSON: a usage error (exit 2) before anything is downloaded."""
    server.answer(body=b"RIFF....WAVE", headers={"Content-Type": "audio/x-wav"})
    code, out, err = run(
        capsys, "invoke", "get-recording", "-p", f"recordingSid={RE}", "-p", "recordingType=wav",
        "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "--output" in err
    assert "CLI:USAGE" in err
    assert server.attempts == 0


def test_invoke_dry_run_with_a_config_whose_variables_are_unset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_twilio_env: Any
) -> None:
    """As with run --dry-run: a config that cannot resolve is replaced by stand-ins."""
    path = tmp_path / "env.yaml"
    path.write_text(
        "configs:\n  main:\n    accountSid: ${env:TWILIO_ACCOUNT_SID}\n"
        "    authToken: ${env:TWILIO_AUTH_TOKEN}\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "invoke", "get-account-details", "--config", str(path), "--dry-run"
    )
    assert code == 0, err
    assert json.loads(out)["requests"][0]["method"] == "GET"


@pytest.mark.parametrize(
    "argv", [["describe", "make-call"], ["operations"], ["operations", "--json"]]
)
def test_a_closed_stdout_ends_quietly(argv: list[str]) -> None:
    """``twilio-connector ... | head -1`` prints no BrokenPipeError traceback: the reader is gone
    before the command writes anything, so its first write fails."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    child = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=REPO_ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    assert child.stderr is not None
    child.stdout.close()
    err = child.stderr.read()
    child.wait(60)
    assert "Traceback" not in err, err
    assert "Exception ignored" not in err, err


def test_invoke_with_an_unknown_config_ref(
    capsys: pytest.CaptureFixture[str], config_file: Path
) -> None:
    code, out, err = run(
        capsys, "invoke", "get-account-details", "--config", str(config_file),
        "--config-ref", "nope",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "nope" in err


def test_invoke_reads_config_files_strictly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, server: Any
) -> None:
    """--config goes through the flow loader: a duplicate key is an error with its line."""
    path = tmp_path / "dup.yaml"
    path.write_text(
        "configs:\n"
        "  main:\n"
        "    accountSid: AC0123456789abcdef0123456789abcdef\n"
        "    authToken: one\n"
        "    authToken: two\n"
        f"    baseUrl: {server.url}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "invoke", "get-account-details", "--config", str(path))
    assert (code, out) == (2, "")
    assert f"{path}:5" in err
    assert "authToken" in err
    assert server.attempts == 0


def test_invoke_suggests_the_config_ref_that_was_meant(
    capsys: pytest.CaptureFixture[str], config_file: Path, server: Any
) -> None:
    code, out, err = run(
        capsys, "invoke", "get-account-details", "--config", str(config_file),
        "--config-ref", "mian",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "FLOW:CONFIG: no config named 'mian'" in err
    assert "did you mean 'main'?" in err
    assert server.attempts == 0


# -- repeated parameters -------------------------------------------------------------------


def test_repeating_a_parameter_that_takes_one_value_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    code, out, err = run(
        capsys, "invoke", "send-sms-message", "-p", f"from={FROM}", "-p", f"to={TO}",
        "-p", "to=+14155550101", "-p", "body=Hi", "--config", str(config_file),
        "--config-ref", "main",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "CLI:USAGE: -p to is given 2 times, but send-sms-message's to takes one value" in err
    assert server.attempts == 0


class _ListParam(Param):
    """A text parameter that takes a list (sent as repeated keys); none of the catalog's has one."""

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": Param.schema(self), "minItems": 1}

    def screen(self, value: Any) -> str | None:
        items = value if isinstance(value, list) else [value]
        return next((found for item in items if (found := Param.screen(self, item))), None)


class _TagThings(Operation):
    """Tag things: a test operation whose ``tag`` parameter is a list."""

    name = "tag-things"
    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Tags.json"
    success = 201
    params = (account_sid(), _ListParam("tag", "Tag", "form"), text("note", "Note"))

    @cached_property
    def input_schema(self) -> dict[str, Any]:
        return self.build_schema()  # not published in schemas/: built from the params


@pytest.fixture
def tagging_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's catalog with one more operation, whose schema has a list parameter (none of
    the 50 operations has one)."""
    monkeypatch.setattr(
        catalog_commands, "catalog", Catalog({**REGISTRY, _TagThings.name: _TagThings})
    )


@pytest.mark.usefixtures("tagging_catalog")
def test_repeating_a_list_parameter_gives_the_list(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    server.answer(status=201, body={"tags": ["a", "b"]})
    code, out, err = run(
        capsys, "invoke", "tag-things", "-p", "tag=a", "-p", "note=x", "-p", "tag=b",
        "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == {"tags": ["a", "b"]}
    assert server.requests[0].form == [("Tag", "a"), ("Tag", "b"), ("Note", "x")]


@pytest.mark.usefixtures("tagging_catalog")
def test_the_list_rule_comes_from_each_parameters_schema(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    code, out, err = run(
        capsys, "invoke", "tag-things", "-p", "tag=a", "-p", "note=x", "-p", "note=y",
        "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "-p note is given 2 times" in err
    assert server.attempts == 0


# -- how results are printed ---------------------------------------------------------------

TR = "TR" + "5" * 32


@pytest.mark.parametrize(
    ("argv", "body", "media_type"),
    [
        (
            ["get-transcription-by-transcription-sid", "-p", f"transcriptionSid={TR}",
             "-p", "transcriptionFormat=TXT"],
            "Hello, this is the transcription.",
            "text/plain",
        ),
        (
            ["get-recording", "-p", f"recordingSid={RE}", "-p", "recordingType=XML"],
            '<?xml version="1.0"?>\n<TwilioResponse><Recording><Sid>RE1</Sid></Recording>'
            "</TwilioResponse>\n",
            "application/xml",
        ),
    ],
    ids=["transcription-as-txt", "recording-as-xml"],
)  # fmt: skip
def test_text_results_are_printed_as_text(
    argv: list[str],
    body: str,
    media_type: str,
    capsys: pytest.CaptureFixture[str],
    server: Any,
    config_file: Path,
) -> None:
    server.answer(body=body, headers={"Content-Type": media_type})
    code, out, err = run(
        capsys, "invoke", *argv, "--config", str(config_file), "--config-ref", "main"
    )
    assert (code, err) == (0, "")
    assert out == body if body.endswith("\n") else out == body + "\n"


def test_a_lazy_list_is_printed_as_a_list_is(
    capsys: pytest.CaptureFixture[str], server: Any, config_file: Path
) -> None:
    """The same records, the same layout, whether they came as a lazy list or as data."""
    calls = f"/2010-04-01/Accounts/{SID}/Calls.json"
    records = [{"sid": "CA1", "to": TO, "price": None}, {"sid": "CA2", "tags": ["a", {"b": 1}]}]
    server.script(
        {"body": {"calls": records[:1], "next_page_uri": f"{calls}?Page=1"}},
        {"body": {"calls": records[1:], "next_page_uri": None}},
    )
    code, listed, _ = run(
        capsys, "invoke", "get-calls", "--config", str(config_file), "--config-ref", "main"
    )
    assert code == 0
    assert listed == json.dumps(records, indent=2) + "\n"
    server.answer(body=records[0])
    code, one, _ = run(
        capsys, "invoke", "get-call", "-p", "callSid=CA" + "1" * 32,
        "--config", str(config_file), "--config-ref", "main",
    )  # fmt: skip
    assert code == 0
    assert one == json.dumps(records[0], indent=2) + "\n"


def test_a_lazy_list_is_printed_a_record_at_a_time(
    server: Any, config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page's records are on stdout before the second page is asked for."""
    calls = f"/2010-04-01/Accounts/{SID}/Calls.json"
    server.script(
        {"body": {"calls": [{"sid": "CA1"}], "next_page_uri": f"{calls}?Page=1"}},
        {"body": {"calls": [{"sid": "CA2"}], "next_page_uri": None}},
    )
    written: list[tuple[int, str]] = []

    class Watching(io.StringIO):
        def write(self, text: str) -> int:
            written.append((server.attempts, text))
            return super().write(text)

    stdout = Watching()
    monkeypatch.setattr(sys, "stdout", stdout)
    code = main(["invoke", "get-calls", "--config", str(config_file), "--config-ref", "main"])
    assert code == 0
    first = next(attempts for attempts, text in written if "CA1" in text)
    assert first == 1
    assert [call["sid"] for call in json.loads(stdout.getvalue())] == ["CA1", "CA2"]
