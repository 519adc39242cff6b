"""``run``, ``validate`` and ``schema``: flow files from the command line."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the flow commands to the CLI."""
