"""A TinyDB storage that never leaves a torn file: temp file, fsync, replace, keep a .bak."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import stat
from pathlib import Path
from typing import Any

import msgspec

from tracker.domain.errors import InvalidInput, StoreError
from tracker.i18n import _
from tracker.store import schema
from tracker.store.documents import DamagedDocument, decoded_table


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def damaged(path: Path, problem: DamagedDocument) -> StoreError:
    """The one message for a damaged record: which file, which record, the way back."""
    return StoreError(
        _("{path} is damaged: {problem}; restore {backup}").format(
            path=path, problem=problem, backup=backup_path(path).name
        )
    )


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


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
            content = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            raise StoreError(
                _("{path} is a folder, not a tracker database").format(path=self.path)
            ) from None
        except OSError as error:
            raise StoreError(
                _("cannot read {path}: {reason}").format(path=self.path, reason=error.strerror)
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
            if schema.schema_version(tables, self.path) < schema.SCHEMA_VERSION:
                tables = decoded_documents(tables)  # migrations work on plain documents
        except DamagedDocument as error:
            raise damaged(self.path, error) from None
        return schema.upgrade(tables, self.path)

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

    def write(self, data: dict[str, Any]) -> None:
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
        write_atomically(self.path, content)

    def close(self) -> None:
        pass


def write_atomically(path: Path, content: bytes, keep_backup: bool = True) -> None:
    """Write `content` to `path` via a temp file in the same folder; keep the old file as .bak."""
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(_("folder {folder} does not exist").format(folder=folder))
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = None
    # Replacing would succeed in a writable folder; the user's read-only mark says no.
    if mode is not None and not os.access(path, os.W_OK):
        raise StoreError(
            _("cannot write {path}: the file is read-only; nothing was changed").format(path=path)
        )
    temp = folder / f"{temp_prefix(path)}{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as stream:
            if mode is not None and hasattr(os, "fchmod"):  # not on Windows before 3.13
                # The new file keeps the old one's permissions (a private 0600 file stays so).
                os.fchmod(stream.fileno(), mode)
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        if keep_backup and mode is not None:
            _keep_backup(path)
        os.replace(temp, path)
        _fsync_folder(folder)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        reason = _("the disk is full") if error.errno == errno.ENOSPC else error.strerror
        raise StoreError(
            _("cannot write {path}: {reason}; nothing was changed").format(path=path, reason=reason)
        ) from None


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files a killed writer left behind; only call this while holding the lock."""
    for leftover in path.parent.glob(f"{glob.escape(temp_prefix(path))}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _keep_backup(path: Path) -> None:
    """Make the current file the .bak: a hard link costs nothing and survives the replace."""
    backup = backup_path(path)
    staging = backup.with_name(f"{temp_prefix(path)}{os.getpid()}.bak.tmp")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    try:
        os.link(path, staging)
    except OSError:
        # Filesystems without hard links (FAT, some network shares) get a real copy.
        staging.write_bytes(path.read_bytes())
    os.replace(staging, backup)
    # If the .bak already was this very file (a write stopped after making it), rename()
    # between two names of one file does nothing and the staging name would stay behind.
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()


def _fsync_folder(folder: Path) -> None:
    # Without this the rename itself may not survive a power cut.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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
        if not self._loaded:
            # A database that does not exist yet reads as a new, empty one; it is
            # only created on disk by the first commit.
            self._data = self.storage.read() or schema.new_database()
            self._loaded = True
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._loaded = True
        self.dirty = True

    def commit(self) -> None:
        if self.dirty and self._data is not None:
            self.storage.write(self._data)
            self.dirty = False

    def __call__(self, *args: Any, **kwargs: Any) -> StagedWrites:
        # TinyDB(storage=staged) calls it to open the storage: this one is open already.
        return self

    def close(self) -> None:
        pass
