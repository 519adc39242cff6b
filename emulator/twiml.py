"""Reading the TwiML an application answers with, safely.

TwiML comes from whatever server a number points at, so it is untrusted XML. It is parsed by
defusedxml with document type declarations forbidden: TwiML never needs one, and refusing them
refuses every entity expansion attack (billion laughs, quadratic blowup, external entities)
whatever expat version Python was built with.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

__all__ = ["PARSE_FAILURE", "TwimlError", "parse"]

PARSE_FAILURE = 12100
"""Twilio's error for a TwiML document it cannot parse."""


class TwimlError(Exception):
    """TwiML that cannot be carried out, with Twilio's error code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse(document: str) -> Element:
    """The ``<Response>`` element of a TwiML document; TwimlError if it is not one."""
    try:
        root = fromstring(document.encode(), forbid_dtd=True)
    except DefusedXmlException as error:
        raise TwimlError(PARSE_FAILURE, f"Document parse failure: {error}") from None
    except ParseError as error:
        raise TwimlError(PARSE_FAILURE, f"Document parse failure: {error}") from None
    if root.tag != "Response":
        raise TwimlError(PARSE_FAILURE, f"The root element must be <Response>, not <{root.tag}>")
    return root
