"""A ``--db`` file remembers the layout of the tables it was made with; a file from another
version of the emulator is refused with a message, at start-up, not at the first request."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from emulator import Emulator
from emulator.store import Store


def test_a_file_of_this_layout_opens_again_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "emulator.sqlite3"
    with Emulator(db=path) as emu:
        sid = emu.create_account(friendly_name="Kept").sid
    with Emulator(db=path) as emu:
        kept = emu.first_account()
    assert kept is not None
    assert (kept.sid, kept.friendly_name) == (sid, "Kept")


def test_a_file_of_another_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 7")
    with pytest.raises(ValueError, match="another layout") as caught:
        Store(path)
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
