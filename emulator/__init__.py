"""A local server that behaves like api.twilio.com (2010-04-01) for the connector's operations.

>>> with Emulator() as emu:
...     account = emu.create_account()
...     # point any Twilio client at emu.url with account.sid / account.auth_token
...     emu.inbound_message(from_="+14155550100", to="+15005550006", body="Hi")
...     emu.callbacks()  # the status callbacks sent, and how each went

It imports nothing from connector/, operations/ or flows/: it behaves like Twilio, not like our
client. See emulator/README.md.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from emulator import fixtures, inbound_calls, inbound_messages, outbox
from emulator.app import App
from emulator.clock import Clock, ManualClock, SystemClock
from emulator.outbox import Courier, DeliveryPolicy
from emulator.pacing import Pacing
from emulator.resources import accounts
from emulator.server import THREADS, Server, serve
from emulator.store import Store

__all__ = ["Account", "Clock", "DeliveryPolicy", "Emulator", "ManualClock", "SystemClock"]

POLL_INTERVAL = 0.05
"""How often (seconds) the server checks whether it is asked to stop."""


@dataclass(frozen=True)
class Account:
    """An account's credentials."""

    sid: str
    auth_token: str
    friendly_name: str | None = None


class Emulator:
    """The emulator: serves its WSGI app on a loopback port from a daemon thread.

    `db` is a SQLite file that keeps state across restarts; without it the state lives in
    memory and is gone when the emulator stops. `port` 0 picks a free port. While it serves, a
    courier thread moves life cycles on with the clock and delivers status callbacks as
    `delivery` says. `sender_mps` and `max_concurrent_requests` turn on Twilio's limits on
    bulk sending (see pacing.py); ``GET /_emulator/senders`` lists when each message was
    accepted. `answer_calls` makes every call made through the API, once the clock answers it,
    carry out its TwiML for a silent callee (its Url fetched, as Twilio does), on a thread of
    its own.
    """

    def __init__(
        self,
        db: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | None = None,
        delivery: DeliveryPolicy | None = None,
        *,
        sender_mps: float | None = None,
        max_concurrent_requests: int | None = None,
        answer_calls: bool = False,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.host = host
        self.port = port
        self._store = Store(db)
        self.app = App(self._store, self.clock)
        self.app.pacing = Pacing(sender_mps, max_concurrent_requests)
        self._max_concurrent_requests = max_concurrent_requests
        self._courier = Courier(self._store, self.clock, self.app.settle_hooks, delivery)
        self.app.answer_calls = answer_calls
        self._answerer: inbound_calls.CallAnswerer | None = None
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL clients use, e.g. http://127.0.0.1:8765."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._server.port}"

    def start(self) -> Emulator:
        """Start serving in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("the emulator is already started")
        # A worker per request the pacing admits at once, and some more, so that a request
        # over the limit reaches the application and is refused as Twilio refuses it.
        cap = self._max_concurrent_requests or 0
        self._server = serve(self.host, self.port, self.app, threads=max(THREADS, cap + 8))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL},
            name="twilio-emulator",
            daemon=True,
        )
        self._thread.start()
        self._courier.start()
        if self.app.answer_calls:
            self._answerer = inbound_calls.CallAnswerer(
                self._store, base_url=self.url, settle=self.app.settler
            )
            self._answerer.start()
        return self

    def stop(self) -> None:
        """Stop serving, answering and delivering, and close the database."""
        if self._answerer is not None:
            self._answerer.stop()
            self._answerer = None
        self._courier.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            if self._thread is not None:
                self._thread.join()
            self._server = self._thread = None
        self._store.close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def create_account(
        self,
        sid: str | None = None,
        auth_token: str | None = None,
        friendly_name: str | None = None,
    ) -> Account:
        """A main account with these credentials (generated when not given); it owns
        +15005550006. Asking again for an existing SID with its token returns it unchanged."""
        with self._store.transaction() as db:
            row = accounts.ensure(
                db, self._now(), sid=sid, auth_token=auth_token, friendly_name=friendly_name
            )
        return Account(row["sid"], row["auth_token"], row["friendly_name"])

    def create_api_key(self, account_sid: str) -> tuple[str, str]:
        """A new API key acting as the account: (key SID "SK...", secret)."""
        with self._store.transaction() as db:
            return accounts.create_api_key(db, account_sid, self._now())

    def seed(self, fixtures_document: dict[str, Any]) -> dict[str, list[str]]:
        """Load fixtures (the format of ``--seed FILE``); the SIDs created, by kind."""
        with self._store.transaction() as db:
            return fixtures.load(db, fixtures_document, self._now())

    def first_account(self) -> Account | None:
        """The oldest main account, if there is one (e.g. in a database from an earlier run)."""
        with self._store.transaction() as db:
            row = db.execute(
                "SELECT * FROM accounts WHERE sid = owner_account_sid ORDER BY seq LIMIT 1"
            ).fetchone()
        return None if row is None else Account(row["sid"], row["auth_token"], row["friendly_name"])

    def inbound_message(
        self,
        *,
        from_: str,
        to: str,
        body: str = "",
        media_urls: Iterable[str] = (),
        account_sid: str | None = None,
    ) -> dict[str, Any]:
        """A text from `from_` to the owned number `to`, as ``POST /_emulator/inbound/messages``:
        stored, posted to the number's SmsUrl, its TwiML answer carried out. Answers
        ``{"message", "replies", "transcript"}``; TwilioError (404) when no account owns `to`."""
        fields = {"From": from_, "To": to, "Body": body, "AccountSid": account_sid}
        return inbound_messages.receive_message(self._store, self._now(), fields, media_urls)

    def inbound_call(
        self,
        *,
        from_: str,
        to: str,
        inputs: Iterable[str] = (),
        account_sid: str | None = None,
    ) -> dict[str, Any]:
        """A call from `from_` to the owned number `to`, as ``POST /_emulator/inbound/calls``:
        the caller gives `inputs` in order (digits, or ``speech:`` and words). Answers
        ``{"call", "transcript"}``; TwilioError (404) when no account owns `to`."""
        fields = {"From": from_, "To": to, "AccountSid": account_sid}
        return inbound_calls.receive_call(self._store, self._now(), fields, inputs, self.url)

    def answer_call(
        self, sid: str, *, inputs: Iterable[str] = (), answered_by: str | None = None
    ) -> dict[str, Any]:
        """Answer the outbound call `sid` (made through the API, still ringing), as ``POST
        /_emulator/calls/{sid}/answer``: its Url's (or Twiml's) TwiML carried out for a callee
        who gives `inputs` in order; `answered_by` is what machine detection finds, for a call
        made with MachineDetection (default ``human``). Answers ``{"call", "transcript"}``;
        TwilioError (404) for no such call, (400) for one that is not an outbound call still
        ringing, or an `answered_by` its detection cannot find."""
        settle = self.app.settler
        now = self._now()
        return inbound_calls.answer_call(
            self._store,
            now,
            sid,
            inputs,
            base_url=self.url,
            settle=lambda db: settle(db, now),
            answered_by=answered_by,
        )

    def callbacks(self, resource_sid: str | None = None) -> list[dict[str, Any]]:
        """The status callbacks in the outbox, oldest first, as ``GET /_emulator/callbacks``."""
        with self._store.transaction() as db:
            return outbox.listing(db, resource_sid)

    def _now(self) -> float:
        return self.clock.now().timestamp()
