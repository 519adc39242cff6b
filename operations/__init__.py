"""The 50 Twilio operations of the original connector and access tokens, one declarative class
each, and the catalog that finds them.

>>> from operations import catalog
>>> catalog.get("make-call").input_schema["required"]
['from', 'to']
"""

from __future__ import annotations

from operations.base import Operation
from operations.catalog import Catalog, catalog
from operations.local import LocalOperation
from operations.params import Param

__all__ = ["Catalog", "LocalOperation", "Operation", "Param", "catalog"]
