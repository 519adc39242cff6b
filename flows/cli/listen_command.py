"""``listen``: serve the flow sources of a file (signed Twilio webhooks) with waitress.

With ``--emulator`` an in-process emulator starts too, every config is pointed at it, and
each config's numbers are pointed at the listener: an incoming message's ``SmsUrl``, an
incoming call's ``VoiceUrl`` and a call status callback's ``StatusCallback`` (with their
methods), so that a whole bot runs offline.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator, Mapping
from types import FrameType
from typing import Any

from connector import Config, Connector
from flows.cli import help_for
from flows.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError, emulated_configs
from flows.cli.flow_commands import load_checked
from flows.document import FlowFile
from flows.idempotency import default_store_path
from flows.listener import DEFAULT_REPLY_DEADLINE, Listener, create_app
from flows.sources import Source
from flows.webhooks import MAX_BODY

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``listen`` command to the CLI."""
    listen = commands.add_parser("listen", help=help_for("listen"))
    listen.add_argument("file", metavar="FILE", help="the flow file")
    listen.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    listen.add_argument("--port", type=int, default=8080, help="the port (0: any free one)")
    listen.add_argument(
        "--public-url",
        metavar="URL",
        help="where Twilio reaches the listener (https://bot.example.com): signatures are "
        "checked against it and each source's path",
    )
    listen.add_argument(
        "--trust-forwarded-headers",
        action="store_true",
        help="take the public scheme and host from X-Forwarded-Proto and X-Forwarded-Host "
        "(only behind a proxy that sets them)",
    )
    listen.add_argument(
        "--reply-deadline",
        type=float,
        default=DEFAULT_REPLY_DEADLINE,
        metavar="SECONDS",
        help="answer a flow still running after this long with its source's deadline reply "
        f"(default {DEFAULT_REPLY_DEADLINE:g}; Twilio waits 15)",
    )
    listen.add_argument(
        "--store",
        metavar="FILE",
        help="the SQLite file of the replies by idempotency token (default: "
        "twilio-connector/webhook-replies.sqlite3 in $XDG_STATE_HOME or ~/.local/state; in "
        "memory with --emulator)",
    )
    listen.add_argument(
        "--threads", type=int, default=16, help="requests served at once (default 16)"
    )
    listen.add_argument(
        "--emulator",
        action="store_true",
        help="start an in-process emulator too, every config pointed at it and its numbers "
        "pointed at the listener",
    )
    listen.add_argument(
        "--answer-calls",
        action="store_true",
        help="with --emulator: each call made through it, once answered, fetches its Url for "
        "a silent callee, as Twilio does (default: the emulator's clock alone moves it on)",
    )
    listen.set_defaults(handler=listen_to)


class _Stopped(SystemExit):
    """SIGTERM arrived: stop serving as after Ctrl-C, and exit 0.

    A SystemExit, because waitress lets only SystemExit and KeyboardInterrupt through its
    channels' handlers (any other exception raised in one is logged and swallowed) and stops
    its loop on them.
    """


def make_server(app: Listener, *, host: str, port: int, threads: int) -> Any:
    """The waitress server ``listen`` serves a listener with (port 0: any free one).

    Waitress 3 deletes ``X-Forwarded-*`` headers it was not told to trust; here the listener
    itself decides whether it trusts them (``trustForwardedHeaders``), so they are kept.
    """
    from waitress.server import create_server  # noqa: PLC0415 - only when serving

    return create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=MAX_BODY,
        clear_untrusted_proxy_headers=False,
        ident="twilio-connector",
    )


