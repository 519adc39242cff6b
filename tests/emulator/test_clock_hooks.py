"""A resource's statuses move with the clock through the settle hook it registers beside its
routes: the application runs every registered hook, and knows no resource by name."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from emulator import ManualClock
from emulator.app import App
from emulator.resources import accounts
from emulator.routing import Ctx, Routes
from emulator.server import serve
from emulator.store import Db, Store
from tests.support.emulator_api import Api, assert_twilio_error


@pytest.fixture
def settled() -> list[float]:
    """The times the widgets' settle hook was called with."""
    return []


@pytest.fixture
def widgets(settled: list[float]) -> Routes:
    """A resource family made up here, in the shape of a resource module."""
    routes = Routes()

    @routes.settle
    def settle(db: Db, now: float) -> None:
        assert db.in_transaction
        settled.append(now)

    @routes.get("/Widgets.json")
    def list_widgets(ctx: Ctx) -> dict[str, Any]:
        return {"settled": list(settled)}

    return routes


@pytest.fixture
def widget_api(widgets: Routes, clock: ManualClock) -> Iterator[Api]:
    """A client of an application serving the widgets alone, on a loopback port."""
    store = Store()
    with store.transaction() as db:
        account = accounts.ensure(db, clock.now().timestamp())
    server = serve("127.0.0.1", 0, App(store, clock, families=[widgets]))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Api(f"http://127.0.0.1:{server.port}", account["sid"], account["auth_token"])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        store.close()


def test_a_registered_settle_hook_runs_before_each_request_at_the_clocks_time(
    widget_api: Api, clock: ManualClock
) -> None:
    start = clock.now()
    assert widget_api.get("/Widgets.json").json() == {"settled": [start.timestamp()]}
    clock.advance(5)
    later = (start + timedelta(seconds=5)).timestamp()
    assert widget_api.get("/Widgets.json").json() == {"settled": [start.timestamp(), later]}


def test_settle_hooks_wait_until_the_caller_is_known(widget_api: Api, settled: list[float]) -> None:
    stranger = Api(widget_api.url, widget_api.sid, "not the auth token")
    assert_twilio_error(stranger.get("/Widgets.json"), 401, 20003)
    assert settled == []


@pytest.fixture
def timed() -> Routes:
    """A family whose hook has work only at the times in its own table, with a due query."""
    routes = Routes()
    ran: list[float] = []

    @routes.settle
    def settle(db: Db, now: float) -> None:
        ran.append(now)
        db.execute("DELETE FROM gadget_due WHERE at <= ?", (now,))

    routes.due("SELECT min(at) FROM gadget_due")

    @routes.get("/Gadgets.json")
    def list_gadgets(ctx: Ctx) -> dict[str, Any]:
        return {"ran": list(ran)}

    @routes.post("/Gadgets.json")
    def refuse(ctx: Ctx) -> dict[str, Any]:
        ctx.db.execute("INSERT INTO gadget_due (at) VALUES (0)")
        raise ctx.not_found()

    return routes


@pytest.fixture
def gadget_store(clock: ManualClock) -> Iterator[tuple[Store, Api]]:
    """The store and a client of an application serving the timed family alone."""
    store = Store()
    with store.transaction() as db:
        db.execute("CREATE TABLE gadget_due (at REAL)")
        account = accounts.ensure(db, clock.now().timestamp())
    yield store, Api("", account["sid"], account["auth_token"])
    store.close()


def _serve(app: App, api: Api) -> tuple[Any, threading.Thread, Api]:
    server = serve("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    url = f"http://127.0.0.1:{server.port}"
    return server, thread, Api(url, api.sid, api.session.auth[1])  # type: ignore[index]


def test_hooks_with_a_due_query_run_when_due_or_after_the_data_changed(
    timed: Routes, gadget_store: tuple[Store, Api], clock: ManualClock
) -> None:
    store, credentials = gadget_store
    start = clock.now().timestamp()
    with store.transaction() as db:
        db.execute("INSERT INTO gadget_due (at) VALUES (?)", (start + 5,))
    server, thread, api = _serve(App(store, clock, families=[timed]), credentials)
    try:
        assert api.get("/Gadgets.json").json() == {"ran": []}  # nothing due yet
        clock.advance(5)
        assert api.get("/Gadgets.json").json() == {"ran": [start + 5]}  # due: it runs
        assert api.get("/Gadgets.json").json() == {"ran": [start + 5]}  # done: skipped
        with store.transaction() as db:  # the data changes: the due query is read again
            db.execute("INSERT INTO gadget_due (at) VALUES (?)", (start + 7,))
        assert api.get("/Gadgets.json").json() == {"ran": [start + 5]}
        clock.advance(2)
        assert api.get("/Gadgets.json").json() == {"ran": [start + 5, start + 7]}
        # A refusal rolls its own insert back (a due time of 0, now) and the hook stays idle.
        assert_twilio_error(api.post("/Gadgets.json"), 404, 20404)
        assert api.get("/Gadgets.json").json() == {"ran": [start + 5, start + 7]}
        with store.transaction() as db:
            assert db.execute("SELECT count(*) FROM gadget_due").fetchone()[0] == 0
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_hooks_without_a_due_query_run_before_every_request(
    widget_api: Api, clock: ManualClock
) -> None:
    now = clock.now().timestamp()
    widget_api.get("/Widgets.json")
    assert widget_api.get("/Widgets.json").json() == {"settled": [now, now]}
