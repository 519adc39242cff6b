"""A client for one account of the emulator, and what every answer of Twilio's looks like: its
error shape and the form of a SID."""

from __future__ import annotations

import re
from typing import Any

import requests

#: The form of every SID Twilio gives: two capital letters and 32 lowercase hex digits.
SID = re.compile(r"^[A-Z]{2}[0-9a-f]{32}$")


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
