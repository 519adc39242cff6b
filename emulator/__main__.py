"""``python -m emulator``: serve the Twilio emulator."""

from __future__ import annotations

import argparse
import sys

from emulator.cli import configure_parser, run


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve."""
    parser = argparse.ArgumentParser(
        prog="python -m emulator",
        description="A local Twilio API (2010-04-01) emulator: no account, no cost, no network.",
    )
    configure_parser(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
