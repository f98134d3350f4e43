""":class:`JournaledStorage`: :class:`CaseStorage` whose saves append to a journal (:mod:`.journal`).

A save (:meth:`JournaledStorage.save`, what ``LockedTable.insert`` and ``replace_documents`` call)
appends one record and ``fsync``s it: its cost does not grow with the file. The data file is
brought up to date (*folded*: today's atomic whole-file write, with a new journal token, then
the journal removed) when the journal grows past ``FOLD_BYTES``, after ``IDLE_FOLD_SECONDS``
without a save, when a session closes, and before a backup (so that a backup holds every
acknowledged save). At rest, and after any session closed, the data file is complete.

Another session's saves are read from the new records alone: one ``stat`` of each file, then a
read of the bytes appended since. The storage notes which documents each generation changed
(:meth:`changes_since`) so that the store updates its view of them alone.

Remove the journal in one move: have the store use :class:`CaseStorage` and delete this module
and :mod:`.journal`.
"""

from __future__ import annotations

import os
import secrets
import stat
import threading
import time
import weakref
from collections import deque
from pathlib import Path
from typing import Any

import orjson

from harcelement_tui.core.errors import UserError
from harcelement_tui.core.safe_files import fsync_dir
from harcelement_tui.core.storage import lines
from harcelement_tui.core.storage.case_storage import CaseStorage
from harcelement_tui.core.storage.codec import META_TABLE
from harcelement_tui.core.storage.files import Current, Pin, Stamp, stamp_of
from harcelement_tui.core.storage.journal import Journal
from harcelement_tui.core.storage.lazy import dumps
from harcelement_tui.core.storage.permissions import check_private
from harcelement_tui.core.storage.writing import new_file_mode

FOLD_BYTES = 4 << 20
"""Fold once the journal is this long (about a thousand notes)."""
IDLE_FOLD_SECONDS = 30.0
"""Fold after this long without a save of this session."""
KEEP_CHANGES = 256


def _token(data: dict[str, Any]) -> str | None:
    meta = data.get(META_TABLE)
    doc = meta.get("1") if isinstance(meta, dict) else None
    token = doc.get("journal") if isinstance(doc, dict) else None
    return token if isinstance(token, str) else None


