"""The journal of saves beside the data file (``<file>.journal``): a save appends one record.

In the spirit of TinyDB's ``middlewares.py``: the TinyDB-format data file stays the reference
(what TinyDB's ``JSONStorage`` and ``jq`` read), and a save appends one checked, ``fsync``'d record
here instead of rewriting it. The data file is brought up to date from the records now and then
(a *fold*: a whole atomic write, then a new empty journal).

Layout: a sequence of frames ``MAGIC, length (4 bytes, big-endian), CRC-32 (4 bytes), payload``.
The first frame is the header, ``{"format": ..., "version": 1, "base": TOKEN, "id": ...}`` (``id``
tells this journal from the next one, which may get the same inode number); the others are
records ``{"seq": n, "table": name, "docs": {doc_id: document or null}}`` with ``seq`` 1, 2, ...
A record applies only when its header's ``base`` equals the ``journal`` token in the data file's
``_meta``: each fold writes a new token into the data file *then* a new journal, so a process
killed between the two leaves a journal whose records are already in the data file, recognised
as stale by its base and ignored. A last frame cut short or failing its CRC was being appended by
a process killed meanwhile: it was never acknowledged, and is ignored (then cut off by the next
writer, under the lock). Any other damage, or a frame that is not ours, refuses the file.
"""

from __future__ import annotations

import os
import secrets
import stat
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from harcelement_tui.core import strings_storage as T
from harcelement_tui.core.safe_files import replace_via_temp, write_all
from harcelement_tui.core.storage.errors import CorruptStoreError

FORMAT = "harcelement-tui/journal"
VERSION = 1
MAGIC = b"HJR\x01"
FRAME = struct.Struct(">4sII")
MAX_RECORD = 256 << 20
"""A longer frame is damage (a case is far smaller)."""

Apply = Callable[[str, dict[str, Any]], None]
"""``apply(table, {doc_id: document or None})``: one record's change to the data in memory."""


def frame(payload: bytes) -> bytes:
    return FRAME.pack(MAGIC, len(payload), zlib.crc32(payload)) + payload


def scan(raw: bytes) -> tuple[list[bytes], int, str | None]:
    """The payloads of the complete frames of ``raw``, the offset just after the last of them,
    and why the rest cannot be trusted (French) if it is damage rather than a torn last frame."""
    payloads: list[bytes] = []
    pos, size = 0, len(raw)
    while pos < size:
        if size - pos < FRAME.size:
            break  # a frame header cut short: torn
        magic, length, crc = FRAME.unpack_from(raw, pos)
        if magic != MAGIC:
            return payloads, pos, T.RECORD_NOT_OURS
        if length > MAX_RECORD:
            return payloads, pos, T.RECORD_LENGTH
        end = pos + FRAME.size + length
        if end > size:
            break  # cut short: torn
        payload = raw[pos + FRAME.size:end]
        if zlib.crc32(payload) != crc:
            if end == size:
                break  # the last frame, half written when its writer was killed: torn
            return payloads, pos, T.RECORD_DAMAGED
        payloads.append(payload)
        pos = end
    return payloads, pos, None


