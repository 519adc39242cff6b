"""List operations page lazily through ``next_page_uri`` (README: Python, ``PagedList``)."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from connector import NotFoundError, PagedList, UnauthorizedError
from tests.support.samples import ACCOUNT_SID as ACCOUNT

CALLS = f"/2010-04-01/Accounts/{ACCOUNT}/Calls.json"


def calls_page(sids: list[str], page: int, next_page: bool) -> dict[str, Any]:
    token = f"PageSize=2&Page={page + 1}&PageToken=PA{page + 1}"
    return {
        "calls": [{"sid": sid, "status": "completed"} for sid in sids],
        "page": page,
        "page_size": 2,
        "first_page_uri": f"{CALLS}?PageSize=2&Page=0",
        "next_page_uri": f"{CALLS}?{token}" if next_page else None,
        "uri": f"{CALLS}?PageSize=2&Page={page}",
    }


@pytest.fixture
def three_pages(server: Any) -> Any:
    """Five calls on three pages, served again from the start whenever asked."""
    pages = [
        {"body": calls_page(["CA1", "CA2"], 0, True), "headers": {"Twilio-Request-Id": "RQ1"}},
        {"body": calls_page(["CA3", "CA4"], 1, True)},
        {"body": calls_page(["CA5"], 2, False)},
    ]
    server.script(*pages, *pages)
    return server


def test_pages_are_fetched_as_iteration_reaches_them(three_pages: Any, make_connector: Any) -> None:
    result = make_connector(accountSid=ACCOUNT).execute("get-calls", {"pageSize": "2"})
    calls = result.payload
    assert isinstance(calls, PagedList)
    assert len(three_pages.requests) == 1  # the first page, at execute() time
    assert result.attributes.status_code == 200
    assert result.attributes.request_id == "RQ1"

    seen = []
    counts = []
    for call in calls:
        seen.append(call["sid"])
        counts.append(len(three_pages.requests))
    assert seen == ["CA1", "CA2", "CA3", "CA4", "CA5"]
    assert counts == [1, 1, 2, 2, 3]

    first, second, third = three_pages.requests
    assert (first.path, first.query) == (CALLS, [("PageSize", "2")])
    assert (second.path, second.query) == (
        CALLS,
        [("PageSize", "2"), ("Page", "1"), ("PageToken", "PA1")],
    )
    assert third.query == [("PageSize", "2"), ("Page", "2"), ("PageToken", "PA2")]
    assert len({r.header("Authorization") for r in three_pages.requests}) == 1


def call_record(n: int) -> dict[str, Any]:
    sid = f"CA{n:032x}"
    return {
        "sid": sid,
        "account_sid": ACCOUNT,
        "from": "+15005550006",
        "to": "+14155550100",
        "status": "completed",
        "direction": "outbound-api",
        "duration": str(n % 600),
        "price": "-0.01300",
        "start_time": "Tue, 31 Aug 2010 20:36:28 +0000",
        "parent_call_sid": None,
        "uri": CALLS.removesuffix(".json") + f"/{sid}.json",
    }


def thousand_calls(page: int, pages: int) -> bytes:
    """Page ``page`` of ``pages``, 1,000 calls each, as the bytes Twilio would send."""
    token = f"PageSize=1000&Page={page + 1}&PageToken=PA{page + 1}"
    body = {
        "calls": [call_record(page * 1000 + n) for n in range(1000)],
        "page": page,
        "page_size": 1000,
        "next_page_uri": f"{CALLS}?{token}" if page + 1 < pages else None,
    }
    return json.dumps(body).encode()


def peak_memory(action: Callable[[], object]) -> int:
    """The most bytes allocated at once while ``action`` runs (in every thread)."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_list_holds_one_page_at_a_time(server: Any, make_connector: Any) -> None:
    """Reading 20 pages costs no more memory than reading one: each page is let go before
    the next is fetched (the bodies are serialized up front, so the server allocates little)."""
    server.script(
        {"body": thousand_calls(0, 1)},
        *({"body": thousand_calls(page, 20)} for page in range(20)),
    )
    twilio = make_connector()
    counts: list[int] = []

    def read_every_call() -> None:
        counts.append(sum(1 for _ in twilio.invoke("get-calls", {"pageSize": 1000})))

    one_page = peak_memory(read_every_call)
    twenty_pages = peak_memory(read_every_call)
    assert counts == [1000, 20_000]
    assert len(server.requests) == 21
    assert twenty_pages < 1.3 * one_page


