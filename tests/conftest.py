"""Fixtures shared by the test suites: loopback servers and connectors pointed at them, sample
parameters, the reference tables, the repository's paths and the tools the tests install.

Each is a thin wrapper of a helper in tests/support, which says what it does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from emulator import Emulator
from tests.support import loopback, openapi, paths, reference, samples
from tests.support.loopback import RecordingServer


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    """A recording loopback server, stopped after the test."""
    srv = RecordingServer()
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture
def other_server(start_server: Callable[[], RecordingServer]) -> RecordingServer:
    """A second recording server: another host that must never see our credentials."""
    return start_server()


@pytest.fixture
def start_server() -> Iterator[Callable[..., RecordingServer]]:
    """``start_server(port)``: more recording servers (on a given port), stopped after."""
    started: list[RecordingServer] = []

    def start(port: int = 0) -> RecordingServer:
        srv = RecordingServer(port)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.close()


@pytest.fixture
def make_connector(server: RecordingServer) -> Iterator[Callable[..., Any]]:
    """Build connectors pointed at ``server`` (overrides merge into the config); closed after."""
    from connector import Connector  # noqa: PLC0415 - imported lazily so conftest stays light

    made: list[Any] = []

    def make(base_url: str | None = None, **overrides: Any) -> Any:
        twilio = Connector(loopback.loopback_config(base_url or server.url, **overrides))
        made.append(twilio)
        return twilio

    yield make
    for twilio in made:
        twilio.close()


@pytest.fixture
def loopback_config() -> Callable[..., dict[str, Any]]:
    """``loopback_config(base_url, **overrides)``: a config dict with small timeouts."""
    return loopback.loopback_config


@pytest.fixture
def refused_port() -> int:
    """A loopback port that nothing listens on."""
    return loopback.free_port()


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    """One emulator for a test module (each test makes its own accounts in it)."""
    with Emulator() as emu:
        yield emu


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return paths.REPO_ROOT


@pytest.fixture(scope="session")
def installed_tool() -> Callable[[str, str], Path]:
    """``installed_tool(".prism/node_modules/.bin/prism", "Prism")``: a file that
    .ci/install-test-tools installs; the test fails, naming that command, when it is missing."""
    return paths.installed_tool


@pytest.fixture(scope="session")
def twilio_api_v2010(installed_tool: Callable[[str, str], Path]) -> Path:
    """Twilio's OpenAPI file for the 2010-04-01 API, from the npm package @twilio/cli-core."""
    return installed_tool(".twilio-api/twilio_api_v2010.json", "Twilio's OpenAPI file")


@pytest.fixture(scope="session")
def openapi_file(installed_tool: Callable[[str, str], Path]) -> Callable[[str], Path]:
    """``openapi_file(domain)``: Twilio's OpenAPI file for the version of a domain the
    operations use (tests.support.openapi.FILES), from the npm package @twilio/cli-core."""

    def find(domain: str) -> Path:
        name = openapi.FILES[domain]
        return installed_tool(f".twilio-api/{name}", f"Twilio's OpenAPI file {name}")

    return find


@pytest.fixture(scope="session")
def op_map() -> dict[str, dict[str, Any]]:
    """tests/data/op_map.json: each operation of the original MuleSoft connector (and
    create-access-token), by name."""
    return reference.op_map()


@pytest.fixture(scope="session")
def sample_params() -> Callable[..., dict[str, Any]]:
    """``sample_params(op, full=True)``: valid parameters for an operation."""
    return samples.sample_params


@pytest.fixture
def no_twilio_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No TWILIO_* variables, whatever the machine has; returns monkeypatch to set some."""
    for name in (
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "TWILIO_REGION",
        "TWILIO_EDGE",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch
