"""Hostile flow files: characters YAML refuses, bytes that are not UTF-8, expressions and
literals nested hundreds of levels deep, oversized text at any depth. Each is a validation
problem with its place (``check_text``, ``FlowFile.load`` and ``validate`` exit 2), never an
exception or a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flows import ExpressionError, run_file
from flows.cli import main
from flows.document import check_text
from flows.limits import MAX_DEPTH, MAX_TEXT

_HEAD = "flows:\n  main:\n    - set-payload:\n        value: "
_LONG = "x" * (MAX_TEXT + 1)


def _value(text: str) -> str:
    """A flow whose one step sets the payload to ``text`` (written on line 4, column 16)."""
    return _HEAD + text + "\n"


def _block(levels: int, item: str) -> str:
    """A value nested ``levels`` deep in block style, each level ``item`` (``- `` or ``a: ``)."""
    lines = [_HEAD.rstrip()]
    lines += [" " * (10 + 2 * level) + item.rstrip() for level in range(levels)]
    return "\n".join(lines) + " x\n"


def _alias_chain(links: int) -> str:
    """Anchors that each hold the one before: shallow as written, deep once expanded."""
    chain = ["          a0: &a0 [x]"]
    chain += [f"          a{n}: &a{n} [*a{n - 1}]" for n in range(1, links + 1)]
    return _HEAD.rstrip() + "\n" + "\n".join(chain) + "\n"


def _nested_steps(levels: int) -> str:
    lines = ["flows:", "  main:"]
    for level in range(levels):
        lines += [" " * (4 + 6 * level) + "- try:", " " * (8 + 6 * level) + "do:"]
    return "\n".join(lines) + "\n" + " " * (4 + 6 * levels) + "- set-payload: {value: 1}\n"


@dataclass(frozen=True)
class Hostile:
    """A hostile file (text, or raw bytes), where its problem is, and what the problem says."""

    name: str
    content: str | bytes
    where: str
    says: str


TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"

CORPUS = [
    Hostile("a NUL byte", _value('"a\x00b"'), "4:18", "U+0000 is not allowed"),
    Hostile("a bell character", _value("a\x07b"), "4:17", "U+0007 is not allowed"),
    Hostile("an escape character", _value("\x1b[31mred"), "4:16", "U+001B is not allowed"),
    Hostile("DEL", _value("a\x7f"), "4:17", "U+007F is not allowed"),
    Hostile("a lone surrogate", _value("a\udc80b"), "4:17", "U+DC80 is half of a UTF-16"),
    Hostile("a BOM in the middle", _value("a\ufeffb"), "4:17", "byte order mark (U+FEFF)"),
    Hostile("U+FFFE", _value("a\ufffe"), "4:17", "U+FFFE is not allowed"),
    Hostile(
        "bytes that are not UTF-8",
        _value("caf").encode()[:-1] + b"\xe9\n",
        "4:19",
        "not UTF-8 text: the byte 0xE9",
    ),
    Hostile("a UTF-8 encoded surrogate", b"flows: \xed\xb2\x80\n", "1:8", "the byte 0xED"),
    Hostile("a cut UTF-8 sequence", _value("x").encode()[:-1] + b"\xe2\x82", "4:17", "0xE2"),
    Hostile("UTF-16", _value("hi").encode("utf-16"), "1:1", "not UTF-8 text: the byte 0xFF"),
    Hostile(
        "parentheses 500 deep",
        _value('"#[' + "(" * 500 + "1" + ")" * 500 + ']"'),
        "4:16",
        "is nested too deeply",
    ),
    Hostile("'not' 1000 times", _value('"#[' + "not " * 1000 + 'x]"'), "4:16", "nested too deeply"),
    Hostile(
        "a list 500 deep in an expression",
        _value('"#[' + "[" * 500 + "]" * 500 + ']"'),
        "4:16",
        "nested too deeply",
    ),
    Hostile(
        "2000 filters", _value('"#[payload' + " | abs" * 2000 + ']"'), "4:16", "nested too deeply"
    ),
    Hostile(
        "a sum of 5000 terms",
        _value('"Total: #[' + " + ".join(["1"] * 5000) + ']"'),
        "4:16",
        "nested too deeply",
    ),
    Hostile(
        "calls 150 deep", _value('"#[payload' + ".x()" * 150 + ']"'), "4:16", "nested too deeply"
    ),
    Hostile("a flow-style list 2000 deep", _value("[" * 2000 + "]" * 2000), "4:111", TOO_DEEP),
    Hostile(
        "a flow-style mapping 2000 deep",
        _value("{a: " * 2000 + "b" + "}" * 2000),
        "4:396",
        TOO_DEEP,
    ),
    Hostile("a block-style list 2000 deep", _block(2000, "- "), "100:201", TOO_DEEP),
    Hostile("a block-style mapping 2000 deep", _block(2000, "a: "), "100:201", TOO_DEEP),
    Hostile("aliases that expand 150 deep", _alias_chain(150), "105:17", TOO_DEEP),
    Hostile("steps nested 40 deep", _nested_steps(40), "68:201", TOO_DEEP),
    Hostile("oversized text", _value(_LONG), "4:16", f"at most {MAX_TEXT} may be"),
    Hostile("oversized text in a list", _value(f"[a, {_LONG}]"), "4:20", "at most"),
    Hostile("oversized text in a mapping", _value(f"{{a: {{b: {_LONG}}}}}"), "4:24", "at most"),
    Hostile("an oversized key", _value(f"{{? {_LONG} : 1}}"), "4:19", "at most"),
    Hostile(
        "oversized text in a list given to an operation",
        "flows:\n  main:\n    - twilio:send-sms-message:\n        from: +15005550006\n"
        f"        to: +14155550100\n        body: [{_LONG}]\n",
        "6:16",
        "at most",
    ),
    Hostile(
        "an alias of a long text, many times",
        _value(f"{{t: &t {'x' * (MAX_TEXT // 2)}, list: [" + "*t, " * 30 + "]}"),
        "4:500031",
        "characters of text (anchors and aliases are bounded)",
    ),
]
TEXTS = [case for case in CORPUS if isinstance(case.content, str)]
#: What a file can hold (a lone surrogate is text only: encoded, it is bytes that are not UTF-8).
FILES = [
    case
    for case in CORPUS
    if isinstance(case.content, bytes) or not re.search("[\ud800-\udfff]", case.content)
]


def _file(case: Hostile, tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    content = case.content
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _name(case: Hostile) -> str:
    return case.name


@pytest.mark.parametrize("case", TEXTS, ids=_name)
def test_check_text_reports_a_problem_and_raises_nothing(case: Hostile) -> None:
    assert isinstance(case.content, str)
    _, problems = check_text(case.content, "h.yaml")
    assert any(p.path == f"h.yaml:{case.where}" and case.says in p.message for p in problems), [
        str(p)[:200] for p in problems
    ]


@pytest.mark.parametrize("case", FILES, ids=_name)
def test_validate_exits_2_without_a_traceback(
    case: Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(case, tmp_path)
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}:{case.where}: " in err
    assert case.says in err
    assert "Traceback" not in err


#: One of each kind: ``run`` loads a file as ``validate`` does.
ONE_OF_EACH = [
    "a NUL byte",
    "bytes that are not UTF-8",
    "parentheses 500 deep",
    "a block-style list 2000 deep",
    "oversized text in a list",
]


@pytest.mark.parametrize("case", [c for c in FILES if c.name in ONE_OF_EACH], ids=_name)
def test_run_exits_2_without_a_traceback(
    case: Hostile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _file(case, tmp_path)
    assert main(["run", str(path), "--dry-run"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}:{case.where}: " in err
    assert "Traceback" not in err


def test_a_bom_at_the_start_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + _value("hi").encode())
    assert run_file(path) == "hi"


def test_the_limits_leave_room_for_real_flows() -> None:
    assert check_text(_value("[" * 95 + "]" * 95), "ok.yaml")[1] == []
    assert check_text(_nested_steps(30), "ok.yaml")[1] == []
    assert check_text(_value("x" * MAX_TEXT), "ok.yaml")[1] == []
    assert check_text(_value('"#[' + "(" * 30 + "1" + ")" * 30 + ']"'), "ok.yaml")[1] == []


def _deep(levels: int) -> Any:
    value: Any = []
    for _ in range(levels):
        value = [value]
    return value


def test_evaluating_data_nested_too_deeply_is_an_expression_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(_value('"#[payload | tojson | length]"'), encoding="utf-8")
    with pytest.raises(ExpressionError) as caught:
        run_file(path, payload=_deep(100_000))
    assert "nested too deeply" in caught.value.message
    assert caught.value.where == f"{path}:4:16"


def test_a_payload_nested_too_deeply_is_refused_by_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = tmp_path / "flow.yaml"
    flow.write_text(_value('"#[payload]"'), encoding="utf-8")
    payload = tmp_path / "payload.json"
    payload.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["run", str(flow), "--payload", f"@{payload}"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--payload is nested too deeply" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["invoke", "get-account-details", "--config", "{bad}", "--config-ref", "main"],
            "{bad}:2:25: not UTF-8 text: the byte 0xE9",
        ),
        (["run", "{flow}", "--payload", "@{bad}"], "--payload file {bad} is not UTF-8 text"),
    ],
)
def test_other_files_the_cli_reads_are_checked_as_well(
    argv: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"configs:\n  main: {accountSid: caf\xe9}\n")
    flow = tmp_path / "flow.yaml"
    flow.write_text(_value("hi"), encoding="utf-8")
    names = {"bad": str(bad), "flow": str(flow)}
    assert main([arg.format(**names) for arg in argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert says.format(**names) in err
    assert "Traceback" not in err
