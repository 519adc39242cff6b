"""The limits a flow file is held to, so that no later layer meets more than it can take:
how many nodes and characters a document holds once its aliases are expanded, how deeply
lists and mappings nest, how long a text is, and which characters YAML reads at all."""

from __future__ import annotations

import re

from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader

from flows.errors import Found, Where

__all__ = [
    "LINE_BREAK",
    "MAX_CHARACTERS",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_TEXT",
    "TOO_DEEP",
    "TooLargeError",
    "check_expanded",
    "decode",
    "not_allowed",
]

#: The most nodes a document may hold once its aliases are expanded.
MAX_NODES = 100_000
#: The most levels lists and mappings may nest (the document itself is the first level).
MAX_DEPTH = 100
#: The longest text a scalar or a key may hold (and an expression may produce).
MAX_TEXT = 1_000_000
#: The most characters of text a document may hold once its aliases are expanded.
MAX_CHARACTERS = 10 * MAX_TEXT

#: Line breaks as YAML counts them.
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
#: What YAML refuses to read (PyYAML's own test), and a byte order mark (but as the first
#: character).
_NOT_ALLOWED = re.compile(f"{Reader.NON_PRINTABLE.pattern}|\ufeff")


class TooLargeError(Exception):
    """The document is past a limit (or an alias contains itself), at ``mark``."""

    def __init__(self, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.mark = mark


TOO_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} levels deep here"


def check_expanded(root: Node) -> None:
    """Raise when the document, every alias expanded, is too large or too deep, or cyclic."""
    # Per node: nodes, characters of text and levels of lists and mappings, aliases expanded.
    measured: dict[int, tuple[int, int, int]] = {}
    active: set[int] = set()

    def measure(node: Node) -> tuple[int, int, int]:
        key = id(node)
        if key in measured:
            return measured[key]
        if key in active:
            raise TooLargeError("an alias refers to a node that contains it", node.start_mark)
        active.add(key)
        children: list[tuple[int, int, int]] = []
        if isinstance(node, MappingNode):
            children = [measure(part) for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            children = [measure(item) for item in node.value]
        active.discard(key)
        if isinstance(node, ScalarNode):
            nodes, characters, levels = 1, len(node.value), 0
        else:
            nodes = 1 + sum(child[0] for child in children)
            characters = sum(child[1] for child in children)
            levels = 1 + max((child[2] for child in children), default=0)
        measured[key] = nodes, characters, levels
        if nodes > MAX_NODES:
            raise TooLargeError(
                f"the document expands to more than {MAX_NODES} nodes (anchors and aliases "
                "are bounded)",
                node.start_mark,
            )
        if characters > MAX_CHARACTERS:
            raise TooLargeError(
                f"the document expands to more than {MAX_CHARACTERS} characters of text "
                "(anchors and aliases are bounded)",
                node.start_mark,
            )
        if levels > MAX_DEPTH:
            raise TooLargeError(TOO_DEEP + " (aliases expanded)", node.start_mark)
        return measured[key]

    measure(root)


def _place(text: str, index: int, file: str) -> Where:
    """Where the character at ``index`` is, counting lines as YAML does."""
    breaks = list(LINE_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return Where(file, len(breaks) + 1, index - start + 1)


def not_allowed(text: str, file: str) -> Found | None:
    """The first character YAML does not allow in the text (a BOM may only come first)."""
    found = _NOT_ALLOWED.search(text, 1 if text.startswith("\ufeff") else 0)
    if found is None:
        return None
    code = ord(found.group())
    if code == 0xFEFF:
        message = "a byte order mark (U+FEFF) may only be the first character of the file"
    elif 0xD800 <= code <= 0xDFFF:
        message = f"U+{code:04X} is half of a UTF-16 surrogate pair, not a character"
    else:
        message = (
            f"the character U+{code:04X} is not allowed in YAML (no control characters "
            "but tab and line breaks)"
        )
    return Found(_place(text, found.start(), file), message)


def decode(data: bytes, file: str) -> tuple[str, list[Found]]:
    """UTF-8 bytes as text; bytes that are not UTF-8 are a problem with their place."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        message = f"not UTF-8 text: the byte 0x{data[exc.start]:02X} cannot be decoded"
        return "", [Found(_place(before, len(before), file), message)]
