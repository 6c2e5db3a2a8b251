"""Report files: written whole or not at all, named by what they contain."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path
from typing import BinaryIO


def write_atomically(path: Path, content: bytes) -> str:
    """Write to a temporary file beside `path`, then rename: a reader (or a second render of
    the same report) sees the old file or the new one, never half of one. Returns the sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return hashlib.sha256(content).hexdigest()


def zip_into_temporary_file(entries: list[tuple[str, Path]]) -> BinaryIO:
    """The files as one zip archive (entry name -> file), written into an anonymous temporary
    file one file at a time (no PDF is held in memory); returned rewound, for sending. It is
    gone once closed."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed on open, closed once sent
    try:
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            for name, path in entries:
                zipped.write(path, arcname=name)  # a non-ASCII name is stored as UTF-8, flagged
        archive.seek(0)
    except BaseException:
        archive.close()
        raise
    return archive
