"""Prism, Stoplight's spec-validating mock, serving Twilio's OpenAPI file for the session.

Both are installed by ``.ci/install-test-tools`` (README's second command and CI run it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support import prism


@pytest.fixture(scope="session")
def prism_url(
    installed_tool: Callable[[str, str], Path],
    twilio_api_v2010: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The base URL of a Prism mock of Twilio's twilio_api_v2010.json, started once."""
    binary = installed_tool(".prism/node_modules/.bin/prism", "Prism")
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    with prism.serving(binary, twilio_api_v2010, log_path) as url:
        yield url