class JournaledStorage(CaseStorage):
    """:class:`CaseStorage` with a journal of saves (see the module)."""

    def __init__(self, path: str | os.PathLike[str], **kwargs: Any) -> None:
        real = os.path.realpath(os.path.abspath(os.fspath(path)))
        self._journal = Journal(Path(real + ".journal"), self._corrupt)
        self._changes: deque[tuple[int, str, frozenset[str]]] = deque(maxlen=KEEP_CHANGES)
        self._last_save = 0.0
        self._idle: threading.Event | None = None
        super().__init__(path, **kwargs)

    # ------------------------------------------------------------------ saving

    def save(self, table: str, docs: dict[str, dict[str, Any] | None]) -> None:
        """Set (or, for None, remove) the documents ``docs`` of ``table`` by doc id, durably: one
        record appended to the journal, the data in memory then changed. Raises
        :class:`StoreWriteError` (nothing saved) or ``TypeError`` for data JSON cannot hold."""
        with self.transaction():
            cur = self._cur
            assert cur is not None
            if _token(cur.data) is None:  # a file of an older version: fold once to mark it
                self._write(cur.data)
            if self._journal.records and self._backups.due(self._cur_has_documents):
                self._write(cur.data, backup=False)  # the backup below copies every save
            cur = self._cur
            assert cur is not None
            mode, gid = new_file_mode(self.team, cur.pin, cur.mode, cur.gid)
            try:
                self._backups.before_write(cur.stamp, cur.pin, self._cur_has_documents, mode, gid)
            except OSError as exc:
                raise self._write_error(exc, backup=True) from None
            try:
                if not self._journal.live:
                    token = _token(cur.data)
                    assert token is not None
                    self._journal.create(token, mode=mode, gid=gid, prefix=self._tmp_prefix)
                    fsync_dir(self.directory)
                self._journal.append(table, docs, dumps)
            except OSError as exc:
                self._invalidate()
                raise self._write_error(exc) from None
            self._apply(table, docs)
            if self._journal.end > FOLD_BYTES:
                self._fold_quietly()
        self._arm_idle()

    def changes_since(self, generation: int) -> dict[str, set[str]] | None:
        """The doc ids changed, by table, from ``generation`` to now; None when that is not known
        (the file was read again or written whole: everything may have changed)."""
        out: dict[str, set[str]] = {}
        expected = generation + 1
        for number, table, keys in list(self._changes):
            if number <= generation:
                continue
            if number != expected:
                return None
            out.setdefault(table, set()).update(keys)
            expected += 1
        return out if expected == self.generation + 1 else None

    def _apply(self, table: str, docs: dict[str, Any]) -> None:
        cur = self._cur
        assert cur is not None
        target = cur.data.get(table)
        if not isinstance(target, dict):
            target = cur.data[table] = {}
        for key, doc in docs.items():
            if doc is None:
                target.pop(key, None)
            else:
                target[key] = doc
        if table != META_TABLE and any(doc is not None for doc in docs.values()):
            self._cur_has_documents = True
        self.generation += 1
        self._changes.append((self.generation, table, frozenset(docs)))

    # ------------------------------------------------------------------ folding

    def _write(self, data: dict[str, Any], *, backup: bool = True) -> None:
        """A fold: the whole file with a new journal token, then the (now stale) journal removed."""
        data = lines.with_meta(data)
        meta = data[META_TABLE]
        # Which state this is: a session that applied the same records takes it as is (_adopt).
        folded = {"base": _token(data), "seq": self._journal.seq} if self._journal.live else None
        data[META_TABLE] = {**meta, "1": {**meta["1"], "journal": secrets.token_hex(8), "folded_from": folded}}
        # Never a backup of a file that lacks the journal's records: the next save makes it.
        super()._write(data, backup=backup and not self._journal.records)
        # The data file holds every record now; a journal left by a kill here is stale (old token).
        self._journal.remove()

    def fold(self) -> None:
        """Bring the data file up to date with the journal now (nothing to do if it is). Raises
        :class:`StoreWriteError`; the records then stay safe in the journal."""
        with self.transaction():
            if self._cur is not None and self._journal.unfolded:
                self._write(self._cur.data)

    def _fold_quietly(self) -> None:
        """Fold if there is anything to fold; a failure leaves the records safe in the journal."""
        if self._cur is not None and self._journal.unfolded:
            try:
                self._write(self._cur.data)
            except (UserError, OSError, TypeError, orjson.JSONEncodeError):
                self._invalidate()

    def _arm_idle(self) -> None:
        self._last_save = time.monotonic()
        if self._idle is None:
            self._idle = threading.Event()
            threading.Thread(target=_idle_loop, args=(weakref.ref(self), self._idle),
                             name="pliage-harcelement", daemon=True).start()

    def _fold_if_idle(self) -> None:
        """From the idle thread: fold if no save for a while, only if both locks are free now."""
        if self._closed or time.monotonic() - self._last_save < IDLE_FOLD_SECONDS:
            return
        if not self._rlock.acquire(blocking=False):
            return
        try:
            if self._depth == 0 and self._journal.unfolded and self._lock.try_acquire():
                try:
                    self._refresh()
                    self._fold_quietly()
                finally:
                    self._lock.release()
        except (UserError, OSError):
            self._invalidate()
        finally:
            self._rlock.release()

    def close(self) -> None:
        """Fold, or remove a journal without records to fold (stale, or empty): at rest, the data
        file alone holds everything."""
        if not self._closed and self._journal.ino is not None and not self.read_only_reason:
            try:
                with self.transaction():
                    if self._journal.unfolded:
                        self._fold_quietly()
                    elif self._journal.ino is not None:
                        self._journal.remove()
            except (UserError, OSError):
                pass  # busy or failing: every record is safe in the journal for the next session
        if self._idle is not None:
            self._idle.set()
        super().close()

    # ------------------------------------------------------------------ reading

    def disk_stamp(self) -> Stamp | None:
        stamp = super().disk_stamp()
        st = self._journal.stat() if stamp is not None else None
        return stamp._replace(journal_ino=st.st_ino, journal_size=st.st_size) if stamp and st else stamp

    @property
    def stamp(self) -> Stamp | None:
        stamp = self._cur.stamp if self._cur else None
        if stamp is None or self._journal.ino is None:
            return stamp
        return stamp._replace(journal_ino=self._journal.ino, journal_size=self._journal.end)

    def _refresh(self) -> None:
        stamp = super().disk_stamp()
        cur = self._cur
        if stamp is not None and cur is not None and cur.stamp == stamp:
            st = self._journal.stat()
            if self._journal.unchanged(st):
                return
            if st is not None and self._journal.catch_up(st, self._apply, self._check_journal):
                return
            if not self._journal.unfolded:
                # No record of the journal known to this session: a new journal (or none) is
                # read from its start, the data file needs no second reading.
                self._load_journal()
                return
            self._load()  # the journal was replaced or removed behind this session: read all again
            return
        if stamp is not None and cur is not None and self._adopt(stamp):
            return
        super()._refresh()  # the data file changed (or is missing: said there)

    def _adopt(self, stamp: Stamp) -> bool:
        """Take another session's fold without reading the file again when it says it holds the
        very records this session applied (same journal token, same last record): only its first
        lines are read, and the documents in memory stay (those kept in the file are read from the
        previous file, which their descriptor keeps). False otherwise: the caller reads it all."""
        cur = self._cur
        if cur is None or not self._journal.live:
            return False
        try:
            pin = Pin(os.open(self.real, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK))
            st = os.fstat(pin.fd)
            meta = lines.read_meta(pin.fd) if stat.S_ISREG(st.st_mode) and stamp_of(st) == stamp else None
        except OSError:
            return False
        if meta is None or meta.get("folded_from") != {"base": _token(cur.data), "seq": self._journal.seq}:
            return False
        check_private(self.path, st, is_dir=False, data_file=self.path)
        cur.data[META_TABLE] = {"1": meta}
        self._cur = Current(stamp_of(st), pin, stat.S_IMODE(st.st_mode), st.st_gid, cur.data)
        self._journal.forget()
        self._load_journal()  # a journal begun since that fold
        return True

    def _load(self) -> None:
        super()._load()
        self._load_journal()

    def _load_journal(self) -> None:
        assert self._cur is not None
        try:
            self._journal.load(_token(self._cur.data), self._apply, self._check_journal)
        except BaseException:
            self._invalidate()
            raise

    def _check_journal(self, st: os.stat_result) -> None:
        check_private(self._journal.path, st, is_dir=False, data_file=self.path)


def _idle_loop(ref: weakref.ref[JournaledStorage], stop: threading.Event) -> None:
    while not stop.wait(IDLE_FOLD_SECONDS / 2):
        storage = ref()
        if storage is None:
            return
        storage._fold_if_idle()
        del storage
