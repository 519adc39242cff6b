"""What an expression names, checked when a flow file loads: the names, filters and tests it
uses, and the variables it reads."""

from __future__ import annotations

from typing import TypeVar

from jinja2 import nodes

from connector.errors import suggest
from flows.sandbox import SANDBOX

__all__ = ["SCOPE_NAMES", "find_all", "unknown_names", "var_reads"]

#: The names an expression may use (``error`` is set only inside error handlers).
SCOPE_NAMES = frozenset({"payload", "vars", "attributes", "error"})
#: Filters and tests that make reading a variable no step sets safe.
_GUARDS = frozenset({"default", "d", "defined", "undefined"})
_N = TypeVar("_N", bound=nodes.Node)


def find_all(tree: nodes.Node, node_type: type[_N]) -> list[_N]:
    """Every node of a type in the tree, the tree itself included."""
    found = [tree] if isinstance(tree, node_type) else []
    return found + list(tree.find_all(node_type))


def unknown_names(tree: nodes.Expr) -> list[tuple[str, str | None]]:
    """What the expression names that the flow runner does not have, each with a hint."""
    found: list[tuple[str, str | None]] = []
    known = sorted(SCOPE_NAMES)
    for name in find_all(tree, nodes.Name):
        if name.name not in SCOPE_NAMES:
            message = f"uses '{name.name}', which is not defined: the names are {', '.join(known)}"
            found.append((message, suggest(name.name, known)))
    for kind, registry, node_type in (
        ("filter", SANDBOX.filters, nodes.Filter),
        ("test", SANDBOX.tests, nodes.Test),
    ):
        for used in find_all(tree, node_type):
            used_name = str(getattr(used, "name", ""))
            if used_name not in registry:
                message = f"uses the {kind} '{used_name}', which does not exist"
                found.append((message, suggest(used_name, registry)))
    return found


def var_reads(tree: nodes.Node, guarded: bool = False) -> list[str]:
    """The ``vars.NAME`` (and ``vars['NAME']``) an expression reads without a default."""
    found: list[str] = []
    if isinstance(tree, nodes.Filter | nodes.Test) and tree.name in _GUARDS:
        guarded = True
    if isinstance(tree, nodes.Call) and isinstance(tree.node, nodes.Getattr):
        found.extend(var_reads(tree.node.node, guarded))  # vars.get(...): a method
        for child in (*tree.args, *tree.kwargs):
            found.extend(var_reads(child, guarded))
        return found
    name = _var_name(tree)
    if name is not None:
        return [] if guarded else [name]
    for child in tree.iter_child_nodes():
        found.extend(var_reads(child, guarded and child is getattr(tree, "node", None)))
    return found


def _var_name(node: nodes.Node) -> str | None:
    if not (isinstance(node, nodes.Getattr | nodes.Getitem) and isinstance(node.node, nodes.Name)):
        return None
    if node.node.name != "vars":
        return None
    if isinstance(node, nodes.Getattr):
        return node.attr
    argument = node.arg
    return (
        argument.value
        if isinstance(argument, nodes.Const) and isinstance(argument.value, str)
        else None
    )
