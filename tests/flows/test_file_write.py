"""``file:write``: Mule's file connector's write, for flows that keep records (a delivery log)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from flows import FlowError, run_file, validate_file


def _flow(write_flow: Any, step: str) -> Path:
    return write_flow(f"flows:\n  main:\n    - set-payload: {{value: {{n: 1}}}}\n    - {step}\n")


def test_overwrite_by_default_and_data_as_json(write_flow: Any, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    path = _flow(write_flow, "file:write: {path: '#[vars.out]'}")
    assert run_file(path, vars={"out": str(out)}) == {"n": 1}  # the payload is left alone
    assert json.loads(out.read_text(encoding="utf-8")) == {"n": 1}


def test_append_writes_whole_lines_from_parallel_flows(write_flow: Any, tmp_path: Path) -> None:
    out = tmp_path / "log.jsonl"
    step = "file:write: {path: '#[vars.out]', content: \"#[payload]\\n\", mode: APPEND}"
    path = write_flow(
        "flows:\n  main:\n"
        "    - parallel-foreach:\n"
        "        collection: '#[vars.items]'\n"
        "        maxConcurrency: 8\n"
        f"        do: [{{{step}}}]\n"
    )
    items = [{"i": i, "text": "x" * 500} for i in range(200)]
    threads = [
        threading.Thread(
            target=run_file, args=(path,), kwargs={"vars": {"out": str(out), "items": items}}
        )
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 400
    assert sorted(json.loads(line)["i"] for line in lines) == sorted(list(range(200)) * 2)


@pytest.mark.parametrize(
    ("make", "mode", "error_type"),
    [
        (lambda d: d / "exists.txt", "CREATE_NEW", "FILE:FILE_ALREADY_EXISTS"),
        (lambda d: d / "missing" / "x.txt", "OVERWRITE", "FILE:ILLEGAL_PATH"),
        (lambda d: d, "OVERWRITE", "FILE:ILLEGAL_PATH"),
    ],
)
def test_failures_have_mules_file_error_types(
    make: Any, mode: str, error_type: str, write_flow: Any, tmp_path: Path
) -> None:
    (tmp_path / "exists.txt").write_text("x", encoding="utf-8")
    path = _flow(write_flow, f"file:write: {{path: '#[vars.out]', content: hi, mode: {mode}}}")
    with pytest.raises(FlowError) as caught:
        run_file(path, vars={"out": str(make(tmp_path))})
    assert caught.value.type == error_type
    assert caught.value.where == f"{path}:4:7"


def test_a_handler_takes_a_file_error(write_flow: Any, tmp_path: Path) -> None:
    path = write_flow(
        "flows:\n  main:\n    steps:\n"
        "      - file:write: {path: '#[vars.out]', content: hi, mode: CREATE_NEW}\n"
        "    on-error:\n"
        "      - on-error-continue:\n"
        "          {type: FILE:FILE_ALREADY_EXISTS, do: [{set-payload: {value: kept}}]}\n"
    )
    (tmp_path / "x").write_text("", encoding="utf-8")
    assert run_file(path, vars={"out": str(tmp_path / "x")}) == "kept"


def test_a_dry_run_writes_nothing(write_flow: Any, tmp_path: Path) -> None:
    out = tmp_path / "never.txt"
    path = _flow(write_flow, "file:write: {path: '#[vars.out]', content: hi}")
    configs = {"default": {"accountSid": "AC" + "0" * 32, "authToken": "t"}}
    run_file(path, vars={"out": str(out)}, configs=configs, dry_run=lambda _: None)
    assert not out.exists()


def test_validate_reports_a_bad_mode_and_a_missing_path(write_flow: Any) -> None:
    path = write_flow(
        "flows:\n  main:\n"
        "    - file:write: {path: x, mode: appnd}\n"
        "    - file:write: {content: x}\n"
    )
    messages = [p.message for p in validate_file(path)]
    assert any(
        "'mode' must be one of OVERWRITE, APPEND, CREATE_NEW (got 'appnd')" in m for m in messages
    )
    assert any("file:write needs 'path'" in m for m in messages)
