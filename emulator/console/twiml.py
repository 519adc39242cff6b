"""TwiML and other webhook answers shown readably: XML indented, anything else as it came."""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError, indent, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

__all__ = ["readable"]


def readable(body: str | None) -> str:
    """`body` indented when it is an XML document (a webhook's TwiML), else unchanged."""
    text = (body or "").strip()
    if not text.startswith("<"):
        return body or ""
    try:
        root: Element = fromstring(text.encode(), forbid_dtd=True)
    except (DefusedXmlException, ParseError):
        return body or ""
    indent(root, space="  ")
    return tostring(root, encoding="unicode")
