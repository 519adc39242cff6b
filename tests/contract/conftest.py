"""Prism, Stoplight's spec-validating mock, serving Twilio's OpenAPI files for the session:
one process per domain, started when a test first needs it.

Both are installed by ``.ci/install-test-tools`` (README's second command and CI run it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.support import prism


@pytest.fixture(scope="session")
def prism_for(
    installed_tool: Callable[[str, str], Path],
    openapi_file: Callable[[str], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[str], str]]:
    """``prism_for(domain)``: the base URL of a Prism mock of that domain's OpenAPI file."""
    binary = installed_tool(".prism/node_modules/.bin/prism", "Prism")
    started: dict[str, str] = {}
    with ExitStack() as stack:

        def url(domain: str) -> str:
            if domain not in started:
                log_path = tmp_path_factory.mktemp("prism") / f"prism-{domain}.log"
                served = prism.serving(binary, openapi_file(domain), log_path)
                started[domain] = stack.enter_context(served)
            return started[domain]

        yield url


@pytest.fixture(scope="session")
def prism_url(prism_for: Callable[[str], str]) -> str:
    """The base URL of a Prism mock of Twilio's twilio_api_v2010.json."""
    return prism_for("api")
