"""What a console list shows: the accounts in view (`Scope`) and the filters and page asked
for (`Filters`), and how the console writes a time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from emulator.resources import calls

__all__ = ["CALL_STATUSES", "LIMIT", "MESSAGE_STATUSES", "Filters", "Scope", "when"]

LIMIT = 50
"""How many records a list page shows (newest first); older ones are on the next pages."""
MESSAGE_STATUSES = (
    "scheduled",
    "queued",
    "sending",
    "sent",
    "delivered",
    "undelivered",
    "failed",
    "received",
    "canceled",
)
CALL_STATUSES = calls.STATUSES


@dataclass(frozen=True)
class Scope:
    """The accounts the viewer sees: all of them (loopback), or one account and its
    subaccounts (the credentials given)."""

    accounts: tuple[str, ...] | None = None

    def clause(self, column: str = "account_sid") -> tuple[str, tuple[str, ...]]:
        """A SQL condition on `column` that keeps the scope's rows, and its parameters."""
        if self.accounts is None:
            return "1", ()
        marks = ", ".join("?" * len(self.accounts))
        return f"{column} IN ({marks})", self.accounts

    def sees(self, account_sid: str) -> bool:
        """Whether `account_sid` is in the scope."""
        return self.accounts is None or account_sid in self.accounts


@dataclass
class Filters:
    """What a list is narrowed to: a number (From or To), a status, an account, a time range
    (seconds since the epoch, on the emulator's clock)."""

    number: str = ""
    status: str = ""
    account: str = ""
    since: float | None = None
    until: float | None = None
    page: int = 0
    """Which page of `LIMIT` records: 0 is the newest."""
    text: dict[str, str] = field(default_factory=dict)
    """The values as given, to fill the form again."""

    @classmethod
    def parse(cls, args: Any) -> Filters:
        """Filters from a query string (bad times are ignored)."""
        text = {
            name: str(args.get(name, "")).strip()
            for name in ("number", "status", "account", "since", "until")
        }
        page = str(args.get("page", "0"))
        return cls(
            number=text["number"],
            status=text["status"],
            account=text["account"],
            since=_instant(text["since"]),
            until=_instant(text["until"]),
            page=min(int(page), 10_000) if page.isdigit() else 0,
            text=text,
        )

    @property
    def offset(self) -> int:
        """How many newer records the page skips."""
        return self.page * LIMIT

    def query(self, page: int) -> str:
        """The query string of page `page` with these filters."""
        kept = {name: value for name, value in self.text.items() if value}
        return urlencode({**kept, **({"page": page} if page else {})})

    def where(self, scope: Scope, numbers: Sequence[str]) -> tuple[str, list[Any]]:
        """The SQL condition and parameters, `numbers` being the From and To columns."""
        clause, args = scope.clause()
        conditions, params = [clause], list[Any](args)
        if self.number:
            conditions.append("(" + " OR ".join(f"{c} = ?" for c in numbers) + ")")
            params += [self.number] * len(numbers)
        if self.status:
            conditions.append("status = ?")
            params.append(self.status)
        if self.account:
            conditions.append("account_sid = ?")
            params.append(self.account)
        if self.since is not None:
            conditions.append("date_created >= ?")
            params.append(self.since)
        if self.until is not None:
            conditions.append("date_created <= ?")
            params.append(self.until)
        return " AND ".join(conditions), params


def _instant(value: str) -> float | None:
    """A ``datetime-local`` value (UTC) as seconds since the epoch; None when not one."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def when(timestamp: float | None) -> str:
    """A time on the emulator's clock as ``2024-01-01 00:00:03`` (UTC)."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S")