def listen_to(args: argparse.Namespace) -> int:
    """``listen FILE``: serve until stopped (Ctrl-C exits 130, SIGTERM 0)."""
    flow_file = load_checked(args.file)
    if flow_file is None:
        return EXIT_USAGE
    if args.reply_deadline <= 0 or args.threads < 1:
        raise UsageError("--reply-deadline must be above 0 and --threads at least 1")
    if args.answer_calls and not args.emulator:
        raise UsageError("--answer-calls is an option of the emulator: give --emulator too")
    with contextlib.ExitStack() as stack:
        configs = None
        if args.emulator:
            emulated = emulated_configs(flow_file.plain_configs(), answer_calls=args.answer_calls)
            configs = stack.enter_context(emulated)
        # A fresh emulator sends fresh tokens: its replies need not outlive the process.
        store = args.store or (":memory:" if args.emulator else default_store_path())
        app = create_app(
            flow_file,
            configs=configs,
            public_url=args.public_url,
            trust_forwarded_headers=args.trust_forwarded_headers,
            store=store,
            reply_deadline=args.reply_deadline,
        )
        stack.callback(app.close)
        try:
            server = make_server(app, host=args.host, port=args.port, threads=args.threads)
        except OSError as exc:
            raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
        local = f"http://{_host(args.host)}:{server.effective_port}"
        base = (args.public_url or local).rstrip("/")
        _describe_routes(app, base)
        if configs is not None:
            _point_numbers(flow_file, configs, base)
        print(f"replies by idempotency token kept in {app.store.path}", file=sys.stderr)
        public = f" (public URL {base})" if base != local else ""
        print(f"listening on {local}{public}", file=sys.stderr)
        with _sigterm_stops() as stopped:
            try:
                server.run()  # until Ctrl-C or SIGTERM, on which waitress returns
            finally:
                server.task_dispatcher.shutdown()
                server.close()
        if stopped:
            print("stopping (SIGTERM)", file=sys.stderr)
            return EXIT_OK
        print("stopping (Ctrl-C)", file=sys.stderr)
    return EXIT_INTERRUPTED


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _url(source: Source, base: str) -> str:
    return source.public_url or base + source.path


def _describe_routes(app: Listener, base: str) -> None:
    """Each source's URL and flow, on stderr."""
    for name, source in sorted(app.flow_file.sources.items()):
        print(
            f"  {source.method} {_url(source, base)} -> flow '{name}' ({source.kind})",
            file=sys.stderr,
        )


def _point_numbers(flow_file: FlowFile, configs: Mapping[str, Config], base: str) -> None:
    """Point the numbers of each source's config (in the emulator) at the listener: of two
    sources that want the same setting (two incoming-call flows), the first in the file has it."""
    settings: dict[str, dict[str, Any]] = {}
    owners: dict[tuple[str, str], str] = {}
    for name, source in flow_file.sources.items():  # in the file's order
        if source.number_settings is None:
            print(
                f"  {source.kind} (flow '{name}'): give {_url(source, base)} as the status "
                "callback of what you send or record",
                file=sys.stderr,
            )
            continue
        url_setting, method_setting = source.number_settings
        chosen = settings.setdefault(source.config, {})
        owner = owners.setdefault((source.config, url_setting), name)
        if owner != name:
            print(
                f"  flow '{name}': the numbers' {url_setting} is taken by flow '{owner}', "
                "the first in the file",
                file=sys.stderr,
            )
            continue
        chosen |= {url_setting: _url(source, base), method_setting: source.method}
    emulator = next(iter(configs.values())).base_url
    print(f"emulator on {emulator}", file=sys.stderr)
    for config, chosen in sorted(settings.items()):
        with Connector(configs[config]) as twilio:
            for number in twilio.invoke("get-incoming-phone-numbers"):
                params = {"incomingPhoneNumberSid": number["sid"], **chosen}
                twilio.invoke("update-incoming-phone-numbers", params)
                shown = ", ".join(f"{key} {value}" for key, value in chosen.items())
                account = configs[config].account_sid
                print(
                    f"  config '{config}' (account {account}): {number['phone_number']}: {shown}",
                    file=sys.stderr,
                )


@contextlib.contextmanager
def _sigterm_stops() -> Iterator[list[int]]:
    """While serving, SIGTERM (a service manager's stop) stops the server as Ctrl-C does; the
    list yielded holds the signal once it came."""
    stopped: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        stopped.append(signum)
        raise _Stopped(0)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield stopped
        return
    try:
        yield stopped
    finally:
        signal.signal(signal.SIGTERM, previous)
