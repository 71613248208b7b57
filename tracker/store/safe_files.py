"""Files the tracker creates or replaces: never through a planted link, keeping what they had.

Every file is made under an unpredictable name with O_CREAT | O_EXCL | O_NOFOLLOW (what
`tempfile.mkstemp` does, without its import cost in every command), and a file that
replaces another keeps that one's owner, group, mode bits, POSIX ACL and user xattrs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from tracker.domain.errors import InvalidInput, StoreError, os_reason
from tracker.i18n import _

NAME_MAX = 255
# The longest companion of a database is "<name>.lock.owner".
LONGEST_SUFFIX = ".lock.owner"
LONGEST_DATABASE_NAME = NAME_MAX - len(LONGEST_SUFFIX)
# Temp names are ".<stem>.<8 random>.owner.tmp" at the longest: the stem gets the rest.
_RANDOM_LENGTH = 8
_LONGEST_STEM = NAME_MAX - len("..") - _RANDOM_LENGTH - len(".owner.tmp")
_RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"  # mkstemp's
# The extended attributes a replacement must carry: the ACL that grants access, and the
# user's own. Others (security.*, trusted.*) belong to the system and are not ours to copy.
_ACL = "system.posix_acl_access"
_CREATE = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
_CREATE |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def companion(path: Path, suffix: str) -> Path:
    """A file that lives beside the database: `.bak`, `.lock`, `.lock.owner`."""
    return path.with_name(path.name + suffix)


def check_database_name(path: Path) -> None:
    """InvalidInput for a file name too long to have its companions beside it."""
    if len(os.fsencode(path.name)) > LONGEST_DATABASE_NAME:
        raise InvalidInput(
            _(
                "the database file name is {length} bytes long; at most {limit} leaves room "
                "for its .bak and .lock files beside it"
            ).format(length=len(os.fsencode(path.name)), limit=LONGEST_DATABASE_NAME)
        )


def temp_stem(path: Path) -> str:
    """The part of `path`'s name its temp files carry, short enough for NAME_MAX."""
    encoded = os.fsencode(path.name)
    if len(encoded) <= _LONGEST_STEM:
        return path.name
    # A long name keeps its start (to be recognisable) and a digest of the whole (so two
    # long names with one start never share temp files, nor sweep each other's away).
    import hashlib  # only for names this long

    digest = hashlib.sha1(encoded, usedforsecurity=False).hexdigest()[:8]
    start = encoded[: _LONGEST_STEM - len(digest) - 1].decode("utf-8", "ignore")
    return f"{start}~{digest}"


def temp_pattern(path: Path) -> re.Pattern[str]:
    """What the names of `path`'s temp files look like (also those of earlier versions)."""
    # {1,8}: before the random names, a temp file carried the writer's pid.
    return re.compile(
        rf"\.{re.escape(temp_stem(path))}\.[a-z0-9_]{{1,{_RANDOM_LENGTH}}}\.(?:bak\.|owner\.)?tmp"
    )


def _random_name() -> str:
    return "".join(_RANDOM_ALPHABET[byte % 37] for byte in os.urandom(_RANDOM_LENGTH))


def create_exclusive(path: Path, suffix: str = ".tmp", mode: int = 0o600) -> tuple[int, Path]:
    """A new file beside `path`, open for writing, under a name nobody could have planted.

    O_EXCL with O_NOFOLLOW: a link or file already at the name makes the call fail, and
    another random name is tried; nothing is ever written through a link.
    """
    prefix = f".{temp_stem(path)}."
    for _attempt in range(100):
        candidate = path.with_name(f"{prefix}{_random_name()}{suffix}")
        try:
            return os.open(candidate, _CREATE, mode), candidate
        except FileExistsError:
            continue
        except OSError:
            # A failing disk may have made the file before failing the call; the random
            # name was ours alone, so removing it takes nothing from anyone.
            with contextlib.suppress(OSError):
                os.unlink(candidate)
            raise
    raise FileExistsError(errno.EEXIST, _("no free temporary name"), str(path.parent))


