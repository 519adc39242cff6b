"""Where things are in the repository, and the files that ``.ci/install-test-tools`` adds to it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
#: The example flows shipped with the runner.
EXAMPLES = REPO_ROOT / "flows" / "examples"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
#: The project's own reference tables (op_map.json, magic_numbers.json).
DATA = REPO_ROOT / "tests" / "data"
INSTALL_TEST_TOOLS = ".ci/install-test-tools"


def installed_tool(relative: str, what: str) -> Path:
    """A file that .ci/install-test-tools installs; fails the test, naming that command, when it
    is missing: ``installed_tool(".prism/node_modules/.bin/prism", "Prism")``."""
    path = REPO_ROOT / relative
    if not path.is_file():
        pytest.fail(
            f"{what} is not installed ({relative} is missing): "
            f"run `{INSTALL_TEST_TOOLS}` in {REPO_ROOT}"
        )
    return path
