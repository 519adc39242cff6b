"""The catalog: every operation by name.

Operations register themselves when their class is defined (see :class:`Operation`), so
adding one means writing its class in the module of its Twilio resource family, nothing else.
:meth:`Catalog.discover` imports every module of a package to find them. This package's own
catalog reads the generated index ``schemas/catalog.json`` instead (every operation's
description and the module that declares it; ``python -m flows.schemagen`` writes it) and
imports an operation's module only when the operation is first used, so a process that sends
one message imports one family, not all of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

import schemas
from operations.base import REGISTRY, Operation

__all__ = ["Catalog", "IndexedCatalog", "catalog"]

_INFRASTRUCTURE = frozenset(
    {"base", "catalog", "explain", "local", "models", "params", "problems", "values"}
)


class Catalog:
    """Operations by name (aliases included), one instance each."""

    def __init__(self, classes: dict[str, type[Operation]]) -> None:
        self._by_name = {name: cls() for name, cls in classes.items() if name == cls.name}
        self._aliases = {alias: cls.name for alias, cls in classes.items() if alias != cls.name}

    @classmethod
    def discover(cls, package: str = __package__ or "operations") -> Catalog:
        """Import every module of ``package`` and collect the operations they declare."""
        import pkgutil  # noqa: PLC0415 - the indexed catalog does without it

        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__):
            if info.name not in _INFRASTRUCTURE and not info.name.startswith("_"):
                importlib.import_module(f"{package}.{info.name}")
        return cls(dict(REGISTRY))

    def names(self) -> list[str]:
        """Every operation name, sorted (aliases left out)."""
        return sorted(self._by_name)

    def get(self, name: str) -> Operation:
        """The operation called ``name`` or one of its aliases; ``KeyError`` if none."""
        if not isinstance(name, str):
            raise KeyError(name)
        return self._by_name[self._aliases.get(name, name)]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name or name in self._aliases

    def __iter__(self) -> Iterator[Operation]:
        return (self._by_name[name] for name in self.names())

    def __len__(self) -> int:
        return len(self._by_name)


class IndexedCatalog(Catalog):
    """A catalog read from an index (``schemas/catalog.json``): names, aliases and modules
    known at once, each operation imported and made when it is first asked for."""

    def __init__(self, index: Mapping[str, Any], package: str) -> None:
        super().__init__({})
        self.index: dict[str, dict[str, Any]] = {row["name"]: row for row in index["operations"]}
        self._aliases = {
            alias: row["name"] for row in self.index.values() for alias in row.get("aliases", ())
        }
        self._package = package

    def names(self) -> list[str]:
        """Every operation name, sorted (aliases left out)."""
        return sorted(self.index)

    def get(self, name: str) -> Operation:
        """The operation called ``name`` or one of its aliases, its module imported on first
        use; ``KeyError`` if none."""
        if not isinstance(name, str):
            raise KeyError(name)
        canonical = self._aliases.get(name, name)
        found = self._by_name.get(canonical)
        if found is None:
            row = self.index[canonical]
            importlib.import_module(f"{self._package}.{row['module']}")
            found = self._by_name[canonical] = REGISTRY[canonical]()
        return found

    def __contains__(self, name: object) -> bool:
        return name in self.index or name in self._aliases

    def __iter__(self) -> Iterator[Operation]:
        return (self.get(name) for name in self.names())

    def __len__(self) -> int:
        return len(self.index)


def index_of(found: Catalog) -> dict[str, Any]:
    """The index of a catalog, as ``schemas/catalog.json`` holds it: each operation's
    description (as ``describe --json`` prints it) and the module that declares it."""
    rows = []
    for op in found:
        module = type(op).__module__.rsplit(".", 1)[-1]
        rows.append({**op.describe(), "module": module})
    return {"operations": rows}


#: The catalog of this package's operations.
catalog: Catalog = IndexedCatalog(schemas.load("catalog"), __package__ or "operations")
