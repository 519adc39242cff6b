"""A SIP credential's password is a secret: Twilio's rules (12 or more characters, a digit, a
lower- and an upper-case letter) are schema rules, and the value appears in no problem, dry run
or request repr; on the wire it is sent as given."""

from __future__ import annotations

from typing import Any

import pytest

from connector import Connector, ValidationError
from operations import catalog
from tests.support.loopback import loopback_config

CL = "CL" + "a" * 32
CR = "CR" + "b" * 32
GOOD = "IWasAtSignal2018"


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Sh0rtPass", "too short"),
        ("alllowercase2018", "follow the rules"),
        ("ALLUPPERCASE2018", "follow the rules"),
        ("NoDigitsAtAllHere", "follow the rules"),
        (["IWasAtSignal2018"], "not text"),
        (12345678901234, "follow the rules"),  # a number is taken as its text
    ],
)
@pytest.mark.parametrize("operation", ["create-sip-credential", "update-sip-credential"])
def test_a_password_breaking_the_rules_is_refused_without_being_shown(
    operation: str, password: Any, why: str
) -> None:
    params = {"credentialListSid": CL, "credentialSid": CR, "username": "alice"}
    op = catalog.get(operation)
    params = {key: value for key, value in params.items() if key in op.by_name}
    with pytest.raises(ValidationError) as caught:
        op.prepare({**params, "password": password}, "AC" + "0" * 32)
    assert [problem.path for problem in caught.value.problems] == ["password"]
    text = str(caught.value)
    assert why in text
    assert str(password) not in text
    assert repr(password) not in text


def test_describe_says_the_password_is_a_secret() -> None:
    rows = {
        row["name"]: row for row in catalog.get("update-sip-credential").describe()["parameters"]
    }
    assert rows["password"]["secret"] is True
    assert "secret" not in rows["credentialSid"]


def test_the_rules_are_in_the_schema() -> None:
    schema = catalog.get("create-sip-credential").input_schema["properties"]["password"]
    assert schema["minLength"] == 12
    assert "(?=" in schema["pattern"]
    assert "password" in catalog.get("create-sip-credential").input_schema["required"]


def test_a_dry_run_and_a_requests_repr_mask_the_password(server: Any) -> None:
    sent: list[dict[str, Any]] = []
    with Connector(loopback_config(server.url), dry_run=sent.append) as twilio:
        twilio.execute(
            "create-sip-credential",
            {"credentialListSid": CL, "username": "alice", "password": GOOD},
        )
    assert server.attempts == 0
    assert sent[0]["form"] == {"Username": "alice", "Password": "<redacted>"}
    op = catalog.get("create-sip-credential")
    request = op.build_request(
        op.prepare(
            {"credentialListSid": CL, "username": "alice", "password": GOOD}, "AC" + "0" * 32
        )
    )
    assert GOOD not in repr(request)
    assert "'Username': 'alice'" in repr(request)


def test_the_password_is_sent_as_given(server: Any, make_connector: Any) -> None:
    server.answer(status=201, body={"sid": CR})
    make_connector().execute(
        "create-sip-credential", {"credentialListSid": CL, "username": "alice", "password": GOOD}
    )
    assert ("Password", GOOD) in server.requests[0].form
