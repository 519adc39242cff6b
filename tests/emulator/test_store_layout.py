"""A ``--db`` file remembers the layout of the tables it was made with. A file from another
version of the emulator is brought up to this one when the difference only adds tables, columns
and indexes, and is refused with a message otherwise, at start-up, not at the first request."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
import requests

from emulator import Emulator
from emulator.store import Store, upgrade

SCHEMA = files("emulator").joinpath("schema.sql").read_text(encoding="utf-8")


def test_a_file_of_this_layout_opens_again_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "emulator.sqlite3"
    with Emulator(db=path) as emu:
        sid = emu.create_account(friendly_name="Kept").sid
    with Emulator(db=path) as emu:
        kept = emu.first_account()
    assert kept is not None
    assert (kept.sid, kept.friendly_name) == (sid, "Kept")


def test_a_file_of_an_earlier_layout_is_brought_up_to_this_one(tmp_path: Path) -> None:
    path = tmp_path / "earlier.sqlite3"
    with Emulator(db=path) as emu:
        account = emu.create_account(friendly_name="Kept")
        made = requests.post(
            f"{emu.url}/2010-04-01/Accounts/{account.sid}/Calls.json",
            data={"From": "+15005550006", "To": "+14155550100", "Url": "https://example.com/v"},
            auth=(account.sid, account.auth_token),
            timeout=10,
        ).json()
    with sqlite3.connect(path) as conn:  # as an earlier version wrote it
        conn.execute("DROP INDEX calls_picked_up")
        conn.execute("ALTER TABLE calls DROP COLUMN answering")
        conn.execute("ALTER TABLE calls DROP COLUMN async_amd")
        conn.execute("DROP INDEX calls_next_change")
        conn.execute("CREATE INDEX calls_next_change ON calls (next_change)")  # since refined
        conn.execute("DROP TABLE usage_triggers")  # a family added since
        conn.execute("PRAGMA user_version = 7")

    with Emulator(db=path, answer_calls=True) as emu:
        kept = emu.first_account()
        assert kept is not None
        assert (kept.sid, kept.friendly_name) == (account.sid, "Kept")
        auth = (account.sid, account.auth_token)
        calls = f"{emu.url}/2010-04-01/Accounts/{account.sid}/Calls"
        fetched = requests.get(f"{calls}/{made['sid']}.json", auth=auth, timeout=10)
        assert fetched.json()["sid"] == made["sid"]
        again = requests.post(  # the added columns take their defaults and new values
            f"{calls}.json",
            data={"From": "+15005550006", "To": "+14155550100", "Url": "https://example.com/v"},
            auth=auth,
            timeout=10,
        )
        assert again.status_code == 201, again.text
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT sid, answering, async_amd FROM calls ORDER BY seq").fetchall()
        assert rows == [(made["sid"], 0, 0), (again.json()["sid"], 1, 0)]
        index = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'calls_next_change'")
        assert "WHERE next_change IS NOT NULL" in index.fetchone()[0]
        assert conn.execute("PRAGMA user_version").fetchone()[0] != 7
        assert conn.execute("SELECT count(*) FROM usage_triggers").fetchone() == (0,)


def test_what_cannot_be_added_is_named_and_nothing_changes() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    before = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    cases = {
        "calls.note cannot be added to rows already written": SCHEMA.replace(
            "    answered_by TEXT,", "    answered_by TEXT,\n    note TEXT NOT NULL,", 1
        ),
        "calls.answered_by has changed": SCHEMA.replace(
            "    answered_by TEXT,", "    answered_by INTEGER,", 1
        ),
        "calls.answered_by is no longer kept": SCHEMA.replace("    answered_by TEXT,\n", "", 1),
        "the unique keys of calls have changed": SCHEMA.replace(
            "    answered_by TEXT,", "    answered_by TEXT UNIQUE,", 1
        ),
    }
    for problem, schema in cases.items():
        assert schema != SCHEMA
        assert upgrade(conn, schema) == problem
    assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == before
    added = SCHEMA.replace("    answered_by TEXT,", "    answered_by TEXT,\n    note TEXT,", 1)
    assert upgrade(conn, added) is None
    assert "note" in [c[1] for c in conn.execute("PRAGMA table_info(calls)")]


def test_a_file_of_another_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as conn:  # a column this version no longer has
        conn.execute("ALTER TABLE calls ADD COLUMN if_machine TEXT")
        conn.execute("PRAGMA user_version = 7")
    with pytest.raises(ValueError, match="another layout") as caught:
        Store(path)
    assert "calls.if_machine is no longer kept" in str(caught.value)
    assert "new file" in str(caught.value)
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "emulator", "--db", str(path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "another layout" in done.stderr
    assert "Traceback" not in done.stderr
