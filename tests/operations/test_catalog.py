"""The catalog finds operations by themselves: no hand-kept list, and no name twice."""

from __future__ import annotations

import pytest

from connector import DOMAINS
from operations import Operation, catalog
from operations.base import REGISTRY
from operations.catalog import Catalog
from operations.params import account_sid


def test_a_name_declared_twice_fails_at_import() -> None:
    before = dict(REGISTRY)
    with pytest.raises(TypeError, match="'get-call' is declared twice"):

        class GetCallAgain(Operation, name="get-call"):
            """A second get-call."""

            method = "GET"
            path = "/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"
            params = (account_sid(),)

    assert before == REGISTRY


def test_an_alias_may_not_take_another_operations_name() -> None:
    with pytest.raises(TypeError, match="declared twice"):

        class NewThing(Operation, name="new-thing", aliases=("make-call",)):
            """Would shadow make-call."""

            method = "GET"
            path = "/2010-04-01/Accounts.json"

    assert "new-thing" not in REGISTRY


def test_an_operation_names_a_known_domain() -> None:
    with pytest.raises(TypeError, match="domain 'mesaging' is not one of"):

        class GetServiceTypo(Operation, name="get-service-typo"):
            """A misspelt domain."""

            domain = "mesaging"
            method = "GET"
            path = "/v1/Services/{Sid}"

    assert "get-service-typo" not in REGISTRY
    used = {catalog.get(name).domain for name in catalog.names()}
    assert {"api", "messaging", "content", "verify", "lookups"} <= used <= set(DOMAINS)


def test_a_new_operation_class_is_found_without_editing_a_list() -> None:
    class FetchSomethingNew(Operation, name="fetch-something-new"):
        """A made-up operation."""

        method = "GET"
        path = "/2010-04-01/Accounts/{AccountSid}/Something.json"
        params = (account_sid(),)

    try:
        found = Catalog.discover()
        assert "fetch-something-new" in found.names()
        assert found.get("fetch-something-new").summary == "A made-up operation."
        assert len(found) == len(catalog) + 1
    finally:
        del REGISTRY["fetch-something-new"]


def test_aliases_resolve_to_their_operation() -> None:
    op = catalog.get("get-available-phone-numbers-advanced-search")
    assert op.name == "get-available-phone-numbers-advanced-seach"
    assert "get-available-phone-numbers-advanced-search" in catalog
    assert "get-available-phone-numbers-advanced-search" not in catalog.names()
