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
