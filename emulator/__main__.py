"""``python -m emulator``: serve the Twilio emulator."""

from __future__ import annotations

import argparse
import sys

from emulator.cli import configure_parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line; serve, or send a text or a call to a running emulator."""
    parser = argparse.ArgumentParser(
        prog="python -m emulator",
        description="A local Twilio API (2010-04-01) emulator: no account, no cost, no network.",
    )
    configure_parser(parser)
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
