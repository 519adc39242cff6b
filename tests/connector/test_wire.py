"""The wire encoding: form and query text are written exactly as ``urllib.parse.urlencode``
writes them (the funnel's faster writer is checked against it), and text passes as it is."""

from __future__ import annotations

import random
from urllib.parse import urlencode

import pytest

from connector import ValidationError
from connector.wire import encode, urlencoded

SAMPLES = [
    "",
    "+14155550100",
    "Hello from the benchmark",
    "a&b=c?d#e/f%g",
    "~_.-*'()!",
    "héllo wörld",
    "日本語のテキスト",
    "emoji 😀 and \u00a0 nbsp",
    "\x00\x1f\x7f\r\n\t",
    '{"1": "Ana"}',
]


def random_texts(count: int) -> list[str]:
    rnd = random.Random(13)
    texts = []
    for _ in range(count):
        chars = []
        for _ in range(rnd.randrange(0, 16)):
            plane = rnd.choice([(0, 0x80), (0x80, 0x800), (0x800, 0xD800), (0x10000, 0x110000)])
            chars.append(chr(rnd.randrange(*plane)))
        texts.append("".join(chars))
    return texts


@pytest.mark.parametrize("text", SAMPLES)
def test_urlencoded_is_urlencode(text: str) -> None:
    pairs = [("To", text), (text, "x"), ("Body", text + text)]
    assert urlencoded(pairs) == urlencode(pairs)


def test_urlencoded_is_urlencode_for_any_text() -> None:
    texts = random_texts(3000)
    for key, value in zip(texts, reversed(texts), strict=True):
        assert urlencoded([(key, value)]) == urlencode([(key, value)])
    assert urlencoded([]) == urlencode([]) == ""


def test_text_passes_as_it_is_and_other_values_as_twilio_reads_them() -> None:
    given = {"To": "+14155550100", "Body": "héllo", "Flag": True, "N": 3, "L": ["a", None, "b"]}
    assert encode(given) == [
        ("To", "+14155550100"),
        ("Body", "héllo"),
        ("Flag", "true"),
        ("N", "3"),
        ("L", "a"),
        ("L", "b"),
    ]
    with pytest.raises(ValidationError) as caught:
        encode({"Body": "lone \ud800 surrogate"})
    assert "Body" in str(caught.value)
