"""Write (or check) the generated files in ``schemas/``: each operation's input schema
(``schemas/operations/<name>.json``, from its class), the config schema (``config.json``,
from :class:`connector.Config`), the flow-file schema (``flow.json``, from the step
classes: :func:`flows.schema.flow_file_schema`) and the catalog index (``catalog.json``:
every operation's description and module, which the catalog and the CLI read).

python -m flows.schemagen          # rewrite the files
python -m flows.schemagen --check  # exit 1 if any file differs from its classes
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from connector import Config
from flows.schema import flow_file_schema
from operations.catalog import Catalog, index_of

__all__ = ["main", "render", "render_catalog", "render_config", "render_flow"]

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
SCHEMA_DIR = SCHEMAS / "operations"


def _text(schema: dict[str, object]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


#: Every operation, found by importing every module (not from the index this tool writes).
catalog = Catalog.discover()


def render(name: str) -> str:
    """The schema file's text for one operation."""
    return _text(catalog.get(name).build_schema())


def render_catalog() -> str:
    """The catalog index's text (``schemas/catalog.json``)."""
    return _text(index_of(catalog))


def render_config() -> str:
    """The config schema's text."""
    schema = Config.model_json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    schema["title"] = "twilio-connector config"
    return _text(schema)


def render_flow() -> str:
    """The flow-file schema's text."""
    return _text(flow_file_schema())


def main(argv: list[str] | None = None) -> int:
    """Rewrite the schema files, or with ``--check`` report those that differ."""
    parser = argparse.ArgumentParser(prog="python -m flows.schemagen")
    parser.add_argument("--check", action="store_true", help="only report differences")
    args = parser.parse_args(argv)
    stale = []
    wanted = {f"{name}.json": render(name) for name in catalog.names()}
    for filename, text in wanted.items():
        path = SCHEMA_DIR / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(filename)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    generated = (
        ("config.json", render_config()),
        ("flow.json", render_flow()),
        ("catalog.json", render_catalog()),
    )
    for filename, text in generated:
        path = SCHEMAS / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(filename)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    extra = sorted(p.name for p in SCHEMA_DIR.glob("*.json") if p.name not in wanted)
    for filename in extra:
        stale.append(filename)
        if not args.check:
            (SCHEMA_DIR / filename).unlink()
    verb = "differ" if args.check else "rewritten"
    for filename in stale:
        print(f"{filename}: {verb}", file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
