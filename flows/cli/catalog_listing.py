"""``operations`` and ``describe``: the catalog read from its generated index
(``schemas/catalog.json``) and the published input schemas, with no operation imported."""

from __future__ import annotations

import argparse
import importlib
import json
from typing import Any

import schemas
from flows.cli import help_for
from flows.cli.output import EXIT_OK, write_json

__all__ = ["register"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``operations`` and ``describe`` to the CLI."""
    ops = commands.add_parser("operations", help=help_for("operations"))
    ops.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ops.set_defaults(handler=list_operations)

    describe = commands.add_parser("describe", help=help_for("describe"))
    describe.add_argument("operation", metavar="OP")
    describe.add_argument("--json", action="store_true", help="print JSON instead of text")
    describe.set_defaults(handler=describe_operation)


def _index() -> dict[str, dict[str, Any]]:
    """Every operation's description by name, aliases included."""
    rows = schemas.load("catalog")["operations"]
    found = {row["name"]: row for row in rows}
    found |= {alias: row for row in rows for alias in row.get("aliases", ())}
    return found


def list_operations(args: argparse.Namespace) -> int:
    """``operations``: name, family, method, path and summary of each operation (method and
    path are null for one that sends no request), listed by family."""
    keys = ("name", "family", "summary", "method", "path")
    rows = [{key: row.get(key) for key in keys} for row in schemas.load("catalog")["operations"]]
    if args.json:
        write_json(rows)
        return EXIT_OK
    width = max(len(row["name"]) for row in rows)
    families: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        families.setdefault(row["family"], []).append(row)
    for number, family in enumerate(sorted(families)):
        print(("\n" if number else "") + f"{family}:")
        for row in families[family]:
            print(f"  {row['name']:<{width}}  {row['method'] or '-':<6} {row['summary']}")
    return EXIT_OK


def describe_operation(args: argparse.Namespace) -> int:
    """``describe OP``: the parameters as a table (or JSON) and the input JSON Schema."""
    index = _index()
    row = index.get(args.operation)
    if row is None:
        errors = importlib.import_module("connector.errors")
        names = sorted({found["name"] for found in index.values()})
        raise errors.UnknownOperationError(args.operation, names)
    schema = schemas.load(f"operations/{row['name']}")
    data = {key: value for key, value in row.items() if key != "module"}
    if args.json:
        write_json(data | {"inputSchema": schema})
        return EXIT_OK
    if "method" in row:
        print(
            f"{row['name']}: {row['summary']}\n  {row['method']} {row['path']} -> {row['success']}"
        )
    else:
        print(f"{row['name']}: {row['summary']}\n  sends no HTTP request: worked out here")
    if "retired" in row:
        print(f"  retired by Twilio: {row['retired']}")
    for group in row.get("exactlyOneOf", ()):
        print(f"  exactly one of: {', '.join(group)}")
    for group in row.get("atLeastOneOf", ()):
        print(f"  at least one of: {', '.join(group)}")
    for name, names in row.get("needs", {}).items():
        print(f"  {name} needs: {', '.join(names)}")
    print("\nparameters:")
    for param in row["parameters"]:
        flags = "required" if param["required"] else "optional"
        enum = f" one of {', '.join(param['enum'])}" if "enum" in param else ""
        print(f"  {param['name']:<24} {param['type']:<9} {flags:<8}{enum}")
        if param["description"]:
            print(f"      {param['description']}")
    print("\ninput schema:")
    print(json.dumps(schema, indent=2))
    return EXIT_OK
