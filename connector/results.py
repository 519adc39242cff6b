"""What an operation returns: the payload (JSON data, a lazy list, bytes, text or ``None``)
and its attributes (HTTP status, Twilio-Request-Id, the URI asked for, the media type)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any
from urllib.parse import urlsplit

from connector.http import ApiRequest, ApiResponse, HttpClient

__all__ = ["Attributes", "PagedList", "Result"]


@dataclass(frozen=True)
class Attributes:
    """Mule-style attributes of an operation's result (status and URI are ``None`` for an
    operation that sends no request)."""

    status_code: int | None
    request_id: str | None
    uri: str | None
    media_type: str = "application/json"

    @classmethod
    def of(cls, response: ApiResponse) -> Attributes:
        """The attributes of one HTTP response."""
        parts = urlsplit(response.url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        media_type = response.content_type.split(";")[0].strip() or "application/json"
        return cls(response.status, response.request_id, uri, media_type)

    def to_dict(self) -> dict[str, Any]:
        """The attributes as JSON data (camelCase names, as flows see them)."""
        return {
            "statusCode": self.status_code,
            "requestId": self.request_id,
            "uri": self.uri,
            "mediaType": self.media_type,
        }


@dataclass(frozen=True)
class Result:
    """An operation's payload with its attributes."""

    payload: Any
    attributes: Attributes


class PagedList:
    """A lazy list of records: pages are fetched as iteration reaches them.

    The operation fetches the first page at once (so a bad request fails where it was made);
    the rest follow Twilio's envelope while iterating: ``next_page_uri`` (the 2010 API, a path)
    or ``meta.next_page_url`` (v1/v2 APIs, an absolute URL, whose records are under
    ``meta.key``), which must stay on the origin configured for the request's domain.
    At most one page is held at a time; iterating again starts over from the first request.
    ``limit`` caps the records returned.
    """

    def __init__(
        self,
        client: HttpClient,
        request: ApiRequest,
        list_key: str,
        *,
        limit: int | None = None,
        first: ApiResponse | None = None,
    ) -> None:
        self._client = client
        self._request = request
        self._first = first
        self.list_key = list_key
        self.limit = limit
        self.attributes = Attributes.of(first) if first is not None else None

    def __repr__(self) -> str:
        return f"PagedList({self._request.operation or self._request.path!r}, limit={self.limit})"

    def pages(self) -> Iterator[list[Any]]:
        """Each page's records, in order, fetched one request at a time.

        When the next page is asked for, nothing here refers to the last one any more: a caller
        that lets go of it too holds one page at a time.
        """
        request: ApiRequest | None = self._request
        response, self._first = self._first, None
        while request is not None:
            if response is None:
                response = self._client.request(request)
            body = None if response.dry_run else _parsed(response)
            response = None
            if not isinstance(body, dict):
                return
            meta = body.get("meta")
            meta = meta if isinstance(meta, dict) else {}
            records = body.get(meta.get("key") or self.list_key) or []
            next_uri = body.get("next_page_uri") or meta.get("next_page_url")
            request = (
                ApiRequest(
                    "GET",
                    next_uri,
                    operation=self._request.operation,
                    domain=self._request.domain,
                )
                if next_uri and records
                else None
            )
            del body
            yield records
            del records  # let this page go before the next one is fetched

    def __iter__(self) -> Iterator[Any]:
        # chain keeps only an iterator over the current page, and a list's iterator lets go
        # of the list once exhausted: the page is released before the next one is fetched.
        records = chain.from_iterable(self.pages())
        return records if self.limit is None else islice(records, self.limit)

    def to_list(self) -> list[Any]:
        """Every record (up to ``limit``), fetched now."""
        return list(self)


def _parsed(response: ApiResponse) -> Any:
    """A page's JSON, parsed with the cyclic garbage collector paused.

    A page of 1,000 records is tens of thousands of new dicts and lists, enough to set off
    dozens of collections while it is parsed, each scanning the young objects for cycles that
    parsed JSON cannot have (a third of the parsing time). The allocations still count, so the
    collection they call for happens afterwards. Another thread that pauses the collector at
    the same time keeps it paused until it is done (whoever paused it turns it back on).
    """
    if not gc.isenabled():
        return response.json()
    gc.disable()
    try:
        return response.json()
    finally:
        gc.enable()
