"""Seeding: load a fixtures document (``--seed FILE``, ``POST /_emulator/seed``, ``seed()``).

A fixtures document is a JSON object whose keys are resource kinds, each a list of records
written with Twilio's field names (``from``, ``to``, ``friendly_name``, ``date_created``, ...).
Times are ISO 8601 (``2024-01-31T12:00:00Z``). A record's ``account_sid`` defaults to the first
account of the document's ``accounts``, else to the emulator's oldest main account. Seeded
calls and messages keep the status they are given; they do not move on with the clock. See
emulator/README.md for every kind and field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from emulator.resources import (
    accounts,
    calls,
    conferences,
    connect_apps,
    messages,
    notifications,
    queues,
    recordings,
    short_codes,
    transcriptions,
)
from emulator.resources.phone_numbers import TEST_NUMBER, create_number
from emulator.store import Db, get, insert
from emulator.wire import is_e164, new_sid, parse_instant

Record = dict[str, Any]

FIELDS = {
    "incoming_phone_numbers": "phone_number friendly_name voice_url voice_method sms_url "
    "sms_method status_callback voice_application_sid sms_application_sid date_created",
    "outgoing_caller_ids": "sid phone_number friendly_name date_created",
    "applications": "sid friendly_name voice_url voice_method sms_url sms_method status_callback "
    "sms_status_callback date_created",
    "calls": "sid from to status direction parent_call_sid answered_by start_time end_time "
    "duration date_created",
    "messages": "sid from to body status direction error_code error_message num_media "
    "date_created date_sent",
    "conferences": "sid friendly_name status region reason_conference_ended date_created "
    "date_updated",
    "participants": "call_sid label muted hold coaching status end_conference_on_exit "
    "start_conference_on_enter date_created",
    "recordings": "sid call_sid conference_sid duration channels source status start_time "
    "date_created",
    "transcriptions": "sid recording_sid transcription_text status type duration date_created",
    "notifications": "sid call_sid error_code log message_text message_date request_method "
    "request_url request_variables response_body response_headers date_created",
    "queues": "sid friendly_name max_size date_created date_updated",
    "queue_members": "call_sid date_enqueued",
    "short_codes": "sid short_code friendly_name api_version sms_url sms_method sms_fallback_url "
    "sms_fallback_method date_created date_updated",
    "connect_apps": "sid friendly_name company_name description homepage_url "
    "authorize_redirect_url deauthorize_callback_url deauthorize_callback_method permissions "
    "date_created date_updated",
    "authorized_connect_apps": "connect_app_sid permissions date_created",
}
"""The fields a record of each kind may have (Twilio's names, space-separated)."""
COLUMNS = {"from": "from_number", "to": "to_number"}
"""Twilio's field names that are not the names of their columns."""
TIMES = {
    "date_created",
    "date_updated",
    "date_sent",
    "start_time",
    "end_time",
    "message_date",
    "date_enqueued",
}
BOOLEANS = {"muted", "hold", "coaching", "end_conference_on_exit", "start_conference_on_enter"}
KINDS = (
    "accounts",
    "api_keys",
    "conference_numbers",
    "incoming_phone_numbers",
    "outgoing_caller_ids",
    "applications",
    "calls",
    "messages",
    "conferences",
    "recordings",
    "transcriptions",
    "notifications",
    "queues",
    "short_codes",
    "connect_apps",
    "authorized_connect_apps",
)


class FixtureError(ValueError):
    """A fixtures document that cannot be loaded; the message says where."""


def load(db: Db, fixtures: Any, now: float) -> dict[str, list[str]]:
    """Create everything `fixtures` describes; the SIDs created, by kind."""
    if not isinstance(fixtures, dict):
        raise FixtureError("fixtures must be a JSON object")
    unknown = sorted(set(fixtures) - set(KINDS))
    if unknown:
        raise FixtureError(f"unknown fixture kinds {unknown}; known: {', '.join(KINDS)}")
    loader = _Loader(db, now)
    created: dict[str, list[str]] = {}
    for kind in KINDS:
        if kind in fixtures:
            method: Callable[[Any], list[str]] = getattr(loader, kind)
            created[kind] = method(fixtures[kind])
    return created


class _Loader:
    def __init__(self, db: Db, now: float) -> None:
        self.db = db
        self.now = now
        self.default_account: str | None = None

    def _items(self, kind: str, value: Any) -> list[Record]:
        if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
            raise FixtureError(f"{kind} must be a list of objects")
        return value

    def _account(self, kind: str, item: Record) -> str:
        sid = item.get("account_sid") or self.default_account
        if sid is None:
            row = self.db.execute(
                "SELECT sid FROM accounts WHERE sid = owner_account_sid ORDER BY seq LIMIT 1"
            ).fetchone()
            sid = None if row is None else row[0]
        if sid is None or get(self.db, "accounts", sid) is None:
            raise FixtureError(f"{kind}: account {sid} does not exist")
        return str(sid)

    def _columns(self, kind: str, item: Record, extra: tuple[str, ...] = ()) -> Record:
        fields = FIELDS[kind].split()
        unknown = sorted(set(item) - set(fields) - {"account_sid", *extra})
        if unknown:
            raise FixtureError(f"{kind}: unknown fields {unknown}; known: {', '.join(fields)}")
        values: Record = {"account_sid": self._account(kind, item), "date_created": self.now}
        for name in fields:
            if name not in item:
                continue
            column, value = COLUMNS.get(name, name), item[name]
            if column in TIMES and value is not None:
                try:
                    value = parse_instant(str(value))
                except ValueError:
                    raise FixtureError(
                        f"{kind}: {name} must be an ISO 8601 time, not {value!r}"
                    ) from None
            elif column in BOOLEANS:
                value = int(bool(value))
            values[column] = value
        values.setdefault("date_updated", values["date_created"])
        return values

    def accounts(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("accounts", value):
            sid = item.get("sid")
            existing = get(self.db, "accounts", sid) if sid else None
            if existing is None:
                existing = accounts.create(
                    self.db,
                    self.now,
                    sid=sid,
                    auth_token=item.get("auth_token"),
                    friendly_name=item.get("friendly_name"),
                    owner=item.get("owner_account_sid"),
                    status=item.get("status", "active"),
                )
            sids.append(existing["sid"])
        self.default_account = sids[0] if sids else None
        return sids

    def api_keys(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("api_keys", value):
            if not item.get("secret"):
                raise FixtureError("api_keys: each key needs a secret")
            sid = item.get("sid") or new_sid("SK")
            insert(
                self.db,
                "api_keys",
                {
                    "sid": sid,
                    "secret": item["secret"],
                    "account_sid": self._account("api_keys", item),
                    "friendly_name": item.get("friendly_name"),
                    "date_created": self.now,
                },
            )
            sids.append(sid)
        return sids

    def conference_numbers(self, value: Any) -> list[str]:
        if not isinstance(value, dict) or not all(is_e164(k) for k in value):
            raise FixtureError("conference_numbers must map E.164 numbers to conference names")
        for number, name in value.items():
            self.db.execute(
                "INSERT OR REPLACE INTO conference_numbers (phone_number, friendly_name) "
                "VALUES (?, ?)",
                (number, str(name)),
            )
        return list(value)

    def incoming_phone_numbers(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("incoming_phone_numbers", value):
            values = self._columns("incoming_phone_numbers", item)
            number = values.pop("phone_number", None)
            if not number or not is_e164(number):
                raise FixtureError(f"incoming_phone_numbers: phone_number {number!r} is not E.164")
            sids.append(create_number(self.db, values.pop("account_sid"), number, self.now, values))
        return sids

    def outgoing_caller_ids(self, value: Any) -> list[str]:
        return self._simple("outgoing_caller_ids", "PN", value)

    def applications(self, value: Any) -> list[str]:
        return self._simple("applications", "AP", value, {"api_version": "2010-04-01"})

    def _simple(
        self, kind: str, prefix: str, value: Any, defaults: Record | None = None
    ) -> list[str]:
        sids = []
        for item in self._items(kind, value):
            values = {**(defaults or {}), **self._columns(kind, item)}
            values.setdefault("sid", new_sid(prefix))
            insert(self.db, kind, values)
            sids.append(values["sid"])
        return sids

    def calls(self, value: Any) -> list[str]:
        return [self._call(item) for item in self._items("calls", value)]

    def _call(self, item: Record, status: str = "completed") -> str:
        values = self._columns("calls", item)
        values.setdefault("from_number", TEST_NUMBER)
        values.setdefault("to_number", "+14155550100")
        values.setdefault("status", status)
        values.setdefault("start_time", values["date_created"])
        if values["status"] == "completed" and "end_time" not in values:
            values["end_time"] = values["start_time"] + int(values.get("duration") or 0)
        if values["status"] == "completed":
            values.setdefault("duration", round(values["end_time"] - values["start_time"]))
        return calls.insert_call(self.db, values)

    def messages(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("messages", value):
            values = self._columns("messages", item)
            values.setdefault("from_number", TEST_NUMBER)
            values.setdefault("status", "delivered")
            if "to_number" not in values:
                raise FixtureError("messages: each message needs a 'to'")
            if values["status"] in ("sent", "delivered", "undelivered", "received"):
                values.setdefault("date_sent", values["date_created"])
            sids.append(messages.insert_message(self.db, values))
        return sids

    def conferences(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("conferences", value):
            values = self._columns("conferences", item, extra=("participants",))
            values.setdefault("status", "in-progress")
            sid = conferences.create_conference(self.db, values)
            for person in self._items("participants", item.get("participants", [])):
                fields = self._columns(
                    "participants", {"account_sid": values["account_sid"], **person}
                )
                if "call_sid" not in fields:
                    fields["call_sid"] = self._call(
                        {"account_sid": values["account_sid"]}, "in-progress"
                    )
                conferences.add_participant(self.db, {**fields, "conference_sid": sid})
            sids.append(sid)
        return sids

    def recordings(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("recordings", value):
            values = self._columns("recordings", item)
            values.setdefault("duration", 10)
            values.setdefault("start_time", values["date_created"])
            sids.append(recordings.create_recording(self.db, values))
        return sids

    def transcriptions(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("transcriptions", value):
            values = self._columns("transcriptions", item)
            if "recording_sid" not in values:
                values["recording_sid"] = self.recordings([{"account_sid": values["account_sid"]}])[
                    0
                ]
            sids.append(transcriptions.create_transcription(self.db, values))
        return sids

    def notifications(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("notifications", value):
            values = self._columns("notifications", item)
            values.setdefault("error_code", "11200")
            values.setdefault("message_date", values["date_created"])
            sids.append(notifications.create_notification(self.db, values))
        return sids

    def queues(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("queues", value):
            values = self._columns("queues", item, extra=("members",))
            name = values.get("friendly_name")
            if not name:
                raise FixtureError("queues: each queue needs a friendly_name")
            sid = values.get("sid") or new_sid("QU")
            values = {"max_size": queues.DEFAULT_MAX_SIZE, **values, "sid": sid}
            insert(self.db, "queues", values)
            for member in self._items("members", item.get("members", [])):
                fields = self._columns(
                    "queue_members", {"account_sid": values["account_sid"], **member}
                )
                if "call_sid" not in fields:
                    fields["call_sid"] = self._call(
                        {"account_sid": values["account_sid"]}, "in-progress"
                    )
                insert(
                    self.db,
                    "queue_members",
                    {
                        "queue_sid": sid,
                        "call_sid": fields["call_sid"],
                        "account_sid": values["account_sid"],
                        "date_enqueued": fields.get("date_enqueued", self.now),
                    },
                )
            sids.append(sid)
        return sids

    def short_codes(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("short_codes", value):
            values = self._columns("short_codes", item)
            if not str(values.get("short_code", "")).isdigit():
                raise FixtureError("short_codes: each needs a short_code of digits")
            sids.append(short_codes.create_short_code(self.db, values))
        return sids

    def connect_apps(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("connect_apps", value):
            values = self._columns("connect_apps", item)
            try:
                values["permissions"] = connect_apps.permissions(values.get("permissions", []))
            except ValueError as exc:
                raise FixtureError(f"connect_apps: {exc}") from None
            sids.append(connect_apps.create_connect_app(self.db, values))
        return sids

    def authorized_connect_apps(self, value: Any) -> list[str]:
        sids = []
        for item in self._items("authorized_connect_apps", value):
            values = self._columns("authorized_connect_apps", item)
            app = values.get("connect_app_sid")
            if not app or get(self.db, "connect_apps", app) is None:
                raise FixtureError(f"authorized_connect_apps: connect app {app!r} does not exist")
            try:
                granted = connect_apps.permissions(values.get("permissions", []))
            except ValueError as exc:
                raise FixtureError(f"authorized_connect_apps: {exc}") from None
            connect_apps.authorize_app(
                self.db, values["account_sid"], app, granted, values["date_created"]
            )
            sids.append(app)
        return sids
