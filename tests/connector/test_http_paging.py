"""List operations page lazily through ``next_page_uri`` (SPEC section 4, "Lists")."""

from __future__ import annotations

from typing import Any

import pytest

from connector import NotFoundError, PagedList, UnauthorizedError

ACCOUNT = "AC0123456789abcdef0123456789abcdef"
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
