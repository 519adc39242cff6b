"""``emulator``: serve the embedded Twilio emulator until stopped, or send a text or a call
(``send-sms``, ``place-call``) to a running one."""

from __future__ import annotations

import argparse

from emulator.cli import configure_parser
from flows.cli import help_for

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``emulator`` command; its options and actions are the emulator's own."""
    parser = commands.add_parser("emulator", help=help_for("emulator"))
    configure_parser(parser)
