"""The design rules that keep the code easy to see: layers import one way, public names are
exported and documented, the README lists what the catalog has."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

import connector.errors
from connector import ConnectorError
from operations import catalog

ROOT = Path(__file__).resolve().parents[1]

#: What each package may import from the project (besides itself).
ALLOWED = {
    "connector": set(),
    "schemas": set(),
    "operations": {"connector", "schemas"},
    "flows": {"connector", "operations", "schemas", "emulator"},
    "emulator": set(),
}


def _project_imports(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".", 1)[0]
                if top in ALLOWED and top != package:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_layers_import_one_way(package: str) -> None:
    imported = _project_imports(package)
    forbidden = {name: files for name, files in imported.items() if name not in ALLOWED[package]}
    assert not forbidden, f"{package} must not import {forbidden}"


@pytest.mark.parametrize(
    "module", ["connector", "operations", "operations.models", "flows", "flows.twiml"]
)
def test_all_lists_exactly_the_public_names(module: str) -> None:
    mod = importlib.import_module(module)
    exported = set(mod.__all__)
    public = {
        name
        for name, value in vars(mod).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and getattr(value, "__module__", module).split(".", 1)[0] == module.split(".", 1)[0]
        and name != "annotations"
    }
    missing = sorted(name for name in exported if not hasattr(mod, name))  # lazy names load
    assert not missing, f"{module}.__all__ names missing objects: {missing}"
    assert public <= exported, f"{module} has public names outside __all__: {public - exported}"


@pytest.mark.parametrize(
    "module", ["connector", "operations", "operations.models", "flows", "flows.twiml"]
)
def test_public_names_have_docstrings(module: str) -> None:
    mod = importlib.import_module(module)
    missing = [
        name
        for name in mod.__all__
        if (inspect.isclass(getattr(mod, name)) or inspect.isfunction(getattr(mod, name)))
        and not inspect.getdoc(getattr(mod, name))
    ]
    assert not missing, f"{module}: no docstring on {missing}"


def test_every_operation_class_is_named_after_its_operation() -> None:
    for op in catalog:
        expected = "".join(part.capitalize() for part in op.name.split("-"))
        assert type(op).__name__ == expected, op.name
        assert op.summary, f"{op.name} has no summary docstring"


def test_readme_lists_every_operation_under_its_family() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Operations\n", 1)[1].split("\n## ", 1)[0]
    table: dict[str, set[str]] = {}
    for family, cell in re.findall(r"^\| ([a-z][^|]*?) \| (.*) \|$", section, re.MULTILINE):
        named = set(re.findall(r"`([a-z0-9-]+)`", cell))
        if family != "family":  # the heading row
            table[family] = {name for name in named if name in catalog.names()}
    families: dict[str, set[str]] = {}
    for op in catalog:
        families.setdefault(op.family, set()).add(op.name)
    assert table == families


def test_readme_opens_with_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```sh\n")[1:3]
    first, second = (block.split("```")[0].strip() for block in blocks)
    assert "twilio-connector run flows/examples/" in first
    assert "--emulator" in first
    example = first.split("twilio-connector run ")[1].split()[0]
    assert (ROOT / example).is_file(), f"the README's flow {example} does not exist"
    install, test_command = (part.strip() for part in second.split("&&")[-2:])
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install == ".ci/install-test-tools", "the README must install what the tests need"
    assert install in ci, "CI must install the test tools as the README does"
    assert test_command in ci, "CI must run the README's test command"


_DRAWN = re.compile(r"^(?P<indent>[ │]*)(?:[├└]── )?(?P<name>\w+Error)(?: +(?P<type>\w+:\w+))?")


def _drawn_tree(doc: str) -> dict[str, tuple[str | None, str | None]]:
    """The error tree drawn in a docstring: each name's parent and the type written beside it."""
    tree: dict[str, tuple[str | None, str | None]] = {}
    parents: list[str] = []
    for line in doc.splitlines():
        match = _DRAWN.match(line)
        if not match:
            continue
        depth = (len(match["indent"]) - 4) // 4 + (1 if "──" in line else 0)
        del parents[depth:]
        tree[match["name"]] = (parents[-1] if parents else None, match["type"])
        parents.append(match["name"])
    return tree


def _own_errors(base: type[ConnectorError], package: str) -> list[type[ConnectorError]]:
    found, pending = [], [base]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] == package:
            found.append(cls)
    return found


def test_the_error_tree_drawing_holds_every_connector_error_with_its_type() -> None:
    """connector/errors.py draws its tree as httpx does; the drawing is every error the
    connector raises, under its parent, with the type it declares."""
    drawn = _drawn_tree(connector.errors.__doc__ or "")
    actual = {
        cls.__name__: (
            cls.__base__.__name__ if cls is not ConnectorError else None,
            vars(cls).get("error_type") if cls is not ConnectorError else None,
        )
        for cls in _own_errors(ConnectorError, "connector")
    }
    assert drawn == actual
    assert drawn["UnknownOperationError"] == ("ConnectorError", "TWILIO:UNKNOWN_OPERATION")