def make_link(path: Path, suffix: str) -> Path:
    """A second name for `path`'s file beside it; link() never follows a link at the new name."""
    prefix = f".{temp_stem(path)}."
    for _attempt in range(100):
        candidate = path.with_name(f"{prefix}{_random_name()}{suffix}")
        try:
            os.link(path, candidate, follow_symlinks=False)
            return candidate
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, _("no free temporary name"), str(path.parent))


def stale_temp_files(path: Path) -> list[Path]:
    """Temp files of `path` that writers left behind (only safe to remove under the lock)."""
    pattern = temp_pattern(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.with_name(name) for name in names if pattern.fullmatch(name)]


class NotARegularFile(OSError):
    """The path names a folder, a pipe, a socket or a device: nothing the tracker reads."""

    def __init__(self, path: Path, status: os.stat_result) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))
        self.status = status


def read_regular_file(path: Path) -> bytes:
    """The bytes of the regular file at `path`; NotARegularFile at once for anything else.

    O_NONBLOCK: opening a FIFO to read would otherwise wait for a writer, forever.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(path, status)
        chunks = []
        while chunk := os.read(fd, max(status.st_size + 1, 65536)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_all(fd: int, content: bytes) -> None:
    """Write every byte: os.write may take only part of a large buffer."""
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view) :]


class FileMetadata:
    """What a replaced file had and its replacement must keep: owner, mode, ACL, xattrs."""

    def __init__(self, status: os.stat_result, xattrs: dict[str, bytes]) -> None:
        self.uid = status.st_uid
        self.gid = status.st_gid
        self.mode = stat.S_IMODE(status.st_mode)
        self.xattrs = xattrs

    @classmethod
    def of(cls, path: Path, status: os.stat_result) -> FileMetadata:
        """The metadata of the file at `path`, whose `os.stat` is `status`."""
        return cls(status, _xattrs(path))

    def apply(self, fd: int, path: Path) -> None:
        """Give the new file open as `fd` this metadata; StoreError naming `path` if it can't."""
        try:
            if hasattr(os, "fchown"):
                if _IS_ROOT:
                    # Root's file would otherwise lock its owner out of their own database.
                    os.fchown(fd, self.uid, self.gid)
                elif os.fstat(fd).st_gid != self.gid:
                    # Anyone may give a file a group they belong to; the owner cannot change
                    # without root, and a group member's write keeps the group's access.
                    os.fchown(fd, -1, self.gid)
            if hasattr(os, "fchmod"):  # not on Windows before 3.13
                os.fchmod(fd, self.mode)
            for name, value in self.xattrs.items():
                os.setxattr(fd, name, value)
        except OSError as error:
            raise StoreError(
                _(
                    "cannot keep the owner, permissions or ACL of {path} ({reason}); "
                    "nothing was changed"
                ).format(path=path, reason=os_reason(error))
            ) from None


def _xattrs(path: Path) -> dict[str, bytes]:
    if not hasattr(os, "listxattr"):
        return {}
    try:
        names = os.listxattr(path)
    except OSError as error:
        if error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return {}
        raise
    return {
        name: os.getxattr(path, name) for name in names if name == _ACL or name.startswith("user.")
    }


def is_read_only(status: os.stat_result, path: Path) -> bool:
    """True when the user marked the file read-only: no write bit, for root too."""
    if not stat.S_IMODE(status.st_mode) & 0o222:
        return True
    return not _IS_ROOT and not os.access(path, os.W_OK)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable; without this it may not survive a power cut."""
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


def replace_file(
    path: Path,
    content: bytes,
    metadata: FileMetadata | None,
    before_replace: Callable[[], None] | None = None,
    after_replace: Callable[[], None] | None = None,
) -> None:
    """Write `content` to a new file beside `path`, fsync it, then rename it over `path`.

    `before_replace` runs once the new file is complete and may still refuse (raising);
    `after_replace` runs once it is the file at `path`. A failure removes the new file.
    """
    # 0o666 less the umask, as open() would make it: a new report or database is like any
    # other file; a replaced one gets its predecessor's mode before any byte is written.
    fd, temp = create_exclusive(path, mode=0o666)
    try:
        try:
            if metadata is not None:
                metadata.apply(fd, path)
            write_all(fd, content)
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if after_replace is not None:
        after_replace()
    fsync_folder(path.parent)