class Journal:
    """The journal file at ``path`` as this session knows it: its inode, the offset up to which
    its records were applied (``end``), the last ``seq`` and whether it belongs to the data file
    read (``live``). ``corrupt(reason)`` makes the error that refuses the data file."""

    def __init__(self, path: Path, corrupt: Callable[[str], CorruptStoreError]) -> None:
        self.path = path
        self._corrupt = corrupt
        self.forget()

    def forget(self) -> None:
        self.ino: int | None = None
        self.head = b""
        """The header frame as read or written: it names this very journal (its ``id``)."""
        self.end = 0
        self.seq = 0
        self.records = 0
        self.live = False

    @property
    def unfolded(self) -> bool:
        """The journal belongs to the data file as it is and holds records not folded into it."""
        return self.live and self.records > 0

    def _error(self, reason: str) -> CorruptStoreError:
        return self._corrupt(T.IN_JOURNAL.format(name=self.path.name, reason=reason))

    def stat(self) -> os.stat_result | None:
        try:
            return os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def unchanged(self, st: os.stat_result | None) -> bool:
        if st is None:
            return self.ino is None
        if st.st_ino != self.ino or st.st_size != self.end:
            return False
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            return False
        try:
            return self._is_ours(fd)
        finally:
            os.close(fd)

    def _is_ours(self, fd: int) -> bool:
        """The file open on ``fd`` is the very journal this session read or wrote. The inode number
        alone does not tell: a removed journal's number is soon given to the next one (a session
        that closes removes a journal without records, and the next save creates another)."""
        try:
            return bool(self.head) and os.pread(fd, len(self.head), 0) == self.head
        except OSError:
            return False

    def _read(self, start: int, check: Callable[[os.stat_result], None], *,
              same: bool = False) -> tuple[os.stat_result, bytes] | None:
        """The journal's bytes from ``start``, or ``None`` if it is missing (or, with ``same``, if
        it is not the journal this session read)."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._error(T.JOURNAL_UNREADABLE.format(reason=exc.strerror)) from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise self._error(T.JOURNAL_NOT_REGULAR)
            check(st)
            if same and not self._is_ours(fd):
                return None
            chunks = []
            position = start
            while True:
                chunk = os.pread(fd, 1 << 20, position)
                if not chunk:
                    break
                chunks.append(chunk)
                position += len(chunk)
            return st, b"".join(chunks)
        finally:
            os.close(fd)

    def load(self, token: str | None, apply: Apply, check: Callable[[os.stat_result], None]) -> None:
        """Read the journal from its start; apply its records if it belongs to ``token``."""
        self.forget()
        got = self._read(0, check)
        if got is None:
            return
        st, raw = got
        payloads, end, damage = scan(raw)
        if damage is not None:
            raise self._error(damage)
        if not payloads:
            raise self._error(T.JOURNAL_NO_HEADER)
        try:
            header = orjson.loads(payloads[0])
        except orjson.JSONDecodeError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise self._error(T.NOT_A_JOURNAL)
        version = header.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise self._error(T.JOURNAL_VERSION_UNKNOWN)
        self.ino = st.st_ino
        self.end = len(frame(payloads[0]))
        self.head = raw[:self.end]
        if token is None or header.get("base") != token:
            self.end = end  # stale: its records are in the data file already (see the module)
            return
        self.live = True
        self._apply(payloads[1:], apply)
        self.end = end

    def catch_up(self, st: os.stat_result, apply: Apply, check: Callable[[os.stat_result], None]) -> bool:
        """Apply the records appended since :attr:`end` (another session's saves). False when the
        journal was replaced or cut (then the caller reads everything again)."""
        if st.st_ino != self.ino or st.st_size < self.end:
            return False
        got = self._read(self.end, check, same=True)
        if got is None or got[0].st_ino != self.ino:
            return False
        payloads, length, damage = scan(got[1])
        if damage is not None:
            raise self._error(damage)
        if self.live:
            self._apply(payloads, apply)
        self.end += length
        return True

    def _apply(self, payloads: list[bytes], apply: Apply) -> None:
        for payload in payloads:
            try:
                record = orjson.loads(payload)
            except orjson.JSONDecodeError:
                raise self._error(T.RECORD_NOT_JSON) from None
            table = record.get("table") if isinstance(record, dict) else None
            docs = record.get("docs") if isinstance(record, dict) else None
            if (not isinstance(table, str) or not isinstance(docs, dict)
                    or not all(doc is None or isinstance(doc, dict) for doc in docs.values())):
                raise self._error(T.RECORD_STRUCTURE)
            if record.get("seq") != self.seq + 1:
                raise self._error(T.RECORDS_OUT_OF_ORDER)
            apply(table, docs)
            self.seq += 1
            self.records += 1

    def append(self, table: str, docs: dict[str, Any], dumps: Callable[[Any], bytes]) -> None:
        """Append one record and ``fsync`` it (the caller holds the lock and knows the journal is
        :attr:`live`). A torn frame left by a killed writer is cut off first. Raises ``OSError``;
        ``TypeError`` if a document cannot be written as JSON."""
        # Each document serialised on its own, as in the data file: orjson writes 254 levels of
        # nesting at most, and a document as deep as that must be saved in a record too.
        parts = [b'{"seq":%d,"table":' % (self.seq + 1), orjson.dumps(table), b',"docs":{']
        for number, (key, doc) in enumerate(docs.items()):
            parts += [b"," if number else b"", orjson.dumps(key), b":", b"null" if doc is None else dumps(doc)]
        payload = b"".join(parts) + b"}}"
        fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
        try:
            st = os.fstat(fd)
            if st.st_ino != self.ino or st.st_size < self.end or not self._is_ours(fd):
                raise FileNotFoundError(T.JOURNAL_REPLACED.format(path=self.path))
            if st.st_size > self.end:
                os.ftruncate(fd, self.end)
            data = frame(payload)
            os.lseek(fd, self.end, os.SEEK_SET)
            try:
                write_all(fd, data)
                os.fsync(fd)
            except BaseException:
                try:  # a record not acknowledged must not surface at the next read
                    os.ftruncate(fd, self.end)
                except OSError:
                    pass  # then it may: it is whole or torn, never damage
                raise
        finally:
            os.close(fd)
        self.end += len(data)
        self.seq += 1
        self.records += 1

    def remove(self) -> None:
        """Remove the journal (after a fold: its records are in the data file)."""
        try:
            os.unlink(self.path)
        except OSError:
            pass  # gone already, or not ours to remove: stale either way (its token is old)
        self.forget()

    def create(self, token: str, *, mode: int, gid: int | None, prefix: str) -> None:
        """Replace the journal by an empty one for the data file marked ``token`` (the caller
        fsyncs the directory)."""
        # ``id``: this journal and no other (see _is_ours), even for the same data file.
        header = frame(orjson.dumps({"format": FORMAT, "version": VERSION, "base": token,
                                     "id": secrets.token_hex(8)}))
        replace_via_temp(self.path, lambda fd: write_all(fd, header), mode=mode, prefix=prefix, gid=gid)
        st = os.stat(self.path, follow_symlinks=False)
        self.forget()
        self.ino, self.end, self.live, self.head = st.st_ino, len(header), True, header
