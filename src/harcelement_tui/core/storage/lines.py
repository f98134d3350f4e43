"""The line layout (memory optimisation, with :mod:`.lazy`): one JSON document per line.

The file is still one JSON document in TinyDB's shape, readable by any JSON tool, but written one
document per line: ``{``, then per table ``"name":{`` (``,`` before all but the first), one
``"id":{...}`` line per document (``,`` before all but the first), ``}``; ``_meta`` first, with
``"layout": "lines"``. orjson never writes a raw newline inside a string, so every newline is
structural. :func:`parse_lines` reads such a file in 1 MB chunks, each document parsed on its own
(small parses: the GIL is free between them for the UI thread); at any doubt it returns None and
the caller parses the whole file, with the same checks and messages. :func:`plan` and
:func:`fill` write it, copying documents unchanged since they were read verbatim from the old
file (``copy_file_range``, in runs), then check the old file was not written to meanwhile.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import orjson

from harcelement_tui.core import strings_storage as T
from harcelement_tui.core.safe_files import write_all
from harcelement_tui.core.storage.codec import (
    FORMAT,
    FORMAT_VERSION,
    META_TABLE,
    json_damage,
    paused_gc,
    shown,
)
from harcelement_tui.core.storage.errors import CorruptStoreError
from harcelement_tui.core.storage.files import Pin
from harcelement_tui.core.storage.lazy import Loc, StoredDoc, dumps, fingerprint, stored

LINES_START = b'{\n"_meta":{\n'
KEY_RE = re.compile(rb'(,?)"((?:[^"\\\x00-\x1f]|\\.)*)":')
CHUNK = 1 << 20

READ_PROGRESS: ContextVar[Callable[[int, int, int], None] | None] = ContextVar("read_progress", default=None)
"""Set in the thread reading a file, told (documents read, bytes read, file size) every
``PROGRESS_EVERY`` documents as it is parsed: the console shows how far its first load got."""
PROGRESS_EVERY = 200


def iter_lines(fd: int) -> Iterator[tuple[int, bytes]]:
    """(offset, line without its newline) for each line of the file behind ``fd``, read in chunks.

    Linear in the file's size whatever the length of a line: each chunk is searched once, and the
    pieces of a line that spans chunks are joined once, when its end is found."""
    position = 0
    pending: list[bytes] = []  # the start of a line that continues in the next chunk
    line_offset = 0
    while True:
        chunk = os.pread(fd, CHUNK, position)
        if not chunk:
            break
        chunk_offset = position
        position += len(chunk)
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if end < 0:
                break
            if pending:
                pending.append(chunk[start:end])
                line = b"".join(pending)
                pending = []
            else:
                line = chunk[start:end]
            yield line_offset, line
            start = end + 1
            line_offset = chunk_offset + start
        if start < len(chunk):
            pending.append(chunk[start:] if start else chunk)
    yield line_offset, b"".join(pending)


def key_of(raw: bytes) -> str | None:
    if b"\\" not in raw:
        try:
            return raw.decode()
        except UnicodeDecodeError:
            return None
    try:
        key = orjson.loads(b'"' + raw + b'"')
    except orjson.JSONDecodeError:
        return None
    return key if isinstance(key, str) else None


class Out:
    """Buffered writes to the temporary file, with the position of the next byte."""

    __slots__ = ("fd", "pos", "parts", "pending")

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pos = 0
        self.parts: list[bytes] = []
        self.pending = 0

    def put(self, data: bytes) -> None:
        self.parts.append(data)
        self.pos += len(data)
        self.pending += len(data)
        if self.pending >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            write_all(self.fd, b"".join(self.parts))
            self.parts.clear()
            self.pending = 0

    def copy(self, source: int, offset: int, count: int) -> None:
        """Append ``count`` bytes of ``source`` from ``offset`` (in the kernel when it can)."""
        self.flush()
        self.pos += count
        end = offset + count
        while offset < end:
            try:
                done = os.copy_file_range(source, self.fd, end - offset, offset)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                    raise
                done = 0
            if done <= 0:  # not supported here, or a short source: plain read and write
                chunk = os.pread(source, min(end - offset, CHUNK), offset)
                if not chunk:
                    raise OSError(errno.EIO, T.SOURCE_TRUNCATED)
                write_all(self.fd, chunk)
                done = len(chunk)
            offset += done


def parse_lines(pin: Pin, lazy_fields: tuple[str, ...], corrupt: Callable[[str], CorruptStoreError],
                check: Callable[[dict[str, Any]], None]) -> dict[str, Any] | None:
    """Parse a file in line layout document by document, or return None at the first doubt
    (another layout, a line of unexpected shape, a document that does not parse): the caller
    then parses the whole file as before, with its validation and its messages."""
    head = os.pread(pin.fd, len(LINES_START), 0)
    if head != LINES_START:
        return None
    data: dict[str, Any] = {}
    table: dict[str, Any] | None = None
    state = "top"  # "top": a table or the final "}"; "table": a document or "}"; "end"
    lazy = lazy_fields
    report = READ_PROGRESS.get()
    size = os.fstat(pin.fd).st_size if report is not None else 0
    count = 0
    with paused_gc():
        for offset, line in iter_lines(pin.fd):
            if state == "table":
                if line == b"}":
                    state, table = "top", None
                    continue
                match = KEY_RE.match(line)
                if match is None or bool(match.group(1)) != bool(table) or line[match.end():match.end() + 1] != b"{":
                    return None
                key = key_of(match.group(2))
                body = memoryview(line)[match.end():]
                try:
                    doc = orjson.loads(body)
                except orjson.JSONDecodeError:
                    return None
                if key is None or type(doc) is not dict:
                    return None
                assert table is not None
                if key in table:
                    raise corrupt(T.DOCUMENT_TWICE.format(key=shown(key)))
                reason = json_damage(body, doc)
                if reason is not None:
                    raise corrupt(reason)
                if lazy:
                    doc = stored(doc, Loc(pin, offset + match.end(), len(body), hash(body), key), lazy)
                table[key] = doc
                count += 1
                if report is not None and count % PROGRESS_EVERY == 0:
                    report(count, offset, size)
            elif state == "top":
                if line == b"{" and offset == 0:
                    continue
                if line == b"}":
                    state = "end"
                    continue
                match = KEY_RE.match(line)
                if match is None or bool(match.group(1)) != bool(data):
                    return None
                rest = line[match.end():]
                key = key_of(match.group(2))
                if key is None or rest not in (b"{", b"{}"):
                    return None
                if key in data:
                    raise corrupt(T.TABLE_TWICE.format(key=shown(key)))
                table = data[key] = {}
                state = "table" if rest == b"{" else "top"
            elif line:  # "end": only the final newline may follow
                return None
    if state != "end":
        return None
    meta = data.get(META_TABLE, {}).get("1")
    if not isinstance(meta, dict) or meta.get("layout") != "lines":
        return None
    check(data)
    return data


def read_meta(fd: int) -> dict[str, Any] | None:
    """The ``_meta`` document of a file in line layout, from its first lines alone, or None."""
    head = os.pread(fd, 1 << 16, 0)
    if not head.startswith(LINES_START):
        return None
    line = head[len(LINES_START):].split(b"\n", 1)[0]
    if not line.startswith(b'"1":'):
        return None
    try:
        meta = orjson.loads(line[4:])
    except orjson.JSONDecodeError:
        return None
    return meta if isinstance(meta, dict) and meta.get("format") == FORMAT else None


def with_meta(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get(META_TABLE)
    if not (isinstance(meta, dict) and isinstance(meta.get("1"), dict)
            and meta["1"].get("format") == FORMAT):
        data[META_TABLE] = {"1": {"format": FORMAT, "format_version": FORMAT_VERSION, "layout": "lines"}}
    elif meta["1"].get("layout") != "lines" or meta["1"].get("format_version") != FORMAT_VERSION:
        data[META_TABLE] = {**meta, "1": {**meta["1"], "format_version": FORMAT_VERSION, "layout": "lines"}}
    return data


def plan(data: dict[str, Any]) -> list[tuple[str, dict[str, Any], list[tuple[str, Any, bytes | None]]]] | None:
    """What to write, table by table, ``_meta`` first: (key, document, its JSON text, or None
    for a stored document unchanged since it was read, copied verbatim). None if the data is
    not TinyDB-shaped (a table that is not an object of objects): then it is written whole."""
    names = [META_TABLE] + [name for name in data if name != META_TABLE]
    result = []
    for name in names:
        table = data[name]
        if type(name) is not str:
            raise TypeError("Dict key must be str")
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            return None
        docs: list[tuple[str, Any, bytes | None]] = []
        for key, doc in table.items():
            if type(key) is not str:
                raise TypeError("Dict key must be str")
            body: bytes | None = None
            if type(doc) is not StoredDoc or doc._fp != fingerprint(doc):
                body = dumps(doc)
            docs.append((key, doc, body))
        result.append((name, table, docs))
    return result


def fill(fd: int, planned: list, placed: list) -> None:
    """Write the line layout of ``planned`` to ``fd``; note where each document went.

    Unchanged documents that follow each other in the file read are copied as one run,
    separators included, by ``copy_file_range``; the files copied from must not have been
    written to meanwhile (checked after the copy: any write changes an inode's ctime)."""
    out = Out(fd)
    out.put(b"{\n")
    pins: dict[int, Pin] = {}
    run: list[Any] | None = None  # [pin, source start, source end]

    def end_run() -> None:
        nonlocal run
        if run is not None:
            out.copy(run[0].fd, run[1], run[2] - run[1])
            out.put(b"\n")
            run = None

    for index, (name, table, docs) in enumerate(planned):
        head = (b"," if index else b"") + orjson.dumps(name) + b":{"
        if not docs:
            out.put(head + b"}\n")
            continue
        out.put(head + b"\n")
        for position, (key, doc, body) in enumerate(docs):
            sep = (b',"' if position else b'"') + (
                key.encode() if key.isdigit() and key.isascii() else orjson.dumps(key)[1:-1]) + b'":'
            if body is None:
                loc = doc._loc
                pin, offset = loc.where
                if loc.key != key:
                    body = loc.read_raw()
                elif (run is not None and run[0] is pin and position
                      and offset == run[2] + 1 + len(sep)):
                    # Same file, next line, same key: the bytes between are "\n" + sep.
                    placed.append((table, key, doc, None, out.pos + (run[2] - run[1]) + 1 + len(sep)))
                    run[2] = offset + loc.size
                    continue
                else:
                    end_run()
                    out.put(sep)
                    placed.append((table, key, doc, None, out.pos))
                    pins[id(pin)] = pin
                    run = [pin, offset, offset + loc.size]
                    continue
            end_run()
            out.put(sep)
            placed.append((table, key, doc, body, out.pos))
            out.put(body)
            out.put(b"\n")
        end_run()
        out.put(b"}\n")
    out.put(b"}\n")
    out.flush()
    for pin in pins.values():
        pin.check_unchanged()


def relocate(pin: Pin, placed: list, lazy_fields: tuple[str, ...]) -> None:
    """After a write: copied documents now live in the new file; written ones become lazy."""
    if not lazy_fields:
        return
    for table, key, doc, body, start in placed:
        if body is None:
            doc._loc.where = (pin, start)
        else:
            table[key] = stored(doc, Loc(pin, start, len(body), hash(body), key), lazy_fields)
