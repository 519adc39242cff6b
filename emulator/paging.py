"""List endpoints: filters (exact, wildcard, boolean, enum, date with `<`/`>`) and paging.

Lists are newest first. A page is chosen by ``PageSize`` (1-1000, default 50) and ``Page``, or,
in the ``next_page_uri`` the emulator hands out, by ``PageToken``: ``PA<key>`` means "the
records after this one", ``PB<key>`` "the records before this one", so paging stays stable
while records are added, as Twilio's does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from emulator.errors import invalid
from emulator.routing import API, Ctx
from emulator.store import Row
from emulator.wire import Params, day_start

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
PAGING_PARAMS = ("PageSize", "Page", "PageToken")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INEQUALITIES = (("", "="), ("<", "<="), (">", ">="))
SEPARATORS = (", ", ": ")
"""How the emulator writes JSON (as Twilio does: a space after commas and colons)."""
RENDERED_KEPT = 8192
"""How many rows' renderings (and their JSON) list pages keep, for renderers marked `pure`."""
R = TypeVar("R", bound=Callable[[Row], dict[str, Any]])


def pure(render: R) -> R:
    """Mark `render` as a function of its row alone: list pages then keep what it made of each
    row and that item's JSON, so a row that has not changed is rendered and encoded once."""
    render.pure = True  # type: ignore[attr-defined]
    return render


class Encoded(list[dict[str, Any]]):
    """A page's items and, in `fragments`, each one's JSON: `dumps` writes the fragments, so the
    items (shared with later pages) must not be changed; build a plain list to change them."""

    def __init__(self, items: Iterable[dict[str, Any]], fragments: list[str]) -> None:
        super().__init__(items)
        self.fragments = fragments


def dumps(data: Any) -> str:
    """`data` as JSON, exactly as ``json.dumps(data, separators=SEPARATORS)`` writes it, taking
    the JSON of `Encoded` items (in a dict at the top) from their fragments."""
    if isinstance(data, dict) and any(isinstance(value, Encoded) for value in data.values()):
        parts = []
        for key, value in data.items():
            if isinstance(value, Encoded):
                text = "[" + ", ".join(value.fragments) + "]"
            else:
                text = json.dumps(value, separators=SEPARATORS)
            parts.append(f"{json.dumps(key)}: {text}")
        return "{" + ", ".join(parts) + "}"
    return json.dumps(data, separators=SEPARATORS)


_kept: dict[tuple[Any, ...], tuple[dict[str, Any], str]] = {}
"""What pure renderers made of rows, by renderer and row values (lists read SELECT *)."""


def rendered(render: Callable[[Row], dict[str, Any]], rows: Sequence[Row]) -> list[dict[str, Any]]:
    """The items `render` makes of `rows`: `Encoded`, and kept for later pages, when it is
    pure."""
    if not getattr(render, "pure", False):
        return [render(row) for row in rows]
    items, fragments = [], []
    for row in rows:
        key = (render, *row)
        pair = _kept.get(key)
        if pair is None:
            if len(_kept) >= RENDERED_KEPT:
                _kept.clear()
            item = render(row)
            pair = _kept[key] = item, json.dumps(item, separators=SEPARATORS)
        items.append(pair[0])
        fragments.append(pair[1])
    return Encoded(items, fragments)


@dataclass(frozen=True)
class Filter:
    """A list filter: its query parameter, the column it tests and how.

    Kinds: ``exact``; ``like`` (a partial match where ``*`` is any one character); ``bool``;
    ``choice`` (one of `choices`); ``int``; ``date`` (``YYYY-MM-DD``) and ``datetime``
    (``YYYY-MM-DD`` or an ISO 8601 time, compared on its date, as Twilio does). Date kinds also
    answer to the parameter with ``<`` (on or before) and ``>`` (on or after) appended.
    """

    param: str
    column: str
    kind: str = "exact"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """Which page a list request asks for."""

    size: int
    number: int
    token: str | None

    @classmethod
    def of(cls, query: Params) -> Page:
        """The page asked for by ``PageSize``, ``Page`` and ``PageToken``."""
        size = query.integer("PageSize", 1, MAX_PAGE_SIZE)
        number = query.integer("Page", 0)
        return cls(size or DEFAULT_PAGE_SIZE, number or 0, query.text("PageToken"))


def parse_day(name: str, value: str, *, with_time: bool) -> date:
    """The date a date filter names; a 400 when it is not a date (or date-time)."""
    if DAY.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    elif with_time:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            pass
    form = "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ" if with_time else "YYYY-MM-DD"
    raise invalid(f"{name} must be a date ({form}), not {value!r}")


def conditions(query: Params, filters: Iterable[Filter]) -> tuple[list[str], list[Any]]:
    """SQL conditions and their values for the filters given in `query`."""
    where: list[str] = []
    args: list[Any] = []
    for f in filters:
        if f.kind in ("date", "datetime"):
            for suffix, op in INEQUALITIES:
                name = f.param + suffix
                value = query.text(name)
                if value is None:
                    continue
                start = day_start(parse_day(name, value, with_time=f.kind == "datetime"))
                end = start + timedelta(days=1).total_seconds()
                if op in ("=", ">="):
                    where.append(f"{f.column} >= ?")
                    args.append(start)
                if op in ("=", "<="):
                    where.append(f"{f.column} < ?")
                    args.append(end)
            continue
        value = query.text(f.param)
        if value is None:
            continue
        if f.kind == "bool":
            where.append(f"{f.column} = ?")
            args.append(int(bool(query.boolean(f.param))))
        elif f.kind == "choice":
            where.append(f"{f.column} = ?")
            args.append(query.choice(f.param, f.choices))
        elif f.kind == "int":
            where.append(f"{f.column} = ?")
            args.append(str(query.integer(f.param)))
        elif f.kind == "like":
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(f"{f.column} LIKE ? ESCAPE '\\'")
            args.append("%" + escaped.replace("*", "_") + "%")
        else:
            where.append(f"{f.column} = ?")
            args.append(value)
    return where, args


