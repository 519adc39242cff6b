"""Helpers for the emulator's tests: a client for one account, Twilio's error shape, and a
validator for the response schemas of Twilio's OpenAPI file (twilio_api_v2010.json)."""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from typing import Any

import requests
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parents[2]
SPEC_URI = "urn:twilio:api_v2010"
RFC2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$"
)
SID = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")

# The spec cannot mark a $ref property nullable, yet its own text says these are null at times.
NULLABLE_REFS = {"reason_conference_ended"}


class Api:
    """A client for one account of the emulator: paths are relative to the account's URL."""

    def __init__(self, url: str, sid: str, token: str, account_sid: str | None = None) -> None:
        self.url = url
        self.sid = account_sid or sid
        self.session = requests.Session()
        self.session.auth = (sid, token)

    @property
    def base(self) -> str:
        return f"{self.url}/2010-04-01/Accounts/{self.sid}"

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self._url(path), params=params or None, timeout=10)

    def post(self, path: str, **data: Any) -> requests.Response:
        return self.session.post(self._url(path), data=data, timeout=10)

    def delete(self, path: str) -> requests.Response:
        return self.session.delete(self._url(path), timeout=10)

    def send(
        self, to: str = "+14155550100", sender: str = "+15005550006", body: str = "hi"
    ) -> dict[str, Any]:
        response = self.post("/Messages.json", From=sender, To=to, Body=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


def assert_twilio_error(response: requests.Response, status: int, code: int) -> dict[str, Any]:
    """The response is Twilio's error JSON with this status and code."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body == {
        "code": code,
        "message": body["message"],
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }
    assert body["message"]
    return body


# --- Twilio's OpenAPI file as JSON Schema ------------------------------------------------


NAME_MAPS = ("properties", "schemas", "paths", "responses", "content")
"""Keys whose values map names to schemas (a property may well be called "description")."""


def openapi_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects as JSON Schema (2020-12), strict about fields.

    ``nullable: true`` becomes a type (or enum) that also allows null; an object with
    ``properties`` must have all of them and no others, so a missing or misspelt field fails.
    """
    if isinstance(node, list):
        return [openapi_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("nullable", "example", "examples", "description") or key.startswith("x-"):
            continue
        if key in NAME_MAPS and isinstance(value, dict):
            out[key] = {name: openapi_to_json_schema(sub) for name, sub in value.items()}
        else:
            out[key] = openapi_to_json_schema(value)
    if node.get("nullable"):
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    properties = out.get("properties")
    if isinstance(properties, dict) and all(isinstance(v, dict) for v in properties.values()):
        for name in NULLABLE_REFS & set(properties):
            properties[name] = {"anyOf": [properties[name], {"type": "null"}]}
        out["required"] = sorted(properties)
        out["additionalProperties"] = False
    return out


@cache
def spec(openapi: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(openapi.read_text("utf-8"))
    return document


@cache
def _registry(openapi: Path) -> Registry:
    converted = openapi_to_json_schema(spec(openapi))
    return Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(converted))


def _rfc2822(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return bool(RFC2822.match(value)) and parsedate_to_datetime(value) is not None


FORMATS = FormatChecker(formats=())
FORMATS.checks("date-time-rfc-2822")(_rfc2822)


def response_schema_ref(method: str, path: str, status: int) -> str:
    """The JSON pointer (within the spec) of an operation's response schema."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    return (
        f"{SPEC_URI}#/paths/{escaped}/{method.lower()}/responses/{status}"
        "/content/application~1json/schema"
    )


def validate_response(openapi: Path, method: str, path: str, status: int, body: Any) -> None:
    """Check `body` against the response schema that the OpenAPI file `openapi` gives for this
    operation."""
    operation = spec(openapi)["paths"][path][method.lower()]
    assert str(status) in operation["responses"], f"{method} {path} never answers {status}"
    validator = Draft202012Validator(
        {"$ref": response_schema_ref(method, path, status)},
        registry=_registry(openapi),
        format_checker=FORMATS,
    )
    problems = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not problems, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in problems[:10]
    )
