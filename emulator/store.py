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
    SQLite's ``user_version``); a file of another layout is refused with a ValueError that says
    what to do, rather than failing later on a missing column.
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
            if tables and found != layout:
                self._conn.close()
                raise ValueError(
                    f"{self.path} holds emulator data in another layout (written by another "
                    "version of twilio-connector): give --db a new file, or delete this one"
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
