"""The SQLite habits shared by the stores that must hold across threads and processes.

One connection per store, shared by the store's threads under a lock; on a file, WAL (readers
never wait for the writer) with ``synchronous = NORMAL`` (a commit survives the process being
killed; only a power cut or a kernel crash may lose the last ones); and every read-then-write
in a ``BEGIN IMMEDIATE`` transaction, so two processes sharing the file take turns instead of
failing with "database is locked" halfway through.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["MEMORY", "immediate", "open_database"]

#: The path of a database kept in the process.
MEMORY = ":memory:"
#: How long (ms) a writer waits for another process's transaction before giving up.
_BUSY_TIMEOUT_MS = 30_000


def open_database(path: str | Path, schema: str) -> sqlite3.Connection:
    """A connection to ``path`` (its folder made, private, when missing) with ``schema`` applied;
    autocommit, so transactions are explicit."""
    name = str(path)
    if name != MEMORY:
        Path(name).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = sqlite3.connect(name, timeout=30, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    if name != MEMORY:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    db.executescript(schema)
    return db


@contextlib.contextmanager
def immediate(
    db: sqlite3.Connection, lock: threading.Lock | None = None
) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken before anything is read (``BEGIN IMMEDIATE``): committed
    when the block ends, rolled back when it raises. ``lock`` (when given) is held throughout;
    without it the caller holds the connection's lock."""
    with lock or contextlib.nullcontext():
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
