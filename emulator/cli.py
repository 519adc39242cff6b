"""The command line: ``python -m emulator`` and ``twilio-connector emulator``.

Without an action it serves. ``send-sms`` and ``place-call`` send a text or a call to an owned
number of an emulator already running (``--url``), through its inbound endpoints, and print the
answer: the records made and the transcript of what the number's webhooks did.
"""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import requests

from emulator import Account, Emulator


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the emulator's options and actions to `parser`; ``args.handler(args)`` runs the one
    asked for (serving, without an action)."""
    parser.set_defaults(handler=run)
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
    parser.add_argument(
        "--sender-mps",
        type=float,
        metavar="N",
        help="queue each sender's messages to N per second, as Twilio does (default: off; "
        "GET /_emulator/senders lists when each was accepted)",
    )
    parser.add_argument(
        "--max-concurrent-requests",
        type=int,
        metavar="N",
        help="answer 429 (20429) to API requests beyond N in flight per credentials (default: off)",
    )
    parser.add_argument(
        "--answer-calls",
        action="store_true",
        help="once the clock answers a call made through the API, fetch its Url (or run its "
        "Twiml) for a silent callee, as Twilio does (default: the clock alone moves it on)",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    sms = actions.add_parser(
        "send-sms", help="text an owned number of a running emulator; print what its SmsUrl did"
    )
    sms.add_argument("--body", default="", help="the text")
    sms.add_argument(
        "--media-url", action="append", default=[], metavar="URL", help="media (repeatable)"
    )
    sms.set_defaults(handler=send_sms)
    call = actions.add_parser(
        "place-call", help="call an owned number of a running emulator; print the transcript"
    )
    call.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="DIGITS|speech:WORDS",
        help="what the caller gives each <Gather>, in order (repeatable)",
    )
    call.set_defaults(handler=place_call)
    answer = actions.add_parser(
        "answer-call",
        help="answer a ringing outbound call of a running emulator; print the transcript",
    )
    answer.add_argument("sid", metavar="CA...", help="the call, made through the API, ringing")
    answer.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="DIGITS|speech:WORDS",
        help="what the callee gives each <Gather>, in order (repeatable)",
    )
    answer.add_argument(
        "--answered-by",
        metavar="WHO",
        help="for a call made with MachineDetection: what detection finds, as Twilio's "
        "AnsweredBy names it (default human)",
    )
    answer.set_defaults(handler=answer_call)
    for action in (sms, call, answer):
        action.add_argument(
            "--url", default=DEFAULT_URL, help=f"the running emulator (default {DEFAULT_URL})"
        )
    for action in (sms, call):
        action.add_argument("--from", dest="sender", required=True, help="the caller's number")
        action.add_argument("--to", required=True, help="the owned number")
        action.add_argument("--account-sid", help="the owner, when several accounts own --to")


DEFAULT_URL = "http://127.0.0.1:8765"
INBOUND_TIMEOUT = (5.0, 120.0)
"""Connect and read timeouts: an inbound call may fetch many TwiML documents."""


def send_sms(args: argparse.Namespace) -> int:
    """``send-sms``: POST /_emulator/inbound/messages; print the answer."""
    return _inbound(args, "messages", {"Body": args.body, "MediaUrl": args.media_url})


def place_call(args: argparse.Namespace) -> int:
    """``place-call``: POST /_emulator/inbound/calls; print the answer."""
    return _inbound(args, "calls", {"Input": args.input})


def answer_call(args: argparse.Namespace) -> int:
    """``answer-call``: POST /_emulator/calls/{sid}/answer; print the answer."""
    body = {"Input": args.input, "AnsweredBy": args.answered_by}
    return _post(args, f"calls/{args.sid}/answer", body)


def _inbound(args: argparse.Namespace, kind: str, fields: dict[str, Any]) -> int:
    body = {"From": args.sender, "To": args.to, "AccountSid": args.account_sid, **fields}
    return _post(args, f"inbound/{kind}", body)


def _post(args: argparse.Namespace, path: str, body: dict[str, Any]) -> int:
    """POST `body` (JSON) to the running emulator's ``/_emulator/{path}``; print the answer."""
    url = f"{args.url.rstrip('/')}/_emulator/{path}"
    try:
        response = requests.post(url, json=body, timeout=INBOUND_TIMEOUT)
    except requests.RequestException as error:
        return _failed(f"cannot reach the emulator at {args.url}: {type(error).__name__}")
    try:
        answer = response.json()
    except ValueError:
        return _failed(f"{url} answered {response.status_code}, not the emulator's JSON")
    if response.status_code >= 400:
        return _failed(str(answer.get("message") if isinstance(answer, dict) else answer))
    print(json.dumps(answer, indent=2))
    return 0


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C or SIGTERM; print the URL and credentials to use. Exit status."""
    try:
        emulator = Emulator(
            db=args.db,
            host=args.host,
            port=args.port,
            sender_mps=args.sender_mps,
            max_concurrent_requests=args.max_concurrent_requests,
            answer_calls=args.answer_calls,
        )
    except sqlite3.Error as error:
        return _failed(f"cannot open {args.db}: {error}")
    except ValueError as error:
        return _failed(str(error))
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
    print(f"  Console:     {emulator.url}/_console/")
    if args.answer_calls:
        print("  Calls:       answered for a silent callee, their TwiML carried out")
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
