"""The command line: ``python -m emulator`` and ``twilio-connector emulator``."""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import sys
import threading
from pathlib import Path
from types import FrameType

from emulator import Account, Emulator


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the emulator's options to `parser`."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help="port to listen on; 0 picks a free one (default 8765)",
    )
    parser.add_argument(
        "--db",
        metavar="FILE",
        help="SQLite file that keeps state across restarts (default: in memory)",
    )
    parser.add_argument(
        "--account-sid",
        metavar="AC...",
        help="SID of the account to serve (default: generated, or the first in --db)",
    )
    parser.add_argument("--auth-token", metavar="T", help="its auth token (default: generated)")
    parser.add_argument(
        "--seed", metavar="FILE", help="JSON fixtures to load at start (see emulator/README.md)"
    )


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C or SIGTERM; print the URL and credentials to use. Exit status."""
    try:
        emulator = Emulator(db=args.db, host=args.host, port=args.port)
    except sqlite3.Error as error:
        return _failed(f"cannot open {args.db}: {error}")
    try:
        account = _account(emulator, args)
        seeded = emulator.seed(json.loads(Path(args.seed).read_text("utf-8"))) if args.seed else {}
        emulator.start()
    except (OSError, ValueError, sqlite3.Error) as error:  # a bad file, fixture or SID; port taken
        emulator.stop()
        return _failed(str(error))
    stopped = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    print(f"Twilio emulator listening on {emulator.url}")
    print(f"  Account SID: {account.sid}")
    print(f"  Auth token:  {account.auth_token}")
    print(f"  Database:    {args.db or 'in memory (discarded on exit)'}")
    if seeded:
        print("  Seeded:      " + ", ".join(f"{len(v)} {k}" for k, v in seeded.items()))
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    emulator.stop()
    print("Twilio emulator stopped.", flush=True)
    return 0


def _failed(reason: str) -> int:
    print(f"emulator: {reason}", file=sys.stderr)
    return 2


def _account(emulator: Emulator, args: argparse.Namespace) -> Account:
    if args.account_sid is None and args.auth_token is None:
        existing = emulator.first_account()
        if existing is not None:
            return existing
    return emulator.create_account(args.account_sid, args.auth_token)
