"""State in SQLite: one connection, one lock, one transaction per request.

Table and column names in the helpers below come from the emulator's own code, never from a
request; values are always bound as parameters.
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

Row = sqlite3.Row
Db = sqlite3.Connection


class Store:
    """The emulator's database: a file given with ``--db``, else a private in-memory database.

    A file records the layout of the tables it was made with (a checksum of schema.sql, as
    SQLite's ``user_version``). A file of another layout is brought up to this one when the
    difference only adds (tables, indexes, columns that ``ALTER TABLE ... ADD COLUMN`` can add:
    see :func:`upgrade`); otherwise it is refused with a ValueError that says why and what to
    do, rather than failing later on a missing column.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = None if path is None else Path(path)
        target = ":memory:" if self.path is None else str(self.path)
        self._conn = sqlite3.connect(
            target, check_same_thread=False, isolation_level=None, cached_statements=512
        )
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self._rollbacks = 0
        if self.path is not None:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=5000")
        schema = files("emulator").joinpath("schema.sql").read_text(encoding="utf-8")
        layout = zlib.crc32(schema.encode()) & 0x7FFFFFFF  # SQLite keeps a signed 32-bit number
        with self._lock:
            found = self._conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self._conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            problem = upgrade(self._conn, schema) if tables and found != layout else None
            if problem is not None:
                self._conn.close()
                raise ValueError(
                    f"{self.path} holds emulator data in another layout (written by another "
                    f"version of twilio-connector) that cannot be brought up to this one "
                    f"({problem}): give --db a new file, or delete this one"
                )
            self._conn.executescript(schema)
            self._conn.execute(f"PRAGMA user_version = {layout}")

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        """The connection, held alone, inside a transaction committed on success."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._rollbacks += 1
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def marker(self, db: Db) -> tuple[int, int, int]:
        """What changes whenever the data may have changed: the rows this connection has
        written (even if rolled back), the transactions rolled back, and, for a file, the
        commits of other connections. Read in an open transaction."""
        others = db.execute("PRAGMA data_version").fetchone()[0] if self.path else 0
        return db.total_changes, self._rollbacks, others

    def close(self) -> None:
        """Close the database (a file database keeps its contents)."""
        with self._lock:
            self._conn.close()


def upgrade(conn: Db, schema: str) -> str | None:
    """Bring the tables of a database written by another version up to `schema` where the
    difference only adds: the columns it lacks are added (``ALTER TABLE ... ADD COLUMN``) and
    indexes whose definition changed are dropped, in one transaction, for the schema's ``IF NOT
    EXISTS`` statements to make the new tables and indexes. The first difference that cannot be
    bridged so (a column gone or changed, a new column that cannot be added, other unique keys),
    with nothing changed; else None."""
    wanted = sqlite3.connect(":memory:")
    try:
        wanted.executescript(schema)
        changes: list[str] = []
        for table in _names(wanted, "table"):
            have = {column[1]: column for column in conn.execute(f"PRAGMA table_info({table})")}
            if not have:
                continue  # a new table: the schema makes it
            want = {column[1]: column for column in wanted.execute(f"PRAGMA table_info({table})")}
            gone = sorted(set(have) - set(want))
            if gone:
                return f"{table}.{gone[0]} is no longer kept"
            for name, (_, _, kind, not_null, default, key) in want.items():
                if name in have:
                    if have[name][2:] != (kind, not_null, default, key):
                        return f"{table}.{name} has changed"
                    continue
                if key or (not_null and default is None):
                    return f"{table}.{name} cannot be added to rows already written"
                clauses = (" NOT NULL" if not_null else "") + (
                    "" if default is None else f" DEFAULT {default}"
                )
                changes.append(f"ALTER TABLE {table} ADD COLUMN {name} {kind}{clauses}")
            if _unique_keys(conn, table) != _unique_keys(wanted, table):
                return f"the unique keys of {table} have changed"
        for name in _names(wanted, "index"):
            old = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
            new = wanted.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
            if old is not None and old[0] != new[0]:
                changes.append(f"DROP INDEX {name}")
    finally:
        wanted.close()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for change in changes:
            conn.execute(change)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return None


def _names(conn: Db, kind: str) -> list[str]:
    """The names of the schema's own tables or indexes (not SQLite's, nor automatic ones)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name",
        (kind,),
    )
    return [str(row[0]) for row in rows]


def _unique_keys(conn: Db, table: str) -> set[tuple[tuple[str, str], ...]]:
    """The table's primary and unique keys: each key's columns with their collations."""
    keys = set()
    for _, name, _, origin, _ in conn.execute(f"PRAGMA index_list({table})"):
        if origin in ("pk", "u"):
            columns = conn.execute(f"PRAGMA index_xinfo({name})").fetchall()
            keys.add(tuple((str(c[2]), str(c[4])) for c in columns if c[5]))  # key columns
    return keys


def insert(db: Db, table: str, values: Mapping[str, Any]) -> None:
    """Insert one row."""
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values()))  # noqa: S608


def update(db: Db, table: str, sid: str | int, values: Mapping[str, Any], key: str = "sid") -> None:
    """Set `values` on the row whose `key` is `sid`."""
    if not values:
        return
    assignments = ", ".join(f"{column} = ?" for column in values)
    db.execute(
        f"UPDATE {table} SET {assignments} WHERE {key} = ?",  # noqa: S608
        (*values.values(), sid),
    )


def get(db: Db, table: str, sid: str | int, key: str = "sid") -> Row | None:
    """The row whose `key` is `sid`, whichever account it belongs to, if any."""
    row: Row | None = db.execute(
        f"SELECT * FROM {table} WHERE {key} = ?",  # noqa: S608
        (sid,),
    ).fetchone()
    return row


def find(db: Db, table: str, account_sid: str, sid: str, key: str = "sid") -> Row | None:
    """The account's row whose `key` is `sid`, if any."""
    row: Row | None = db.execute(
        f"SELECT * FROM {table} WHERE {key} = ? AND account_sid = ?",  # noqa: S608
        (sid, account_sid),
    ).fetchone()
    return row


def delete(db: Db, table: str, account_sid: str, sid: str, key: str = "sid") -> bool:
    """Delete the account's row whose `key` is `sid`; whether there was one."""
    cursor = db.execute(
        f"DELETE FROM {table} WHERE {key} = ? AND account_sid = ?",  # noqa: S608
        (sid, account_sid),
    )
    return cursor.rowcount > 0
