"""TwiML documents as data, to compare regardless of attribute order, and texts that try to
add XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from flows.twiml import DECLARATION

#: An element: tag, attributes, text ("" for none) and children.
Tree = tuple[str, dict[str, str], str, list[Any]]

#: Texts that would add elements, attributes, entities or comments if they were not escaped.
HOSTILE = [
    "</Say><Redirect>http://evil.example.com</Redirect><Say>",
    "]]><Hangup/><![CDATA[",
    '"/><Redirect>http://evil</Redirect><Say a="',
    "&amp; &lt;Say&gt; &#60; <!-- comment --> <?pi x?>",
    "<!DOCTYPE r [<!ENTITY x 'y'>]>&x;",
]


def tree(document: str) -> Tree:
    """A TwiML document (which starts with the XML declaration) as nested tuples."""
    assert document.startswith(DECLARATION)
    return _tree(ET.fromstring(document.removeprefix(DECLARATION)))


def _tree(element: ET.Element) -> Tree:
    assert not (element.tail or "").strip()
    children = [_tree(child) for child in element]
    return element.tag, dict(element.attrib), element.text or "", children
