"""``worker``: run a flow file's parallel-foreach items (``executor: celery``) and single
operations (the ``twilio_connector.invoke`` task) as Celery tasks, until stopped.

Celery and the Redis client are an optional extra (``pip install 'twilio-connector[celery]'``),
imported only when the command runs.
"""

from __future__ import annotations

import argparse
import os
import sys

from flows.cli import help_for
from flows.cli.common import EXIT_OK, EXIT_USAGE, UsageError

__all__ = ["register"]


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return value


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``worker`` command."""
    parser = commands.add_parser("worker", help=help_for("worker"))
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="the flow file whose items it runs (the same file as the run's); without one, "
        "only operations (twilio_connector.invoke)",
    )
    parser.add_argument(
        "--broker",
        metavar="URL",
        default=os.environ.get("TWILIO_CONNECTOR_BROKER"),
        help="the Redis to take tasks from (redis://HOST:PORT/DB; default "
        "$TWILIO_CONNECTOR_BROKER); it also keeps the ledger and the rate limits",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=8,
        metavar="N",
        help="tasks run at once by this worker, on threads (default 8)",
    )
    parser.add_argument(
        "--ledger",
        metavar="URL",
        help="the Redis of the idempotency ledger when a task names none (default: the broker)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="point every config at this URL: a running emulator or a proxy",
    )
    parser.add_argument(
        "--redeliver-after",
        type=_positive,
        default=None,
        metavar="SECONDS",
        help="a task a worker took and did not finish within this time (the worker was "
        "killed) goes to another worker; the ledger keeps its sends from going twice "
        "(default 300)",
    )
    parser.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace) -> int:
    """``worker [FILE] --broker URL``: serve tasks until stopped (Ctrl-C, SIGTERM)."""
    if not args.broker:
        raise UsageError("worker needs --broker redis://HOST:PORT/DB (or TWILIO_CONNECTOR_BROKER)")
    if args.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    try:
        from flows import distributed  # noqa: PLC0415 - the optional extra, only here
    except ImportError as missing:
        print(
            f"error: the worker needs Celery and redis: pip install 'twilio-connector[celery]' "
            f"({missing})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    flow_file = None
    if args.file:
        from flows.cli.flow_commands import load_checked  # noqa: PLC0415

        flow_file = load_checked(args.file)
        if flow_file is None:
            return EXIT_USAGE
    worker = distributed.Worker(args.broker, flow_file, base_url=args.base_url, ledger=args.ledger)
    distributed.serve(
        worker,
        concurrency=args.concurrency,
        redeliver_after=args.redeliver_after or distributed.DEFAULT_REDELIVER,
        loglevel="DEBUG" if args.verbose >= 2 else "INFO" if args.verbose else "WARNING",
    )
    return EXIT_OK
