"""The catalog: every operation module of this package imported, every operation by name.

Operations register themselves when their class is defined (see :class:`Operation`), so
adding one means writing its class in the module of its Twilio resource family, nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from operations.base import REGISTRY, Operation

__all__ = ["Catalog", "catalog"]

_INFRASTRUCTURE = frozenset({"base", "catalog", "local", "models", "params", "problems", "values"})


class Catalog:
    """Operations by name (aliases included), one instance each."""

    def __init__(self, classes: dict[str, type[Operation]]) -> None:
        self._by_name = {name: cls() for name, cls in classes.items() if name == cls.name}
        self._aliases = {alias: cls.name for alias, cls in classes.items() if alias != cls.name}

    @classmethod
    def discover(cls, package: str = __package__ or "operations") -> Catalog:
        """Import every module of ``package`` and collect the operations they declare."""
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


#: The catalog of this package's operations.
catalog = Catalog.discover()
