"""Stream a multipart upload to a temp file, enforcing the size limit while it arrives."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from common.errors import InputError, TooLarge
from storage.private import private_dir

from .errors import BadRequest, short

MAX_FIELD_BYTES = 4096
MAX_PARTS = 16
MAX_FILENAME = 200
STALE_PART_S = 600.0  # a live upload writes all the time; a stalled one is cut after 30 s


def remove_stale_parts(tmp_dir: Path, *, older_than_s: float = STALE_PART_S) -> int:
    """Delete temp files (*.part) left by a killed server; returns how many were removed."""
    if not tmp_dir.is_dir():
        return 0
    removed = 0
    cutoff = time.time() - older_than_s
    for part in tmp_dir.glob("*.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < cutoff:
                part.unlink()
                removed += 1
    return removed


def upload_form(**fields: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of a multipart upload: a required `file`, then these form fields."""
    properties = {"file": {"type": "string", "format": "binary"}, **fields}
    schema = {"type": "object", "required": ["file"], "properties": properties}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


def safe_filename(raw: str) -> str:
    """The last path segment, printable characters only: the name is metadata, never a path."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    name = name.strip().lstrip(".").strip()
    return name[:MAX_FILENAME] or "upload"


@dataclass
class Upload:
    """The received file (in a private temp file) and the form's text fields."""

    path: Path
    size: int = 0
    filename: str = "upload"
    fields: dict[str, str] = field(default_factory=dict)

    def read(self) -> bytes:
        return self.path.read_bytes()

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


class _Receiver:
    """Callbacks of python-multipart's streaming parser."""

    def __init__(self, upload: Upload, fd: int, max_bytes: int, file_field: str) -> None:
        self.upload, self.fd, self.max_bytes, self.file_field = upload, fd, max_bytes, file_field
        self.header_field = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.name = ""
        self.is_file = False
        self.value = bytearray()
        self.parts = 0
        self.seen_file = False

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise BadRequest(f"too many form fields (at most {MAX_PARTS})")
        self.headers, self.value, self.name, self.is_file = {}, bytearray(), "", False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_field.lower()] = self.header_value
        self.header_field, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        disposition, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        if disposition != b"form-data" or b"name" not in options:
            raise BadRequest("a form part has no Content-Disposition: form-data; name=...")
        self.name = options[b"name"].decode("utf-8", "replace")
        if self.name == self.file_field:
            if self.seen_file:
                raise BadRequest(f"send exactly one '{self.file_field}' per request")
            self.seen_file = True
            self.is_file = True
            raw = options.get(b"filename", b"").decode("utf-8", "replace")
            self.upload.filename = safe_filename(raw)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.is_file:
            self.upload.size += len(chunk)
            if self.upload.size > self.max_bytes:
                raise TooLarge(_too_large(self.max_bytes))
            os.write(self.fd, chunk)
        else:
            self.value += chunk
            if len(self.value) > MAX_FIELD_BYTES:
                raise BadRequest(f"the form field '{short(self.name)}' is too long")

    def on_part_end(self) -> None:
        if not self.is_file and self.name:
            text = self.value.decode("utf-8", "replace").replace("\x00", "").strip()
            self.upload.fields[self.name] = text


def _too_large(max_bytes: int) -> str:
    return (
        f"the file is larger than the limit of {max_bytes // (1024 * 1024)} MB "
        "(SOHOA_MAX_UPLOAD_MB); scan at a lower resolution or split it"
    )


async def receive_upload(
    request: Request, *, max_bytes: int, file_field: str = "file", tmp_dir: Path | None = None
) -> Upload:
    """Read a multipart/form-data body chunk by chunk; never more than max_bytes of file kept."""
    content_type = request.headers.get("content-type", "")
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadRequest(
            f"send the file as multipart/form-data with a '{file_field}' field "
            f"(got Content-Type '{short(content_type or 'none')}')"
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + 64 * 1024:
        raise TooLarge(_too_large(max_bytes))
    if tmp_dir is not None:
        private_dir(tmp_dir)
    fd, name = tempfile.mkstemp(prefix="upload-", suffix=".part", dir=tmp_dir)
    upload = Upload(path=Path(name))
    try:
        receiver = _Receiver(upload, fd, max_bytes, file_field)
        parser = MultipartParser(
            boundary,
            {
                "on_part_begin": receiver.on_part_begin,
                "on_part_data": receiver.on_part_data,
                "on_part_end": receiver.on_part_end,
                "on_header_field": receiver.on_header_field,
                "on_header_value": receiver.on_header_value,
                "on_header_end": receiver.on_header_end,
                "on_headers_finished": receiver.on_headers_finished,
            },
        )
        async for chunk in request.stream():
            if chunk:
                parser.write(chunk)
        parser.finalize()
        if not receiver.seen_file:
            raise InputError(
                f"the form has no '{file_field}' field: attach the scan as '{file_field}'"
            )
    except BaseException as e:
        os.close(fd)
        upload.discard()
        if isinstance(e, (InputError, BadRequest)):
            raise
        if isinstance(e, Exception) and type(e).__module__.startswith("python_multipart"):
            raise BadRequest(f"the multipart body cannot be parsed: {short(str(e))}") from e
        raise
    os.close(fd)
    return upload
