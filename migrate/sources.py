"""Reading and writing source files without losing a byte we did not mean to change.

Text is decoded with the file's own encoding (PEP 263 cookie, BOM) and kept with its original
line endings, so CRLF files stay CRLF. Writes go to a temporary file in the same directory,
keep the file mode and replace the original with one `os.replace`: never a half-written file.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import io
import os
import stat
import tempfile
import time
import tokenize
from dataclasses import dataclass
from typing import Optional


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


class NotRegularFile(SourceError):
    """A FIFO, socket or device named like a source file: skipped, never opened for a read
    that could block."""

    def __init__(self) -> None:
        super().__init__("not a regular file")


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: checked again just before it is replaced."""

    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of(cls, data: bytes, info: os.stat_result) -> "Snapshot":
        return cls(info.st_size, info.st_mtime_ns, hashlib.blake2b(data, digest_size=20).digest())


def read_bytes(path: str) -> bytes:
    """A file's bytes, or a SourceError with the one line the user sees."""
    return read_snapshot(path)[0]


def read_snapshot(path: str) -> tuple[bytes, Snapshot]:
    """A regular file's bytes and its `Snapshot`. The file is opened non-blocking and checked
    with `fstat` before any read, so a FIFO named `x.py` is refused instead of hanging."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise SourceError("no such file (deleted or moved?)") from None
    except IsADirectoryError:
        raise SourceError("is a directory, not a file") from None
    except PermissionError:
        raise SourceError("permission denied while reading") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile()
        try:
            os.set_blocking(fd, True)
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}") from None
        return data, Snapshot.of(data, info)
    finally:
        os.close(fd)


_READ_ONLY_DIR = ("directory is read-only (the atomic write needs a temporary file beside "
                  "the file); left untouched")
CHANGED_ON_DISK = "changed on disk during the run; left untouched"
#: Temporary files of our writes: `.tfmigrate-<pid>-<random>.tmp`, beside the target.
TEMP_PREFIX = ".tfmigrate-"
TEMP_SUFFIX = ".tmp"


def _unchanged_since(path: str, expected: Snapshot) -> bool:
    """Whether `path` still has the size, mtime and bytes it had when it was read."""
    try:
        info = os.stat(path)
        if (info.st_size, info.st_mtime_ns) != (expected.size, expected.mtime_ns):
            return False
        data, now = read_snapshot(path)
    except (OSError, SourceError):
        return False
    return now == expected


def write_atomic(path: str, data: bytes, expected: Optional[Snapshot] = None,
                 follow_symlink: bool = False) -> None:
    """Replace `path` with `data` atomically, keeping its permission bits.

    With `expected`, the file must still be what was read (size, mtime and bytes, checked
    before the temporary file is written and again just before the rename); otherwise it is
    left alone with CHANGED_ON_DISK. A symlink is refused unless `follow_symlink` (it was
    named explicitly): then its target is replaced and the link stays a link.
    """
    if os.path.islink(path):
        if not follow_symlink:
            raise SourceError("is a symlink; not followed into writes")
        path = os.path.realpath(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        raise SourceError("no such file (deleted or moved?)") from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise SourceError("file is read-only; left untouched")
    if expected is not None and not _unchanged_since(path, expected):
        raise SourceError(CHANGED_ON_DISK)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        dir_mode = stat.S_IMODE(os.stat(directory).st_mode)
    except OSError as exc:
        raise SourceError(f"cannot write: {exc.strerror or exc}") from None
    if not dir_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or \
            not os.access(directory, os.W_OK):
        raise SourceError(_READ_ONLY_DIR)
    remove_stale_temporaries(directory)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX,
                                   dir=directory)
    except OSError as exc:
        if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
            raise SourceError(_READ_ONLY_DIR) from None
        raise SourceError(f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if expected is not None and not _unchanged_since(path, expected):
            raise SourceError(CHANGED_ON_DISK)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise SourceError(f"cannot write: {exc.strerror or exc}") from None
        raise


def write_own_file(path: str, data: bytes, prefix: str, mode: Optional[int] = None) -> None:
    """Replace a file of our own (a cache entry, a patch) atomically: a temporary file named
    `prefix...` beside it, renamed over it, removed if anything fails. `mode`: its
    permission bits (default: mkstemp's 0600). No checks: user files go through
    `write_atomic`."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_CLEANED: set[str] = set()
#: A temporary file whose name carries no live pid is stale once this old (seconds).
STALE_AFTER = 3600.0


def remove_stale_temporaries(directory: str) -> list[str]:
    """Remove `.tfmigrate-*.tmp` files a killed run left in `directory` (once per directory
    per process): those whose writer pid is no longer alive, or, without a pid, older than
    STALE_AFTER. A concurrent run's file in flight is left alone."""
    if directory in _CLEANED:
        return []
    _CLEANED.add(directory)
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        name = entry.name
        if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
            continue
        pid_text = name[len(TEMP_PREFIX):].split("-", 1)[0]
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if pid_text.isdigit():
                if _alive(int(pid_text)):
                    continue
            elif now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            os.unlink(entry.path)
            removed.append(entry.path)
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
