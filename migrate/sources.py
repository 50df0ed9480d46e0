"""Reading and writing source files without losing a byte we did not mean to change.

Text is decoded with the file's own encoding (PEP 263 cookie, BOM) and kept with its original
line endings, so CRLF files stay CRLF. Writes go to a temporary file in the same directory,
keep the file mode and replace the original with one `os.replace`: never a half-written file.
"""
from __future__ import annotations

import codecs
import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass


class SourceError(Exception):
    """A file we cannot process; its message is the one line the user sees."""


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return codecs.BOM_UTF8 + data if self.bom else data


def decode(data: bytes) -> SourceText:
    """Decode source bytes the way Python itself would, remembering how to re-encode them."""
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceError(f"bad encoding declaration: {exc}") from None
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    body = data[len(codecs.BOM_UTF8):] if bom else data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"cannot decode as {encoding}: byte 0x{body[exc.start]:02x} at offset {exc.start}"
        ) from None
    return SourceText(text=text, encoding=encoding, bom=bom)


def read_source(path: str) -> SourceText:
    return decode(read_bytes(path))


def read_bytes(path: str) -> bytes:
    """A file's bytes, or a SourceError with the one line the user sees."""
    if os.path.isdir(path):
        raise SourceError("is a directory, not a file")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise SourceError("no such file (deleted or moved?)") from None
    except PermissionError:
        raise SourceError("permission denied while reading") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None


def write_atomic(path: str, data: bytes) -> None:
    """Replace `path` with `data` atomically, keeping its permission bits."""
    if os.path.islink(path):
        raise SourceError("is a symlink; not followed into writes")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        raise SourceError("no such file (deleted or moved?)") from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise SourceError("file is read-only; left untouched")
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tfmigrate-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise SourceError(f"cannot write: {exc.strerror or exc}") from None
        raise
