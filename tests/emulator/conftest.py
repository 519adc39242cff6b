"""Fixtures for the emulator's tests: a real emulator on a loopback port, on a manual clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connector import Connector
from emulator import Account, Emulator, ManualClock
from tests.emulator.webhook_app import WebhookApp
from tests.support.e2e import RecordingConnector
from tests.support.emulator_api import Api


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[Emulator]:
    with Emulator(clock=clock) as emulator:
        yield emulator


@pytest.fixture
def account(emu: Emulator) -> Account:
    return emu.create_account(friendly_name="Main")


@pytest.fixture
def api(emu: Emulator, account: Account) -> Api:
    return Api(emu.url, account.sid, account.auth_token)


@pytest.fixture
def webhooks(account: Account) -> Iterator[WebhookApp]:
    """The account's application server on loopback, for the emulator to call."""
    app = WebhookApp(account.auth_token)
    yield app
    app.close()


@pytest.fixture
def twilio(emu: Emulator, account: Account) -> Iterator[Connector]:
    """A recording connector for the test account, pointed at the emulator by ``baseUrl``
    (see tests/support/e2e.py)."""
    with RecordingConnector(
        {"accountSid": account.sid, "authToken": account.auth_token, "baseUrl": emu.url}
    ) as connector:
        yield connector
