"""Running ``twilio-connector`` in the test's own process, as its tests do."""

from __future__ import annotations

import pytest

from flows.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``twilio-connector ARGV...``: its exit code, stdout and stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
