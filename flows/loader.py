"""Safe, strict YAML loading that keeps the text written and where it was written.

``yaml.safe_load`` semantics with these differences that matter for flow files:

- plain scalars are typed by YAML 1.2's JSON schema and nothing more: ``true``/``false``
  (also ``True``, ``TRUE``, ``False``, ``FALSE``) are booleans; an empty value, ``~`` and
  ``null`` (``Null``, ``NULL``) are null; numbers written exactly as JSON writes them are
  integers or floats; everything else is text (``+15005550006``, ``0044123``, ``NO``,
  ``yes``, ``12:30``, ``1_000``, ``0x1F``, ``.inf``, ``2024-01-31`` stay as written);
- each typed scalar's source text is kept beside it (:func:`as_written`), so that a value
  given to an operation parameter or a config reaches it exactly as written and its own
  schema converts it (``body: 1e3`` sends ``1e3``);
- a duplicate key is a problem, and so is a tag that would build an object (``!!python/...``);
- anchors and aliases are bounded: the document, expanded, may hold at most
  :data:`~flows.limits.MAX_NODES` nodes and :data:`~flows.limits.MAX_CHARACTERS` characters
  of text, and an alias may not contain itself;
- the document is bounded where later layers (the flow schema, expressions, the runner)
  would otherwise meet it unprepared (:mod:`flows.limits`): lists and mappings nest at most
  ``MAX_DEPTH`` levels deep (aliases expanded), a text or key holds at most ``MAX_TEXT``
  characters, and a character YAML does not allow (``NUL`` and other control characters,
  lone surrogates, a byte order mark after the start) is a problem with its place, as are
  bytes that are not UTF-8;
- every string, mapping and list remembers its :class:`~flows.errors.Where`, and so does
  every mapping key.

An expression lost to a YAML comment (``to: #[payload.to]`` unquoted leaves a null, and
``body: Hi #[vars.name]`` leaves ``Hi``) is a problem with the hint to quote it; the loader
keeps the text it recovered from the comment so later checks see the expression.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from flows.errors import Found, Where
from flows.limits import (
    LINE_BREAK,
    MAX_DEPTH,
    MAX_TEXT,
    TOO_DEEP,
    TooLargeError,
    check_expanded,
    not_allowed,
)

__all__ = [
    "LoadedYaml",
    "YamlList",
    "YamlMap",
    "YamlStr",
    "as_written",
    "load_yaml",
    "where_of",
]

_TAG = "tag:yaml.org,2002:"
_LOST_AFTER_VALUE = re.compile(r"\s+(#\[.*?)\s*$")
_LOST_AFTER_EMPTY = re.compile(r"\s*(#\[.*?)\s*$")
_LATER_COMMENT = re.compile(r"\s+#(?!\[)")


class YamlStr(str):
    """A string from a flow file, with where it starts."""

    where: Where

    def __new__(cls, value: str, where: Where) -> YamlStr:
        text = super().__new__(cls, value)
        text.where = where
        return text


class YamlMap(dict[str, Any]):
    """A mapping from a flow file, with where it starts, where each key is, and the source
    text of each value that YAML typed (a boolean or a number)."""

    def __init__(self, where: Where) -> None:
        super().__init__()
        self.where = where
        self.key_where: dict[str, Where] = {}
        self.written: dict[str, str] = {}


class YamlList(list[Any]):
    """A list from a flow file, with where it starts and the source text of each item that
    YAML typed (a boolean or a number)."""

    def __init__(self, where: Where) -> None:
        super().__init__()
        self.where = where
        self.written: dict[int, str] = {}


def as_written(value: Any) -> Any:
    """``value`` with every boolean and number back to the text written in the file.

    Operation parameters and configs take their values this way: their own schemas convert
    text, so ``to: 14155550100`` reaches the operation as ``"14155550100"``. Nulls stay null.
    """
    if isinstance(value, YamlMap):
        copy = YamlMap(value.where)
        copy.key_where = value.key_where
        for key, item in value.items():
            text = value.written.get(key)
            where = value.key_where.get(key, value.where)
            copy[key] = YamlStr(text, where) if text is not None else as_written(item)
        return copy
    if isinstance(value, YamlList):
        items = YamlList(value.where)
        for index, item in enumerate(value):
            text = value.written.get(index)
            items.append(YamlStr(text, value.where) if text is not None else as_written(item))
        return items
    return value


def where_of(value: Any, default: Where) -> Where:
    """Where a loaded value starts (``default`` for nulls and explicitly typed scalars)."""
    found = getattr(value, "where", None)
    return found if isinstance(found, Where) else default


class _JsonResolver(BaseResolver):
    """YAML 1.2's JSON schema: JSON's booleans, nulls and numbers; every other plain scalar
    is text."""


_JSON_INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
_JSON_FLOAT = re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")
_NUMBER_START = list("-0123456789")
_JsonResolver.add_implicit_resolver(
    _TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_JsonResolver.add_implicit_resolver(
    _TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_JsonResolver.add_implicit_resolver(_TAG + "int", _JSON_INT, _NUMBER_START)
_JsonResolver.add_implicit_resolver(_TAG + "float", _JSON_FLOAT, _NUMBER_START)
_JsonResolver.add_implicit_resolver(_TAG + "merge", re.compile(r"^(?:<<)$"), ["<"])


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _JsonResolver):
    """PyYAML's pure-Python pipeline with the JSON-schema resolver (composing only)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _JsonResolver.__init__(self)

    #: How many lists and mappings enclose the node being composed.
    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Compose a node, refusing lists and mappings nested more than MAX_DEPTH deep."""
        if not self.check_event(SequenceStartEvent, MappingStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise TooLargeError(TOO_DEEP, event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


#: Explicit scalar tags that may be written (``!!int 5``): their safe constructors.
_SCALAR_TAGS: dict[str, Callable[[SafeConstructor, ScalarNode], Any]] = {
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
}


@dataclass
class LoadedYaml:
    """A loaded document and the problems found while loading it (each with its place)."""

    data: Any
    problems: list[Found] = field(default_factory=list)


class _Builder:
    """Turns composed nodes into located values, collecting problems as it goes."""

    def __init__(self, file: str, lines: list[str], loader: _Loader) -> None:
        self.file = file
        self.lines = lines
        self.loader = loader
        self.problems: list[Found] = []

    def where(self, node: Node) -> Where:
        return Where(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            self.check_length(node)
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            self.check_collection_tag(node, "seq")
            items = YamlList(self.where(node))
            for index, item in enumerate(node.value):
                items.append(self.build(item))
                if _is_typed(items[-1]):
                    items.written[index] = item.value
            return items
        assert isinstance(node, MappingNode)
        self.check_collection_tag(node, "map")
        return self.mapping(node)

    def check_length(self, node: ScalarNode) -> None:
        """A text longer than MAX_TEXT is a problem, and is cut short for the checks after."""
        if len(node.value) > MAX_TEXT:
            message = f"this text is {len(node.value)} characters long: at most {MAX_TEXT} may be"
            self.problems.append(Found(self.where(node), message))
            node.value = node.value[:MAX_TEXT]

    def check_collection_tag(self, node: Node, kind: str) -> None:
        if node.tag != _TAG + kind:
            self.problems.append(Found(self.where(node), _bad_tag(node.tag)))

    def scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        if node.style is None:
            recovered = self.lost_expression(node)
            if recovered is not None:
                return YamlStr(recovered, self.where(node))
        if node.tag == _TAG + "null":
            return None
        if node.tag in (_TAG + "str", "!"):
            return YamlStr(value, self.where(node))
        resolved = self.loader.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if node.style is None and resolved == node.tag:
            return self.json_scalar(node)  # plain, or tagged as it would resolve anyway
        construct = _SCALAR_TAGS.get(node.tag)
        if construct is None:
            self.problems.append(Found(self.where(node), _bad_tag(node.tag)))
            return None
        try:
            return construct(self.loader, node)
        except ValueError:
            # The value is not shown: it may be a secret (a config's authToken, say).
            shown = "!!" + node.tag.removeprefix(_TAG)
            self.problems.append(Found(self.where(node), f"the value is not a valid {shown}"))
            return None

    def json_scalar(self, node: ScalarNode) -> Any:
        """A plain boolean or number, as JSON reads it; a number Python cannot hold (over
        4,300 digits, or a float beyond its range) stays the text written."""
        value: str = node.value
        if node.tag == _TAG + "bool":
            return value.lower() == "true"
        try:
            number = int(value) if node.tag == _TAG + "int" else float(value)
        except ValueError:
            return YamlStr(value, self.where(node))
        if isinstance(number, float) and not math.isfinite(number):
            return YamlStr(value, self.where(node))
        return number

    def lost_expression(self, node: ScalarNode) -> str | None:
        """The expression a comment swallowed after a plain scalar (a comment starting ``#[``)."""
        mark = node.end_mark
        if mark.line >= len(self.lines):
            return None
        rest = self.lines[mark.line][mark.column :]
        empty = node.value == ""
        match = (_LOST_AFTER_EMPTY if empty else _LOST_AFTER_VALUE).match(rest)
        if match is None:
            return None
        lost = _without_comment(match.group(1))
        recovered = lost if empty else node.value + rest[: match.start(1)] + lost
        shown = recovered.replace('"', '\\"')
        at = Where(self.file, mark.line + 1, mark.column + match.start(1) + 1)
        self.problems.append(
            Found(
                at if empty else self.where(node),
                f"the expression {lost!r} is lost to a YAML comment (an unquoted ' #' starts one)",
                f'quote the value, as "{shown}"',
            )
        )
        return recovered

    def mapping(self, node: MappingNode) -> YamlMap:
        result = YamlMap(self.where(node))
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merges.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    Found(self.where(key_node), "a key must be text, not a collection")
                )
                continue
            self.check_length(key_node)
            key = str(key_node.value)
            if key in result.key_where:
                first = result.key_where[key]
                message = f"duplicate key '{key}' (first given at line {first.line})"
                self.problems.append(Found(self.where(key_node), message))
                self.build(value_node)  # for the problems inside it; the first value is kept
                continue
            result.key_where[key] = self.where(key_node)
            result[key] = self.build(value_node)
            if _is_typed(result[key]):
                result.written[key] = value_node.value
        for merge in merges:
            self.merge_into(result, merge)
        return result

    def merge_into(self, result: YamlMap, node: Node) -> None:
        """``<<: *base`` or ``<<: [*a, *b]``: keys not given explicitly come from there."""
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, MappingNode):
                self.problems.append(Found(self.where(source), "'<<' merges mappings only"))
                continue
            merged = self.mapping(source)
            for key, value in merged.items():
                if key not in result:
                    result[key] = value
                    result.key_where[key] = merged.key_where[key]
                    if key in merged.written:
                        result.written[key] = merged.written[key]


