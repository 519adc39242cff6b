"""Write (or check) the published input schemas in ``schemas/operations/`` from the classes.

python -m operations.schemagen          # rewrite the files
python -m operations.schemagen --check  # exit 1 if any file differs from its class
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from operations.catalog import catalog

__all__ = ["main", "render"]

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "operations"


def render(name: str) -> str:
    """The schema file's text for one operation."""
    return json.dumps(catalog.get(name).build_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the schema files, or with ``--check`` report those that differ."""
    parser = argparse.ArgumentParser(prog="python -m operations.schemagen")
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
