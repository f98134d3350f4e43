"""The case file on disk: a TinyDB storage safe for several Unix accounts and sessions.

Only :mod:`harcelement_tui.core.store` uses this package (import-linter checks it); the rest of
the program reaches persistence through the store. One job per module, from the bottom up:

* ``errors``       -- :class:`StoreError` and its kinds (busy, corrupt, permission, write).
* ``permissions``  -- refusals of files others may read and of foreign symlinks; read-only reasons.
* ``files``        -- one version of the file on disk: its :class:`Stamp` and the descriptor pinning it.
* ``codec``        -- the format marks and the checks that refuse a damaged or foreign file.
* ``lock``         -- the inter-process ``flock`` on ``<file>.lock``, fair and with a timeout.
* ``backups``      -- the daily ``<file>.YYYY-MM-DD.bak`` copies.
* ``lazy``, ``lines`` -- the memory optimisations: documents whose timelines stay in the file, the
  one-document-per-line layout read document by document and written with unchanged documents
  copied verbatim. Removing them is one move: delete both modules and have ``case_storage`` parse
  with ``codec.parse_whole`` and write with ``orjson.dumps``.
* ``case_storage`` -- :class:`CaseStorage`, the TinyDB storage: lock, fresh data, atomic writes
  (``core.safe_files.replace_via_temp``), permissions, team mode, backups.
* ``journal``, ``journaled`` -- the journal of saves: a save appends one checked, fsync'd record
  to ``<file>.journal``; :class:`JournaledStorage` folds the records into the data file now and
  then and reads another session's saves from its new records alone.
* ``db``           -- :class:`CaseDB`, TinyDB with :class:`LockedTable` tables on that storage.

File-safety helpers shared with exports, reports and the access log (private modes, atomic
replace, private folders) live in :mod:`harcelement_tui.core.safe_files`. The measurements behind
these choices are in ``benchmarks/README.md``. Local filesystems only: ``flock`` is not reliable
over NFS.
"""

from __future__ import annotations

from harcelement_tui.core.safe_files import json_damage
from harcelement_tui.core.storage.backups import KEEP_BACKUPS
from harcelement_tui.core.storage.case_storage import DEFAULT_LOCK_TIMEOUT, CaseStorage
from harcelement_tui.core.storage.codec import (
    FORMAT,
    FORMAT_VERSION,
    META_TABLE,
    paused_gc,
)
from harcelement_tui.core.storage.db import CaseDB, LockedTable
from harcelement_tui.core.storage.errors import (
    CorruptStoreError,
    StoreBusyError,
    StoreError,
    StorePermissionError,
    StoreWriteError,
)
from harcelement_tui.core.storage.files import Stamp
from harcelement_tui.core.storage.journaled import JournaledStorage
from harcelement_tui.core.storage.lazy import DeferredList
from harcelement_tui.core.storage.permissions import read_only_reason

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "FORMAT",
    "FORMAT_VERSION",
    "KEEP_BACKUPS",
    "META_TABLE",
    "CaseDB",
    "CaseStorage",
    "CorruptStoreError",
    "DeferredList",
    "JournaledStorage",
    "LockedTable",
    "Stamp",
    "StoreBusyError",
    "StoreError",
    "StorePermissionError",
    "StoreWriteError",
    "json_damage",
    "paused_gc",
    "read_only_reason",
]
