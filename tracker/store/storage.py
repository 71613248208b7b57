"""A TinyDB storage that never leaves a torn file: temp file, fsync, replace, keep a .bak."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from tracker.domain.errors import InvalidInput, StoreError, os_reason
from tracker.i18n import _
from tracker.store import safe_files, schema
from tracker.store.documents import DamagedDocument, decoded_table


def backup_path(path: Path) -> Path:
    """The previous version of the database, kept beside it."""
    return safe_files.companion(path, ".bak")


def damaged(path: Path, problem: DamagedDocument) -> StoreError:
    """The one message for a damaged record: which file, which record, the way back."""
    return StoreError(
        _("{path} is damaged: {problem}; restore {backup}").format(
            path=path, problem=problem, backup=backup_path(path).name
        )
    )


# The file is checked whole (any JSON error is refused) but each document is kept as its
# bytes, decoded only when something reads it. `tracker add` at 100,000 tasks reads one
# document of the file; decoding them all into dicts took 0.25 s, this takes 0.04 s.
_TABLES_OF_DOCUMENTS = msgspec.json.Decoder(dict[str, dict[str, msgspec.Raw]])


def _decoded_table(name: str, table: Any) -> Any:
    if not isinstance(table, dict):
        return table  # not a table of documents: the schema check names it
    return decoded_table(name, table)


def _with_meta_decoded(tables: Any) -> Any:
    if isinstance(tables, dict) and schema.META_TABLE in tables:
        tables[schema.META_TABLE] = _decoded_table(schema.META_TABLE, tables[schema.META_TABLE])
    return tables


def decoded_documents(tables: Any) -> Any:
    """`tables` with every document decoded to plain JSON values; DamagedDocument names a
    document that cannot be."""
    if not isinstance(tables, dict):
        return tables
    return {name: _decoded_table(name, table) for name, table in tables.items()}


class AtomicJSONStorage:
    """Reads and writes the whole database as one JSON document, atomically.

    A TinyDB storage: TinyDB only calls `read`, `write` and `close`. It does not derive
    from tinydb.storages.Storage so that reading, which never needs TinyDB, never pays
    the 2 ms of importing it.

    Unlike TinyDB's JSONStorage it never creates a file on open, never writes in place,
    and refuses files that are not tracker databases instead of treating them as empty.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        """The decoded, schema-checked database, or None when the file does not exist yet."""
        try:
            content = safe_files.read_regular_file(self.path)
        except safe_files.NotARegularFile as error:
            raise StoreError(not_a_file(self.path, error.status)) from None
        except FileNotFoundError:
            if not self.path.parent.is_dir():
                raise StoreError(
                    _("folder {folder} does not exist").format(folder=self.path.parent)
                ) from None
            return None
        except OSError as error:
            raise StoreError(
                _("cannot read {path}: {reason}").format(path=self.path, reason=os_reason(error))
            ) from None
        if not content.strip():
            raise StoreError(
                _("{path} is empty, not a tracker database; restore {backup}").format(
                    path=self.path, backup=backup_path(self.path).name
                )
            )
        try:
            tables: Any = _TABLES_OF_DOCUMENTS.decode(content)
        except msgspec.ValidationError:
            # Valid JSON, but not tables of documents: decode it whole, so that the schema
            # check can say what it is instead.
            tables = self._decode_whole(content)
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as error:
            raise self._invalid_json(error) from None
        try:
            tables = _with_meta_decoded(tables)
            if schema.reads_documents(schema.schema_version(tables, self.path)):
                tables = decoded_documents(tables)  # migrations work on plain documents
            return schema.upgrade(tables, self.path)
        except DamagedDocument as error:
            raise damaged(self.path, error) from None

    def _decode_whole(self, content: bytes) -> Any:
        try:
            return msgspec.json.decode(content)
        # DecodeError e.g. for a number too big for a float; the others as in read().
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as error:
            raise self._invalid_json(error) from None

    def _invalid_json(self, error: Exception) -> StoreError:
        """The file as a whole cannot be decoded, so no one record can be named."""
        backup = backup_path(self.path).name
        # The file is checked whole without decoding its text, but the table and record
        # names are decoded on the way; and skipping over a record still descends into it.
        if isinstance(error, UnicodeDecodeError):
            message = _("{path} is damaged: it holds text that is not UTF-8; restore {backup}")
        elif isinstance(error, RecursionError):
            message = _("{path} is damaged: it is nested too deeply to be read; restore {backup}")
        else:
            message = _("{path} is not valid JSON ({reason}); restore {backup}")
        return StoreError(message.format(path=self.path, reason=error, backup=backup))

    def write(self, data: dict[str, Any], before_replace: Callable[[], None] | None = None) -> None:
        """Replace the database with `data` so that a crash leaves the old or the new file."""
        try:
            # Documents nobody touched are still their bytes from the file (msgspec.Raw),
            # and are copied out as they came in.
            content = msgspec.json.encode(data)
        except UnicodeEncodeError as error:
            # Text that is not Unicode: bytes of another encoding in a command's arguments
            # reach Python as lone surrogates, which no UTF-8 file can hold.
            raise InvalidInput(
                _(
                    "cannot store text that is not valid Unicode ({reason}); was it typed or "
                    "pasted in another encoding? nothing was changed"
                ).format(reason=error)
            ) from None
        write_atomically(self.path, content, before_replace=before_replace)

    def close(self) -> None:
        """Nothing to release: every file is closed when its write ends."""


