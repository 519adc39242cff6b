"""Twilio's webhook signatures, checked against twilio-python's ``RequestValidator`` (the
oracle): what it computes we compute, what it accepts we accept, what it refuses we refuse."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from twilio.request_validator import RequestValidator

from connector.signatures import body_sha256, compute_signature, url_variants, validate

TOKEN = "12345"
OTHER_TOKEN = "54321"
#: The example request of Twilio's security documentation (and of twilio-python's tests).
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}

oracle = RequestValidator(TOKEN)

URLS = [
    URL,
    "https://mycompany.com:443/myapp.php?foo=1&bar=2",
    "http://127.0.0.1:8080/sms",
    "http://127.0.0.1/sms",
    "https://bot.example.com/twilio/voice",
    "https://bot.example.com:8443/voice?x=%20y",
]
PARAM_SETS: list[dict[str, Any]] = [
    {},
    PARAMS,
    {"Body": "Ünïcödé ✓ & <xml> + spaces", "From": "+15005550006"},
    {"b": "1", "B": "2", "a": ""},  # Unix-style, case-sensitive order
    {"MediaUrl": ["https://x/2", "https://x/1", "https://x/1"]},  # a repeated parameter
]


def test_twilio_documented_example() -> None:
    assert compute_signature(URL, PARAMS, TOKEN) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("params", PARAM_SETS, ids=range(len(PARAM_SETS)))
def test_signatures_are_those_twilio_python_computes(url: str, params: dict[str, Any]) -> None:
    expected = oracle.compute_signature(url, _multi(params))
    assert compute_signature(url, params, TOKEN) == expected
    assert validate(url, params, expected, TOKEN)


@pytest.mark.parametrize("url", URLS)
def test_each_port_variant_is_accepted_as_twilio_python_accepts_it(url: str) -> None:
    for signed in url_variants(url):
        signature = oracle.compute_signature(signed, PARAMS)
        assert oracle.validate(url, PARAMS, signature)
        assert validate(url, PARAMS, signature, TOKEN)


def test_the_port_variants_of_a_url() -> None:
    assert url_variants("https://x.com/a?b=1") == ("https://x.com/a?b=1", "https://x.com:443/a?b=1")
    assert url_variants("http://x.com:8080/a") == ("http://x.com/a", "http://x.com:8080/a")
    assert url_variants("http://[::1]:8080/a") == ("http://[::1]/a", "http://[::1]:8080/a")
    assert url_variants("http://x.com:port/a") == ()


@pytest.mark.parametrize(
    ("url", "params", "signature", "token"),
    [
        pytest.param(URL, PARAMS | {"Digits": "9999"}, None, TOKEN, id="tampered parameter"),
        pytest.param(URL, PARAMS | {"Extra": "1"}, None, TOKEN, id="added parameter"),
        pytest.param(URL.replace("foo=1", "foo=2"), PARAMS, None, TOKEN, id="tampered query"),
        pytest.param(URL.replace("myapp", "other"), PARAMS, None, TOKEN, id="tampered path"),
        pytest.param(URL.replace("https", "http"), PARAMS, None, TOKEN, id="tampered scheme"),
        pytest.param(URL, PARAMS, None, OTHER_TOKEN, id="wrong token"),
        pytest.param(URL, PARAMS, "", TOKEN, id="empty signature"),
        pytest.param(URL, PARAMS, "ü" * 28, TOKEN, id="not ASCII"),
    ],
)
def test_what_twilio_python_refuses_is_refused(
    url: str, params: dict[str, str], signature: str | None, token: str
) -> None:
    signed = oracle.compute_signature(URL, PARAMS) if signature is None else signature
    assert not RequestValidator(token).validate(url, params, signed)
    assert not validate(url, params, signed, token)


def test_a_missing_signature_is_refused() -> None:
    assert not validate(URL, PARAMS, None, TOKEN)


# -- JSON bodies: bodySHA256 -----------------------------------------------------------------

BODY = json.dumps({"property": "value", "boolean": True}).encode()
JSON_URL = (
    f"https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256={hashlib.sha256(BODY).hexdigest()}"
)


def test_the_body_hash_is_hex_sha256() -> None:
    assert body_sha256(BODY) == oracle.compute_hash(BODY.decode())


def test_a_json_body_is_signed_by_its_hash_in_the_url() -> None:
    signature = oracle.compute_signature(JSON_URL, {})
    assert oracle.validate(JSON_URL, BODY.decode(), signature)
    assert validate(JSON_URL, None, signature, TOKEN, body=BODY)


def test_a_tampered_json_body_is_refused() -> None:
    signature = oracle.compute_signature(JSON_URL, {})
    tampered = BODY.replace(b"value", b"other")
    assert not oracle.validate(JSON_URL, tampered.decode(), signature)
    assert not validate(JSON_URL, None, signature, TOKEN, body=tampered)


def test_a_json_body_without_its_hash_in_the_url_is_refused() -> None:
    signature = oracle.compute_signature(URL, {})
    assert not validate(URL, None, signature, TOKEN, body=BODY)


def _multi(params: dict[str, Any]) -> Any:
    """Parameters as twilio-python reads a repeated one: from a multi-dict (``getall``)."""

    class MultiDict(dict[str, Any]):
        def getall(self, name: str) -> list[str]:
            value = self[name]
            return value if isinstance(value, list) else [value]

    return MultiDict(params)
