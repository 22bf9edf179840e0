"""Refusing a SQLite data file on a network drive.

SQLite relies on the file system's locks, and network file systems (Windows
shares over SMB, NFS, sshfs…) do not keep them faithfully: two PCs writing
one file through a share damage it, and a dropped link leaves it locked.
So a data file on a network drive is refused when it is opened, with a
message that points to PostgreSQL for an office that shares its data.

How a network drive is recognised:
- Linux: the mount holding the file, from ``/proc/self/mountinfo`` (its type:
  nfs, cifs, smb3, fuse.sshfs, a GNOME share under gvfs…); where that file
  cannot be read, ``statfs``'s f_type magic number.
- Windows: a UNC path (``\\\\server\\share\\…``, also ``\\\\?\\UNC\\…``) or a
  drive letter that ``GetDriveTypeW`` calls DRIVE_REMOTE (a mapped drive).

A local disk, a USB stick, a tmpfs or a FUSE file system that is local
(ntfs-3g, exFAT) is never refused; nor is 9p (WSL's view of the Windows
disks, a virtual machine's shared folder: one computer). The decisions are pure functions of the
mount table or the path, so the tests feed them real mount tables.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Callable

from app.core.errors import DataFileError

log = logging.getLogger(__name__)

# Types of network file systems as the kernel names them in mountinfo.
NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "ncp", "afs", "coda", "ceph", "glusterfs", "lustre",
    "gpfs", "davfs", "orangefs", "beegfs", "ocfs2", "gfs2",
})
# FUSE file systems that reach over a network (the type is "fuse.<subtype>").
NETWORK_FUSE = frozenset({
    "sshfs", "gvfsd-fuse", "rclone", "s3fs", "davfs", "davfs2", "glusterfs", "ceph-fuse", "cephfs", "smbnetfs",
    "curlftpfs", "fuse-smb", "goofys", "gcsfuse", "juicefs", "seaweedfs", "moosefs", "mfs",
})
# statfs f_type magic numbers (linux/magic.h) of network file systems.
STATFS_NETWORK = {
    0x6969: "nfs", 0x517B: "smbfs", 0xFF534D42: "cifs", 0xFE534D42: "smb2", 0x5346414F: "afs",
    0x73757245: "coda", 0x00C36400: "ceph", 0x564C: "ncpfs", 0x0BD00BD0: "lustre", 0x47504653: "gpfs",
}
DRIVE_REMOTE = 4
MOUNTINFO = "/proc/self/mountinfo"


@dataclass(frozen=True)
class NetworkMount:
    """Where a path reaches over the network: the type and the share."""

    kind: str           # "cifs", "nfs4", "fuse.sshfs", "UNC", "ổ mạng"
    source: str         # "//server/share", "\\\\server\\share", "Z:"

    @property
    def text(self) -> str:
        return f"{self.kind} {self.source}".strip()


# -- Linux ------------------------------------------------------------------------

def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 4 <= len(field) and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[tuple[str, str, str]]:
    """(mount point, type, source) of every line of /proc/self/mountinfo."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields or len(fields) < 7:
            continue
        dash = fields.index("-")
        if dash + 1 >= len(fields):
            continue
        mount_point = _unescape(fields[4])
        fs_type = fields[dash + 1]
        source = _unescape(fields[dash + 2]) if dash + 2 < len(fields) else ""
        mounts.append((mount_point, fs_type, source))
    return mounts


def _is_network_type(fs_type: str) -> bool:
    fs_type = fs_type.lower()
    if fs_type in NETWORK_TYPES:
        return True
    if fs_type.startswith("fuse.") or fs_type.startswith("fuseblk."):
        return fs_type.split(".", 1)[1] in NETWORK_FUSE
    return False


def mount_of(path: str, mountinfo_text: str) -> tuple[str, str, str] | None:
    """The mount holding ``path`` (an absolute, resolved path): the longest
    mount point above it, the last one mounted when several share a point."""
    best = None
    for mount_point, fs_type, source in parse_mountinfo(mountinfo_text):
        prefix = mount_point.rstrip("/") + "/"
        if path == mount_point or path.startswith(prefix) or mount_point == "/":
            if best is None or len(mount_point) >= len(best[0]):
                best = (mount_point, fs_type, source)
    return best


def linux_network_mount(path: str, mountinfo_text: str) -> NetworkMount | None:
    found = mount_of(path, mountinfo_text)
    if found is None or not _is_network_type(found[1]):
        return None
    return NetworkMount(found[1], found[2])


def _statfs_type(path: str) -> int | None:
    """statfs(2)'s f_type (None where it cannot be asked)."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        buffer = ctypes.create_string_buffer(512)  # struct statfs; f_type is its first word
        if libc.statfs(os.fsencode(path), buffer) != 0:
            return None
        return ctypes.c_ulong.from_buffer(buffer).value & 0xFFFFFFFF
    except (OSError, AttributeError, ValueError):
        return None


def _statfs_network(path: str) -> NetworkMount | None:
    magic = _statfs_type(path)
    if magic in STATFS_NETWORK:
        return NetworkMount(STATFS_NETWORK[magic], "")
    return None


# -- Windows ----------------------------------------------------------------------

def windows_network_location(path: str, drive_type: Callable[[str], int]) -> NetworkMount | None:
    """A UNC path or a mapped network drive letter (``drive_type``: GetDriveTypeW)."""
    text = str(path)
    if text.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
        rest = text[8:].replace("/", "\\")
        server_share = "\\".join(rest.split("\\")[:2])
        return NetworkMount("UNC", f"\\\\{server_share}")
    if text.startswith(("\\\\?\\", "\\\\.\\", "//?/", "//./")):
        text = text[4:]
    drive = PureWindowsPath(text).drive
    if drive.startswith("\\\\") or drive.startswith("//"):
        return NetworkMount("UNC", drive.replace("/", "\\"))
    if len(drive) == 2 and drive[1] == ":":
        if drive_type(drive.upper() + "\\") == DRIVE_REMOTE:
            return NetworkMount("ổ mạng", drive.upper())
    return None


def _get_drive_type(root: str) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)


# -- the check ------------------------------------------------------------------------

def _existing(path: Path) -> Path:
    """The path itself or, for a file not made yet, its nearest existing folder."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def network_location(path: Path | str) -> NetworkMount | None:
    """Where ``path`` reaches over a network, or None for a local disk."""
    if sys.platform == "win32":
        absolute = os.path.abspath(str(path))
        return windows_network_location(absolute, _get_drive_type)
    real = os.path.realpath(_existing(Path(os.path.abspath(str(path)))))
    try:
        with open(MOUNTINFO, encoding="utf-8", errors="surrogateescape") as handle:
            table = handle.read()
    except OSError:
        return _statfs_network(real)
    return linux_network_mount(real, table)


def refuse_network_drive(path: Path | str) -> None:
    """DataFileError when the data file would sit on a network drive."""
    found = network_location(path)
    if found is None:
        return
    log.warning("data file %s is on a network drive (%s): refused", path, found.text)
    raise DataFileError(
        f"«{path}» nằm trên ổ mạng ({found.text}). Tệp SQLite dùng chung qua mạng dễ bị hỏng và bị khóa khi "
        "nhiều máy cùng ghi, nên chương trình không mở tệp ở đó: hãy chép tệp về ổ đĩa của máy này; để cả văn "
        "phòng cùng dùng một dữ liệu, hãy dùng máy chủ PostgreSQL "
        "(--db postgresql://người-dùng@máy-chủ/tên-cơ-sở-dữ-liệu, xem README).")