def write_atomically(
    path: Path,
    content: bytes,
    keep_backup: bool = True,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write `content` to `path` via a temp file in the same folder; keep the old file as .bak.

    The steps, in order: the new file is written and fsynced; the current file gets a second
    name (the .bak to be); `before_replace` may still refuse; the new file replaces the
    database; only then does the second name become the .bak. A write killed before the
    replace leaves the previous .bak as it was, one killed after it leaves the new
    database with the previous .bak or the new one.
    """
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(_("folder {folder} does not exist").format(folder=folder))
    status = existing_file(path)
    # Replacing would succeed in a writable folder; the user's read-only mark says no.
    if status is not None and safe_files.is_read_only(status, path):
        raise StoreError(
            _("cannot write {path}: the file is read-only; nothing was changed").format(path=path)
        )
    staging: list[Path] = []

    def stage_backup() -> None:
        if keep_backup and status is not None:
            staging.append(_stage_backup(path, status))
        if before_replace is not None:
            before_replace()

    def promote_backup() -> None:
        if staging:
            _promote_backup(staging[0], backup_path(path))

    try:
        metadata = safe_files.FileMetadata.of(path, status) if status is not None else None
        safe_files.replace_file(path, content, metadata, stage_backup, promote_backup)
    except OSError as error:
        reason = _("the disk is full") if error.errno == errno.ENOSPC else os_reason(error)
        raise StoreError(
            _("cannot write {path}: {reason}; nothing was changed").format(path=path, reason=reason)
        ) from None
    finally:
        for leftover in staging:
            with contextlib.suppress(OSError):
                os.unlink(leftover)


def existing_file(path: Path) -> os.stat_result | None:
    """`os.stat` of the regular file at `path`, None if there is none; StoreError otherwise."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(
            _("cannot read {path}: {reason}").format(path=path, reason=os_reason(error))
        ) from None
    if not stat.S_ISREG(status.st_mode):
        raise StoreError(not_a_file(path, status))
    return status


def not_a_file(path: Path, status: os.stat_result) -> str:
    """Why the tracker will not read or write `path`, which is not a regular file."""
    if stat.S_ISDIR(status.st_mode):
        return _("{path} is a folder, not a tracker database").format(path=path)
    return _(
        "{path} is not a regular file (a pipe, socket or device), not a tracker database"
    ).format(path=path)


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files a killed writer left behind; only call this while holding the lock."""
    for leftover in safe_files.stale_temp_files(path):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _stage_backup(path: Path, status: os.stat_result) -> Path:
    """A second name for the current file, to become the .bak once the replace is done.

    A hard link costs nothing, and is the old file itself: owner, mode and ACL included.
    """
    try:
        return safe_files.make_link(path, ".bak.tmp")
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
    # Filesystems without hard links (FAT, some network shares) get a real copy.
    fd, copy = safe_files.create_exclusive(path, ".bak.tmp")
    try:
        try:
            safe_files.FileMetadata.of(path, status).apply(fd, backup_path(path))
            safe_files.write_all(fd, safe_files.read_regular_file(path))
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(copy)
        raise
    return copy


def _promote_backup(staging: Path, backup: Path) -> None:
    # The database is already replaced: a .bak that cannot be renamed (say, EIO) leaves the
    # one before it, which is still a good database, rather than failing a saved change.
    with contextlib.suppress(OSError):
        os.replace(staging, backup)
    # If the .bak already was this very file (a write stopped after making it), rename()
    # between two names of one file does nothing and the staging name would stay behind.
    with contextlib.suppress(OSError):
        os.unlink(staging)


class StagedWrites:
    """Holds one read of the file in memory and collects TinyDB's writes until `commit()`.

    TinyDB writes the whole file after every table operation; staging them turns a
    command's many operations into a single atomic replace of the file. Like the
    storage, a TinyDB middleware by its methods rather than by inheritance.
    """

    def __init__(self, path: Path) -> None:
        self.storage = AtomicJSONStorage(path)
        self._data: dict[str, Any] | None = None
        self._loaded = False
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        """The staged contents: the file as read, or what this session wrote since."""
        if not self._loaded:
            # A database that does not exist yet reads as a new, empty one; it is
            # only created on disk by the first commit.
            self._data = self.storage.read() or schema.new_database()
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        """Stage `data` for the commit; nothing reaches the disk before it."""
        self._data = data
        self._loaded = True
        self.dirty = True

    def commit(self, before_replace: Callable[[], None] | None = None) -> None:
        """Write what was staged, once; `before_replace` may refuse at the last moment."""
        if self.dirty and self._data is not None:
            self.storage.write(self._data, before_replace)
            self.dirty = False

    def __call__(self, *args: Any, **kwargs: Any) -> StagedWrites:
        """Hand TinyDB this storage, which is open already."""
        # TinyDB(storage=staged) calls it to open the storage: this one is open already.
        return self

    def close(self) -> None:
        """Nothing to release: the commit writes the file."""
