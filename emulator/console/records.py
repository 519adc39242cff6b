"""What the console reads: messages, calls, callbacks, conferences, queues and the account, from
the store's tables.

Every function takes an open transaction and the `Scope` of accounts the viewer may see, and
returns plain dictionaries for the templates. Tables and columns that other features add
(Messaging Services, scheduled messages, message media) are read only when they exist, so the
console works on any database the emulator opens.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from emulator import inbound_calls
from emulator.clock import Timeline
from emulator.console.filters import LIMIT, Filters, Scope, when
from emulator.resources import calls, messages
from emulator.store import Db, Row

__all__ = [
    "account_view",
    "call_record",
    "callback",
    "callback_records",
    "conference_records",
    "message_record",
    "queue_records",
    "recent_calls",
    "recent_messages",
]


def _tables(db: Db) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _value(row: Row, column: str) -> Any:
    """The row's `column`, or None when the table has no such column (yet)."""
    return row[column] if column in row.keys() else None  # noqa: SIM118 (sqlite3.Row)


def _steps(raw: str | None) -> list[dict[str, Any]]:
    steps = json.loads(raw) if raw else []
    return steps if isinstance(steps, list) else []


def _transcripts(db: Db, sids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    wanted = list(sids)
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    rows = db.execute(
        f"SELECT resource_sid, steps FROM transcripts WHERE resource_sid IN ({marks})",  # noqa: S608
        wanted,
    )
    return {row["resource_sid"]: _steps(row["steps"]) for row in rows}


def _timeline(row: Row) -> Timeline | None:
    """The life cycle an outbound message follows (through a Messaging Service or not, once
    the messages module knows of them), if any."""
    if not row["outcome"]:
        return None
    timeline_of = getattr(messages, "timeline_of", None)
    if timeline_of is not None:
        found: Timeline = timeline_of(row)
        return found
    return messages.TIMELINES.get(row["outcome"])


def _message_history(row: Row) -> list[dict[str, Any]]:
    """The statuses the message went through, each with its time on the clock."""
    created, status = row["date_created"], row["status"]
    if row["direction"] == "inbound":
        return [{"status": status, "at": when(created)}]
    history: list[dict[str, Any]] = []
    send_at = _value(row, "send_at")
    if send_at is not None:
        history.append({"status": "scheduled", "at": when(created)})
        created = send_at if status != "scheduled" else created
    elif _value(row, "leaves_queue") is not None:
        created = row["leaves_queue"]  # queued at its sender's rate: its life cycle starts then
    timeline = _timeline(row)
    statuses = [step for _, step in timeline.steps] if timeline else []
    if timeline is not None and status in statuses:
        for index in range(statuses.index(status) + 1):
            history.append(
                {"status": statuses[index], "at": when(timeline.reached(created, index))}
            )
    elif not history or history[-1]["status"] != status:
        history.append({"status": status, "at": when(row["date_updated"])})
    if send_at is None and created != row["date_created"]:
        history[0]["at"] = when(row["date_created"])  # queued when accepted, whatever the rate
    last = history[-1]
    if status in messages.FAILED and row["error_code"] is not None:
        last["error_code"] = row["error_code"]
        last["error_message"] = row["error_message"]
    return history


def _media(db: Db, rows: Sequence[Row], tables: set[str]) -> dict[str, list[dict[str, str]]]:
    """Each message's media: from the message_media table when there is one, else (for
    inbound texts) the MediaUrl parameters their webhook was given."""
    found: dict[str, list[dict[str, str]]] = {}
    sids = [row["sid"] for row in rows if row["num_media"]]
    if not sids:
        return found
    marks = ", ".join("?" * len(sids))
    if "message_media" in tables:
        for media in db.execute(
            f"SELECT * FROM message_media WHERE parent_sid IN ({marks}) ORDER BY seq",  # noqa: S608
            sids,
        ):
            found.setdefault(media["parent_sid"], []).append(
                {"url": media["url"], "content_type": media["content_type"]}
            )
    for sid, steps in _transcripts(db, (s for s in sids if s not in found)).items():
        params = steps[0].get("request", {}).get("params", {}) if steps else {}
        index = 0
        while f"MediaUrl{index}" in params:
            found.setdefault(sid, []).append(
                {
                    "url": params[f"MediaUrl{index}"],
                    "content_type": params.get(f"MediaContentType{index}", ""),
                }
            )
            index += 1
    return found


def _message(row: Row, media: list[dict[str, str]], services: dict[str, str]) -> dict[str, Any]:
    service = _value(row, "messaging_service_sid")
    send_at = _value(row, "send_at")
    return {
        "sid": row["sid"],
        "account_sid": row["account_sid"],
        "direction": row["direction"],
        "from": row["from_number"] or "",
        "to": row["to_number"],
        "body": row["body"] or "",
        "status": row["status"],
        "created": when(row["date_created"]),
        "history": _message_history(row),
        "media": media,
        "service_sid": service,
        "service_name": services.get(service or "", ""),
        "send_at": when(send_at) if send_at is not None else "",
        "scheduled": row["status"] == "scheduled",
    }


def _services(db: Db, tables: set[str]) -> dict[str, str]:
    if "messaging_services" not in tables:
        return {}
    return {
        row["sid"]: row["friendly_name"]
        for row in db.execute("SELECT sid, friendly_name FROM messaging_services")
    }


def recent_messages(db: Db, scope: Scope, filters: Filters) -> tuple[list[dict[str, Any]], bool]:
    """The filters' page of messages that pass them, newest first, and whether older ones
    follow."""
    where, params = filters.where(scope, ("from_number", "to_number"))
    rows = db.execute(
        f"SELECT * FROM messages WHERE {where} "  # noqa: S608
        "ORDER BY date_created DESC, seq DESC LIMIT ? OFFSET ?",
        (*params, LIMIT + 1, filters.offset),
    ).fetchall()
    more, rows = len(rows) > LIMIT, rows[:LIMIT]
    tables = _tables(db)
    media, services = _media(db, rows, tables), _services(db, tables)
    return [_message(row, media.get(row["sid"], []), services) for row in rows], more


def message_record(db: Db, scope: Scope, sid: str) -> tuple[dict[str, Any], Row] | None:
    """One message for its page (with its callbacks and transcript), and its row."""
    row = db.execute("SELECT * FROM messages WHERE sid = ?", (sid,)).fetchone()
    if row is None or not scope.sees(row["account_sid"]):
        return None
    tables = _tables(db)
    record = _message(row, _media(db, [row], tables).get(sid, []), _services(db, tables))
    record["transcript"] = _transcripts(db, [sid]).get(sid, [])
    record["callbacks"] = _callbacks(db, "resource_sid = ?", [sid])
    record["error_code"] = row["error_code"]
    record["error_message"] = row["error_message"]
    return record, row


def _call_history(row: Row) -> list[dict[str, Any]]:
    """The statuses the call went through, each with its time on the clock."""
    status, created = row["status"], row["date_created"]
    statuses = [step for _, step in calls.CALL_TIMELINE.steps]
    answered = calls.CALL_TIMELINE.reached(created, statuses.index("in-progress"))
    on_the_clock = row["start_time"] in (None, answered)  # not answered on demand
    if row["direction"] != "inbound" and status in statuses and on_the_clock:
        return [
            {"status": statuses[i], "at": when(calls.CALL_TIMELINE.reached(created, i))}
            for i in range(statuses.index(status) + 1)
        ]
    first = "ringing" if row["direction"] == "inbound" else "queued"
    history = [{"status": first, "at": when(created)}]
    if row["start_time"] is not None:
        history.append({"status": "in-progress", "at": when(row["start_time"])})
    if status != history[-1]["status"]:
        history.append({"status": status, "at": when(row["end_time"] or row["date_updated"])})
    return history


def _call(row: Row) -> dict[str, Any]:
    return {
        "sid": row["sid"],
        "account_sid": row["account_sid"],
        "direction": row["direction"],
        "from": row["from_number"],
        "to": row["to_number"],
        "status": row["status"],
        "created": when(row["date_created"]),
        "duration": row["duration"],
        "answered_by": row["answered_by"],
        "history": _call_history(row),
        "url": row["url"],
        # an API call still ringing may be answered here, for a scripted callee
        "answerable": inbound_calls.refusal(row) is None,
        "detections": calls.ANSWERED_BY.get(row["machine_detection"] or "", ()),
    }


def recent_calls(db: Db, scope: Scope, filters: Filters) -> tuple[list[dict[str, Any]], bool]:
    """The filters' page of calls that pass them, newest first, with their recordings, and
    whether older ones follow."""
    where, params = filters.where(scope, ("from_number", "to_number"))
    rows = db.execute(
        f"SELECT * FROM calls WHERE {where} "  # noqa: S608
        "ORDER BY date_created DESC, seq DESC LIMIT ? OFFSET ?",
        (*params, LIMIT + 1, filters.offset),
    ).fetchall()
    more, rows = len(rows) > LIMIT, rows[:LIMIT]
    found = [_call(row) for row in rows]
    recordings = _recordings(db, [row["sid"] for row in rows])
    for call in found:
        call["recordings"] = recordings.get(call["sid"], [])
    return found, more


def _recordings(db: Db, call_sids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    if not call_sids:
        return found
    marks = ", ".join("?" * len(call_sids))
    for row in db.execute(
        f"SELECT * FROM recordings WHERE call_sid IN ({marks}) ORDER BY seq",  # noqa: S608
        list(call_sids),
    ):
        found.setdefault(row["call_sid"], []).append(
            {"sid": row["sid"], "duration": row["duration"], "status": row["status"]}
        )
    return found


def call_record(db: Db, scope: Scope, sid: str) -> tuple[dict[str, Any], Row] | None:
    """One call for its page (recordings, transcript, callbacks), and its row."""
    row = db.execute("SELECT * FROM calls WHERE sid = ?", (sid,)).fetchone()
    if row is None or not scope.sees(row["account_sid"]):
        return None
    record = _call(row)
    record["recordings"] = _recordings(db, [sid]).get(sid, [])
    record["transcript"] = _transcripts(db, [sid]).get(sid, [])
    record["callbacks"] = _callbacks(db, "resource_sid = ?", [sid])
    return record, row


def callback(row: Row) -> dict[str, Any]:
    """A delivery from the outbox, for the templates."""
    return {
        "sid": row["sid"],
        "kind": row["source"],
        "account_sid": row["account_sid"],
        "resource_sid": row["resource_sid"],
        "url": row["url"],
        "method": row["method"],
        "params": [list(pair) for pair in json.loads(row["params"])],
        "signature": row["signature"],
        "state": row["state"],
        "attempts": row["attempts"],
        "status": row["response_status"],
        "body": row["response_body"] or "",
        "error": row["error"] or "",
        "at": when(row["date_created"]),
        "failed": row["state"] == "failed",
        "seq": row["seq"],
    }


def _callbacks(db: Db, where: str, params: list[Any], limit: int = LIMIT) -> list[dict[str, Any]]:
    rows = db.execute(
        f"SELECT * FROM callbacks WHERE {where} ORDER BY seq DESC LIMIT ?",  # noqa: S608
        (*params, limit),
    )
    return [callback(row) for row in rows]


def _webhook(resource_sid: str, kind: str, at: float, step: dict[str, Any]) -> dict[str, Any]:
    """A webhook request of an inbound text or call, from its transcript step."""
    request = step["request"]
    status = request.get("status")
    error = step.get("error") or {}
    return {
        "sid": "",
        "kind": "incoming-" + kind,
        "resource_sid": resource_sid,
        "url": request.get("url", ""),
        "method": request.get("method", ""),
        "params": [[name, value] for name, value in request.get("params", {}).items()],
        "signature": request.get("signature", ""),
        "state": "failed" if error.get("code") == 11200 else "delivered",
        "attempts": 1,
        "status": status,
        "body": request.get("response_body", ""),
        "error": error.get("message", "") if error.get("code") == 11200 else "",
        "at": when(at),
        "failed": error.get("code") == 11200,
    }


def callback_records(db: Db, scope: Scope, filters: Filters) -> tuple[list[dict[str, Any]], bool]:
    """The filters' page of status callbacks (from the outbox) and webhook requests (of
    inbound texts and calls), newest first, and whether older ones follow."""
    wanted = filters.offset + LIMIT + 1
    clause, args = scope.clause()
    conditions, params = [clause], list(args)
    if filters.status:
        conditions.append("state = ?")
        params.append(filters.status)
    if filters.account:
        conditions.append("account_sid = ?")
        params.append(filters.account)
    found = _callbacks(db, " AND ".join(conditions), params, wanted)
    rows = db.execute(
        f"SELECT * FROM transcripts WHERE {clause} ORDER BY seq DESC LIMIT ?",  # noqa: S608
        (*args, wanted),
    )
    for row in rows:
        if filters.account and row["account_sid"] != filters.account:
            continue
        for step in _steps(row["steps"]):
            if "request" in step:
                hook = _webhook(row["resource_sid"], row["kind"], row["date_created"], step)
                if not filters.status or hook["state"] == filters.status:
                    found.append(hook)
    if filters.number:
        found = [c for c in found if any(filters.number == v for _, v in c["params"])]
    found.sort(key=lambda c: c["at"], reverse=True)
    page = found[filters.offset : filters.offset + LIMIT + 1]
    return page[:LIMIT], len(page) > LIMIT


def account_view(db: Db, scope: Scope) -> dict[str, Any]:
    """The accounts in scope, their numbers (with webhook URLs) and Messaging Services."""
    clause, args = scope.clause("sid")
    accounts = [
        dict(row)
        for row in db.execute(
            f"SELECT sid, friendly_name, status, owner_account_sid FROM accounts WHERE {clause} "  # noqa: S608
            "ORDER BY seq",
            args,
        )
    ]
    clause, args = scope.clause()
    numbers = [
        dict(row)
        for row in db.execute(
            "SELECT sid, account_sid, phone_number, friendly_name, sms_url, sms_method, "  # noqa: S608
            "voice_url, voice_method, status_callback FROM incoming_phone_numbers "
            f"WHERE {clause} ORDER BY account_sid, seq",
            args,
        )
    ]
    services: list[dict[str, Any]] = []
    tables = _tables(db)
    if "messaging_services" in tables:
        for row in db.execute(
            f"SELECT * FROM messaging_services WHERE {clause} ORDER BY seq",  # noqa: S608
            args,
        ):
            service = {
                "sid": row["sid"],
                "account_sid": row["account_sid"],
                "friendly_name": row["friendly_name"],
                "inbound_request_url": _value(row, "inbound_request_url"),
                "status_callback": _value(row, "status_callback"),
                "senders": [],
            }
            if "messaging_service_phone_numbers" in tables:
                service["senders"] = [
                    sender["phone_number"]
                    for sender in db.execute(
                        "SELECT phone_number FROM messaging_service_phone_numbers "
                        "WHERE service_sid = ? ORDER BY seq",
                        (row["sid"],),
                    )
                ]
            services.append(service)
    return {"accounts": accounts, "numbers": numbers, "services": services}


def conference_records(db: Db, scope: Scope) -> list[dict[str, Any]]:
    """The newest conferences in scope (`LIMIT`), each with its participants in the order they
    came: their call, number, label, status and whether muted, held or coaching."""
    clause, args = scope.clause()
    rows = db.execute(
        f"SELECT * FROM conferences WHERE {clause} ORDER BY date_created DESC, seq DESC LIMIT ?",  # noqa: S608
        (*args, LIMIT),
    ).fetchall()
    found = []
    for row in rows:
        participants = db.execute(
            "SELECT p.*, c.to_number FROM participants p LEFT JOIN calls c ON c.sid = p.call_sid "
            "WHERE p.conference_sid = ? ORDER BY p.seq",
            (row["sid"],),
        )
        found.append(
            {
                "sid": row["sid"],
                "account_sid": row["account_sid"],
                "name": row["friendly_name"],
                "status": row["status"],
                "created": when(row["date_created"]),
                "ended": row["reason_conference_ended"],
                "participants": [_participant(p) for p in participants],
            }
        )
    return found


def _participant(row: Row) -> dict[str, Any]:
    """A participant as the conferences page shows it: its call, number, label, status, and
    whether muted, on hold or coaching."""
    flags = (("muted", row["muted"]), ("on hold", row["hold"]), ("coaching", row["coaching"]))
    return {
        "call_sid": row["call_sid"],
        "number": row["to_number"],
        "label": row["label"],
        "status": row["status"],
        "states": [state for state, on in flags if on],
    }


def queue_records(db: Db, scope: Scope) -> list[dict[str, Any]]:
    """The queues in scope, each with the calls waiting in it, first in line first."""
    clause, args = scope.clause()
    found = []
    for row in db.execute(
        f"SELECT * FROM queues WHERE {clause} ORDER BY seq",  # noqa: S608
        args,
    ).fetchall():
        members = db.execute(
            "SELECT m.call_sid, m.date_enqueued, c.from_number FROM queue_members m "
            "LEFT JOIN calls c ON c.sid = m.call_sid WHERE m.queue_sid = ? ORDER BY m.seq",
            (row["sid"],),
        )
        found.append(
            {
                "sid": row["sid"],
                "account_sid": row["account_sid"],
                "name": row["friendly_name"],
                "max_size": row["max_size"],
                "members": [
                    {
                        "position": position,
                        "call_sid": m["call_sid"],
                        "caller": m["from_number"],
                        "since": when(m["date_enqueued"]),
                    }
                    for position, m in enumerate(members, start=1)
                ],
            }
        )
    return found