def _is_typed(value: Any) -> bool:
    """Whether a loaded value is a boolean or a number (its text is kept beside it)."""
    return isinstance(value, bool | int | float)


def _without_comment(text: str) -> str:
    """Text up to a further comment (`` # ...`` that is not another expression)."""
    comment = _LATER_COMMENT.search(text)
    return text[: comment.start()] if comment else text


def _bad_tag(tag: str) -> str:
    if tag.startswith(_TAG + "python/"):
        return f"the tag !!{tag.removeprefix(_TAG)} is not allowed: flow files hold data only"
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return f"the tag {shown} is not allowed (only !!str, !!int, !!float, !!bool and !!null)"


def load_yaml(text: str, file: str) -> LoadedYaml:
    """Load one YAML document as located values; fatal problems leave ``data`` as ``None``."""
    loaded = LoadedYaml(None)
    refused = not_allowed(text, file)
    if refused is not None:
        loaded.problems.append(refused)
        return loaded
    lines = LINE_BREAK.split(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            loaded.problems.append(Found(Where(file, 1, 1), "the file is empty"))
            return loaded
        check_expanded(root)
        builder = _Builder(file, lines, loader)
        loaded.data = builder.build(root)
        loaded.problems.extend(builder.problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file, 1, 1)
        loaded.problems.append(Found(where, _syntax_message(exc, lines, mark)))
    except yaml.YAMLError as exc:
        loaded.problems.append(Found(Where(file, 1, 1), f"not valid YAML: {exc}"))
    except TooLargeError as exc:
        mark = exc.mark
        loaded.problems.append(Found(Where(file, mark.line + 1, mark.column + 1), str(exc)))
    except RecursionError:
        loaded.problems.append(Found(Where(file, 1, 1), "the document is nested too deeply"))
    finally:
        loader.dispose()
    return loaded


def _syntax_message(exc: yaml.MarkedYAMLError, lines: list[str], mark: Any) -> str:
    message = "not valid YAML: " + ", ".join(part for part in (exc.context, exc.problem) if part)
    nearby = lines[max(mark.line - 1, 0) : mark.line + 1] if mark else []
    if any(re.search(r"(^|\s)#\[", line) for line in nearby):
        message += "; an unquoted #[...] starts a YAML comment: quote expressions"
    return message
