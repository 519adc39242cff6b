"""``python -m flows.cli``: the same as ``twilio-connector``."""

from __future__ import annotations

from flows.cli import main

raise SystemExit(main())
