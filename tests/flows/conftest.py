"""Fixtures for the flow runner's tests: a fresh account per test in the module's emulator (the
root conftest's ``emulator``), and a helper that writes a small YAML flow to a file and runs it
against that account."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from emulator import Account, Emulator
from flows import run_file

RunFlow = Callable[..., Any]


@pytest.fixture
def account(emulator: Emulator) -> Account:
    """A fresh account: it owns +15005550006 and nothing else."""
    return emulator.create_account()


@pytest.fixture
def emulator_config(emulator: Emulator, account: Account) -> dict[str, Any]:
    """A config for the account; the connector does not retry, so flows see every error."""
    return {
        "accountSid": account.sid,
        "authToken": account.auth_token,
        "baseUrl": emulator.url,
        "retry": {"maxAttempts": 1},
    }


@pytest.fixture
def write_flow(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML to a file in the test's directory; return its path."""

    def write(text: str, name: str = "flow.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_flow(write_flow: Callable[..., Path], emulator_config: dict[str, Any]) -> RunFlow:
    """Run YAML text against the test's account (configs ``main`` and ``default``)."""

    def run(text: str, **kwargs: Any) -> Any:
        path = write_flow(text)
        configs = {"main": emulator_config, "default": emulator_config}
        return run_file(path, configs=configs, **kwargs)

    return run


@pytest.fixture
def add_fault(emulator: Emulator) -> Iterator[Callable[..., None]]:
    """Queue a fault: the next matching API requests answer with an error status."""

    def add(**fault: Any) -> None:
        response = requests.post(f"{emulator.url}/_emulator/faults", json=fault, timeout=5)
        assert response.status_code < 300, response.text

    yield add
    requests.delete(f"{emulator.url}/_emulator/faults", timeout=5)
