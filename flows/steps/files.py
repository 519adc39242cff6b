"""``file:write``: write the payload (or any value) to a file, as Mule's File connector does."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from typing import Any, ClassVar

from flows.errors import (
    FileAccessDeniedError,
    FileAlreadyExistsError,
    FileError,
    IllegalPathError,
    Where,
)
from flows.expressions import Value, as_text
from flows.loader import YamlMap
from flows.runtime import Event, Run
from flows.steps.base import ParseContext, Step, text_at, value_at

__all__ = ["FileWrite"]

#: How ``file:write`` opens its file, by Mule's mode names.
_MODES = {
    "OVERWRITE": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
    "APPEND": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
    "CREATE_NEW": os.O_WRONLY | os.O_CREAT | os.O_EXCL,
}
_ERRORS: dict[int, type[FileError]] = {
    errno.EACCES: FileAccessDeniedError,
    errno.EPERM: FileAccessDeniedError,
    errno.EROFS: FileAccessDeniedError,
    errno.EEXIST: FileAlreadyExistsError,
    errno.ENOENT: IllegalPathError,
    errno.EISDIR: IllegalPathError,
    errno.ENOTDIR: IllegalPathError,
    errno.ENAMETOOLONG: IllegalPathError,
}


@dataclass(frozen=True)
class FileWrite(Step, kind="file:write"):
    """``file:write {path, content, mode}``: write text (or data as JSON) to a file."""

    schema: ClassVar[dict[str, Any]] = {
        "title": "file:write",
        "description": "Write to a file, as Mule's file:write: the content (the payload by "
        "default) as text, or as JSON when it is not text, written exactly (add \\n for lines). "
        "A relative path is relative to the folder the runner was started in. mode: OVERWRITE "
        "(the default), APPEND (each write lands whole at the end, also from parallel flows) "
        "or CREATE_NEW (FILE:FILE_ALREADY_EXISTS if the file exists). The payload is left as "
        "it was. Errors: FILE:ACCESS_DENIED, FILE:ILLEGAL_PATH, FILE:CONNECTIVITY.",
        "type": "object",
        "required": ["path"],
        "additionalProperties": False,
        "properties": {
            "path": {"$ref": "#/$defs/text", "description": "The file (expressions allowed)."},
            "content": {
                "$ref": "#/$defs/value",
                "description": "What to write (default: the payload).",
            },
            "mode": {
                "title": f"one of {', '.join(_MODES)}",
                "description": "How to open the file (default OVERWRITE).",
                "enum": list(_MODES),
                "default": "OVERWRITE",
            },
        },
        "examples": [
            {"path": "receipts.jsonl", "content": "#[payload]\n", "mode": "APPEND"},
            {"path": "#['reply-' ~ payload.MessageSid ~ '.txt']"},
        ],
    }

    where: Where
    path: Value
    content: Value | None
    mode: str

    @classmethod
    def parse(cls, body: Any, where: Where, ctx: ParseContext) -> Step | None:
        """Build from ``{path, content, mode}``."""
        if not isinstance(body, YamlMap) or body.get("path") is None:
            return None
        content_node, content_where = value_at(body, "content", where)
        content = ctx.value(content_node, content_where) if "content" in body else None
        mode = (text_at(body, "mode") or "OVERWRITE").upper()
        return cls(where, ctx.value(*value_at(body, "path", where)), content, mode)

    def run(self, event: Event, run: Run) -> None:
        """Write the content in one call, so an appended record is never split."""
        scope = event.scope()
        path = as_text(self.path.evaluate(scope))
        value = self.content.evaluate(scope) if self.content is not None else event.payload
        data = as_text(value).encode("utf-8")
        if run.connectors.dry_run:
            return  # a dry run writes nothing, as it sends nothing
        try:
            fd = os.open(path, _MODES.get(self.mode, _MODES["OVERWRITE"]), 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        except OSError as exc:
            error = _ERRORS.get(exc.errno or 0, FileError)
            raise error(f"cannot write {path}: {exc.strerror}", where=self.where) from None