def list_rows(
    ctx: Ctx,
    *,
    table: str,
    list_key: str,
    render: Callable[[Row], dict[str, Any]],
    where: Sequence[str],
    args: Sequence[Any],
    key: str = "sid",
) -> dict[str, Any]:
    """One page of the rows of `table` matching `where`, newest first, in Twilio's envelope."""
    page = Page.of(ctx.query)
    condition = " AND ".join(where) or "1 = 1"
    select = f"SELECT * FROM {table} WHERE {condition}"  # noqa: S608
    anchor = _anchor(ctx, table, condition, args, key=key, token=page.token)
    if anchor is not None and page.token and page.token.startswith("PB"):
        rows = ctx.db.execute(
            f"{select} AND (date_created, seq) > (?, ?) ORDER BY date_created, seq LIMIT ?",
            (*args, *anchor, page.size),
        ).fetchall()
        rows.reverse()
        has_next = True
    else:
        clause = "AND (date_created, seq) < (?, ?)" if anchor is not None else ""
        values = [*anchor, page.size + 1, 0] if anchor else [page.size + 1, page.number * page.size]
        rows = ctx.db.execute(
            f"{select} {clause} ORDER BY date_created DESC, seq DESC LIMIT ? OFFSET ?",
            (*args, *values),
        ).fetchall()
        has_next = len(rows) > page.size
        rows = rows[: page.size]
    return envelope(
        ctx,
        list_key,
        rendered(render, rows),
        page,
        next_token=f"PA{rows[-1][key]}" if has_next and rows else None,
        previous_token=f"PB{rows[0][key]}" if rows else None,
        has_next=has_next,
    )


def list_account_rows(
    ctx: Ctx,
    table: str,
    render: Callable[[Row], dict[str, Any]],
    filters: Iterable[Filter] = (),
    /,
    **columns: str,
) -> dict[str, Any]:
    """One page of the rows of `table` that belong to the URL's account and have the values
    `columns` gives, filtered by `filters`; listed under the table's name, as Twilio's are."""
    where, args = conditions(ctx.query, filters)
    scope = {"account_sid": ctx.account_sid, **columns}
    return list_rows(
        ctx,
        table=table,
        list_key=table,
        render=render,
        where=[f"{column} = ?" for column in scope] + where,
        args=[*scope.values(), *args],
    )


def list_items(ctx: Ctx, list_key: str, items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One page of a list computed in memory, in Twilio's envelope."""
    page = Page.of(ctx.query)
    start = page.number * page.size
    chosen = list(items[start : start + page.size])
    has_next = len(items) > start + page.size
    return envelope(
        ctx, list_key, chosen, page, next_token=None, previous_token=None, has_next=has_next
    )


def envelope(
    ctx: Ctx,
    list_key: str,
    items: list[dict[str, Any]],
    page: Page,
    *,
    next_token: str | None,
    previous_token: str | None,
    has_next: bool,
) -> dict[str, Any]:
    """Twilio's list envelope around `items`, with page links keeping the filters: the 2010
    API's (relative ``next_page_uri`` and the rest), or, on the other domains, the v1/v2
    ``meta`` block (absolute ``next_page_url`` and the rest, and the records' ``key``)."""
    path = ctx.request.path
    filters = [(k, v) for k, v in ctx.request.args.items(multi=True) if k not in PAGING_PARAMS]

    def uri(number: int, token: str | None) -> str:
        query = [*filters, ("PageSize", str(page.size)), ("Page", str(number))]
        if token:
            query.append(("PageToken", token))
        return f"{path}?{urlencode(query)}"

    start = page.number * page.size
    if not path.startswith(API + "/"):
        base = ctx.base_url

        def url(number: int, token: str | None) -> str:
            return base + uri(number, token)

        return {
            list_key: items,
            "meta": {
                "first_page_url": url(0, None),
                "key": list_key,
                "next_page_url": url(page.number + 1, next_token) if has_next else None,
                "page": page.number,
                "page_size": page.size,
                "previous_page_url": (
                    url(page.number - 1, previous_token) if page.number > 0 else None
                ),
                "url": url(page.number, page.token),
            },
        }
    return {
        list_key: items,
        "end": start + len(items) - 1 if items else start,
        "first_page_uri": uri(0, None),
        "next_page_uri": uri(page.number + 1, next_token) if has_next else None,
        "page": page.number,
        "page_size": page.size,
        "previous_page_uri": uri(page.number - 1, previous_token) if page.number > 0 else None,
        "start": start,
        "uri": uri(page.number, page.token),
    }


def _anchor(
    ctx: Ctx, table: str, condition: str, args: Sequence[Any], *, key: str, token: str | None
) -> tuple[float, int] | None:
    """The (date_created, seq) of the record a page token points at, if it still exists."""
    if not token or token[:2] not in ("PA", "PB"):
        return None
    row = ctx.db.execute(
        f"SELECT date_created, seq FROM {table} WHERE {condition} AND {key} = ?",  # noqa: S608
        (*args, token[2:]),
    ).fetchone()
    return None if row is None else (row[0], row[1])