def test_limit_stops_early_without_another_request(three_pages: Any, make_connector: Any) -> None:
    calls = make_connector().invoke("get-calls", {"limit": "3", "pageSize": "2"})
    assert [call["sid"] for call in calls] == ["CA1", "CA2", "CA3"]
    assert len(three_pages.requests) == 2


def test_limit_within_the_first_page_needs_one_request(
    three_pages: Any, make_connector: Any
) -> None:
    calls = make_connector().invoke("get-calls", {"limit": 2, "pageSize": 2})
    assert calls.to_list() == [
        {"sid": "CA1", "status": "completed"},
        {"sid": "CA2", "status": "completed"},
    ]
    assert len(three_pages.requests) == 1


def test_limit_alone_sets_the_page_size(server: Any, make_connector: Any) -> None:
    server.answer(body={"calls": [], "next_page_uri": None})
    make_connector().invoke("get-calls", {"limit": "25"})
    make_connector().invoke("get-calls", {"limit": 5000})
    assert [r.query for r in server.requests] == [[("PageSize", "25")], [("PageSize", "1000")]]


def test_iterating_again_starts_over(three_pages: Any, make_connector: Any) -> None:
    calls = make_connector().invoke("get-calls", {"pageSize": "2"})
    first = [call["sid"] for call in calls]
    second = [call["sid"] for call in calls]
    assert first == second == ["CA1", "CA2", "CA3", "CA4", "CA5"]
    assert len(three_pages.requests) == 6
    assert three_pages.requests[3].query == [("PageSize", "2")]


def test_first_page_errors_surface_at_execute_time(server: Any, make_connector: Any) -> None:
    server.answer(
        status=401,
        body={"code": 20003, "message": "Authenticate", "status": 401},
    )
    with pytest.raises(UnauthorizedError) as caught:
        make_connector().invoke("get-calls")
    assert caught.value.code == 20003
    assert caught.value.type == "TWILIO:UNAUTHORIZED"


def test_a_failing_later_page_raises_while_iterating(server: Any, make_connector: Any) -> None:
    server.script({"body": calls_page(["CA1", "CA2"], 0, True)})
    server.answer(status=404, body={"code": 20404, "message": "page gone"})
    calls = make_connector().invoke("get-calls")
    seen = []
    with pytest.raises(NotFoundError):
        seen.extend(call["sid"] for call in calls)
    assert seen == ["CA1", "CA2"]


def test_an_empty_page_ends_the_list(server: Any, make_connector: Any) -> None:
    server.script({"body": {"calls": [], "next_page_uri": f"{CALLS}?Page=1"}})
    assert make_connector().invoke("get-calls").to_list() == []
    assert len(server.requests) == 1


def test_lookup_by_friendly_name_returns_the_first_match(server: Any, make_connector: Any) -> None:
    child = {"sid": "AC" + "b" * 32, "friendly_name": "Child"}
    server.script({"body": {"accounts": [child], "next_page_uri": None}})
    server.answer(body={"accounts": [], "next_page_uri": None})
    twilio = make_connector()
    assert twilio.invoke("get-sub-account-by-friendly-name", {"friendlyName": "Child"}) == child
    with pytest.raises(NotFoundError) as caught:
        twilio.invoke("get-sub-account-by-friendly-name", {"friendlyName": "Nobody"})
    assert caught.value.code == 20404
    assert "Nobody" in caught.value.message
    assert [r.query for r in server.requests] == [
        [("FriendlyName", "Child"), ("PageSize", "1")],
        [("FriendlyName", "Nobody"), ("PageSize", "1")],
    ]


def test_a_compressed_page_reads_as_the_plain_one(server: Any, make_connector: Any) -> None:
    """The body is read in one go (not through requests' 10 KB chunks), still decoded as its
    Content-Encoding says."""
    plain = thousand_calls(0, 1)
    server.script({"body": gzip.compress(plain), "headers": {"Content-Encoding": "gzip"}})
    calls = make_connector().invoke("get-calls", {"pageSize": 1000}).to_list()
    assert calls == json.loads(plain)["calls"]
    assert server.requests[0].header("Accept-Encoding") is not None
