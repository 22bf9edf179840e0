"""The submission package (``.cchc``): one zip file per ward and period.

Layout (documented for other programs in ``docs/goi-nop-bao-cao.md``)::

    manifest.json          who, which plan, which period, program and format
                           versions, and the SHA-256 of every other member
    snapshot.json          the plan as ``cchc show --json`` gives it, plus
                           the period's task statuses (machine-readable)
    tai-lieu/…xlsx, …pdf   the documents as printed (appendix, report)

Writing builds the whole zip in a temporary file beside the target and
renames it into place. Reading checks everything before anything is used:
a file that is not a zip, a zip cut short, a zip of something else, a
package from a newer program, a member whose hash does not match, a member
missing from or missing in the manifest — each is refused with one
sentence naming what is wrong (``PackageError``), never an exception trace.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Sequence

from app.core.errors import UserError
from app.io.safe_write import atomic_output

FORMAT = "cchc-goi-nop-bao-cao"
FORMAT_VERSION = 1
SUFFIX = ".cchc"
MANIFEST = "manifest.json"
SNAPSHOT = "snapshot.json"
DOCUMENTS_FOLDER = "tai-lieu"

# What a package may hold: a ward's snapshot is well under a megabyte and its
# documents a few; far larger members mean a foreign file or a zip bomb.
MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 64
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
MAX_MEMBER_BYTES = 100 * 1024 * 1024
_CHUNK = 1024 * 1024


class PackageError(UserError):
    """A file that cannot be used as a submission package; the message says why."""


@dataclass(frozen=True)
class Document:
    """A human document to carry: where it is now, its name in the package."""

    path: Path
    name: str
    kind: str  # "appendix-xlsx", "report-pdf"


@dataclass(frozen=True)
class Package:
    """A package read and checked: its manifest and snapshot, and the
    SHA-256 of the whole file (two copies of one package are one)."""

    path: Path
    manifest: dict[str, Any]
    snapshot: dict[str, Any]
    file_sha256: str


def write_package(target: Path | str, manifest: dict[str, Any], snapshot: dict[str, Any],
                  documents: Sequence[Document] = ()) -> Path:
    """Write the package atomically. ``manifest`` holds the descriptive
    fields; ``format``, ``format_version`` and ``members`` are filled here."""
    target = Path(target)
    snapshot_bytes = json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")
    members = [{"path": SNAPSHOT, "kind": "snapshot", "size": len(snapshot_bytes),
                "sha256": hashlib.sha256(snapshot_bytes).hexdigest()}]
    for document in documents:
        members.append({"path": f"{DOCUMENTS_FOLDER}/{document.name}", "kind": document.kind,
                        "size": document.path.stat().st_size, "sha256": file_sha256(document.path)})
    full = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest, "members": members}
    manifest_bytes = json.dumps(full, ensure_ascii=False, indent=1).encode("utf-8")
    with atomic_output(target) as temp:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            archive.writestr(MANIFEST, manifest_bytes)
            archive.writestr(SNAPSHOT, snapshot_bytes)
            for document in documents:
                archive.write(document.path, f"{DOCUMENTS_FOLDER}/{document.name}")
    return target


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# Reading


def read_package(path: Path | str) -> Package:
    """Open and check a package (see the module docstring); PackageError if unusable."""
    path = Path(path)
    raw = _read_file(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise PackageError(_not_a_zip(raw)) from None
    except (OSError, ValueError, EOFError) as error:
        raise PackageError(f"tệp zip bị hỏng ({error}).") from None
    with archive:
        names = [info.filename for info in archive.infolist()]
        if len(names) > MAX_MEMBERS:
            raise PackageError(f"có {len(names)} tệp bên trong, nhiều hơn một gói nộp báo cáo (tối đa {MAX_MEMBERS}).")
        if MANIFEST not in names:
            raise PackageError("không phải gói nộp báo cáo của Sổ kế hoạch CCHC (tệp zip không có manifest.json).")
        manifest = _parse_json(_member_bytes(archive, MANIFEST, MAX_MANIFEST_BYTES), MANIFEST)
        _check_format(manifest)
        members = _listed_members(manifest)
        for name in names:
            if name != MANIFEST and name not in members and not name.endswith("/"):
                raise PackageError(f"có tệp «{name}» không ghi trong bản kê manifest.json (gói đã bị sửa).")
        snapshot_bytes = b""
        for name, member in members.items():
            if name not in names:
                raise PackageError(f"thiếu tệp «{name}» ghi trong bản kê manifest.json.")
            if name == SNAPSHOT:
                snapshot_bytes = _member_bytes(archive, name, MAX_SNAPSHOT_BYTES)
                digest = hashlib.sha256(snapshot_bytes).hexdigest()
            else:
                digest = _member_sha256(archive, name, MAX_MEMBER_BYTES)
            if digest != member["sha256"]:
                raise PackageError(f"nội dung «{name}» không khớp mã kiểm tra SHA-256 trong bản kê "
                                   "(gói bị sửa hoặc hỏng khi chép).")
    if SNAPSHOT not in members:
        raise PackageError("bản kê manifest.json không có snapshot.json.")
    snapshot = _parse_json(snapshot_bytes, SNAPSHOT)
    return Package(path, manifest, snapshot, hashlib.sha256(raw).hexdigest())


def _read_file(path: Path) -> bytes:
    from app.disk import regular_file_problem

    if not path.exists():
        raise PackageError("không có tệp này.")
    problem = regular_file_problem(path)  # a FIFO would block the read forever
    if problem:
        raise PackageError(f"{problem}, không phải gói nộp báo cáo.")
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise PackageError(f"tệp quá lớn ({size // (1024 * 1024)} MB) so với một gói nộp báo cáo.")
        return path.read_bytes()
    except OSError as error:
        raise PackageError(f"không đọc được tệp: {error.strerror or error}.") from None


def _not_a_zip(raw: bytes) -> str:
    if raw.startswith(b"PK\x03\x04"):
        return "tệp zip bị cắt cụt hoặc hỏng (có thể tải về hoặc chép chưa hết)."
    if not raw:
        return "tệp rỗng."
    return "không phải gói nộp báo cáo (không phải tệp zip)."


def _member_bytes(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise PackageError(f"tệp «{name}» bên trong quá lớn ({info.file_size // (1024 * 1024)} MB).")
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise PackageError(f"tệp «{name}» bên trong bị hỏng ({error}).") from None
    except NotImplementedError:
        raise PackageError(f"tệp «{name}» được nén theo cách chương trình không đọc được.") from None
    except RuntimeError:  # encrypted
        raise PackageError(f"tệp «{name}» bên trong có mật khẩu.") from None
    if len(data) > limit:
        raise PackageError(f"tệp «{name}» bên trong quá lớn.")
    return data


def _member_sha256(archive: zipfile.ZipFile, name: str, limit: int) -> str:
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise PackageError(f"tệp «{name}» bên trong quá lớn ({info.file_size // (1024 * 1024)} MB).")
    digest = hashlib.sha256()
    read = 0
    try:
        with archive.open(info) as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                read += len(chunk)
                if read > limit:
                    raise PackageError(f"tệp «{name}» bên trong quá lớn.")
                digest.update(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise PackageError(f"tệp «{name}» bên trong bị hỏng ({error}).") from None
    except NotImplementedError:
        raise PackageError(f"tệp «{name}» được nén theo cách chương trình không đọc được.") from None
    except RuntimeError:
        raise PackageError(f"tệp «{name}» bên trong có mật khẩu.") from None
    return digest.hexdigest()


def _parse_json(data: bytes, name: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise PackageError(f"«{name}» không phải JSON hợp lệ ({error}).") from None
    if not isinstance(value, dict):
        raise PackageError(f"«{name}» không có cấu trúc của gói nộp báo cáo.")
    return value


def _check_format(manifest: dict[str, Any]) -> None:
    if manifest.get("format") != FORMAT:
        raise PackageError("không phải gói nộp báo cáo của Sổ kế hoạch CCHC (manifest.json của định dạng khác).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackageError("manifest.json không ghi phiên bản định dạng hợp lệ.")
    if version > FORMAT_VERSION:
        program = manifest.get("program") if isinstance(manifest.get("program"), dict) else {}
        made_by = f" (lập bằng phiên bản {program.get('version')})" if program.get("version") else ""
        raise PackageError(f"gói theo định dạng phiên bản {version}{made_by}, mới hơn phiên bản chương trình "
                           f"này đọc được ({FORMAT_VERSION}); hãy cập nhật chương trình.")


def _listed_members(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    members = manifest.get("members")
    if not isinstance(members, list) or not members:
        raise PackageError("manifest.json không có bản kê các tệp (members).")
    out: dict[str, dict[str, Any]] = {}
    for member in members:
        if not isinstance(member, dict) or not isinstance(member.get("path"), str) \
                or not isinstance(member.get("sha256"), str):
            raise PackageError("bản kê manifest.json có một mục không hợp lệ.")
        name = member["path"]
        if name == MANIFEST or name in out or PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
            raise PackageError(f"bản kê manifest.json có tên tệp không hợp lệ «{name}».")
        out[name] = member
    return out


def extract_document(package_path: Path | str, member: str, target: Path | str) -> Path:
    """Copy one document out of a package (the ward's report PDF, to open it)."""
    from shutil import copyfileobj

    if not member.startswith(f"{DOCUMENTS_FOLDER}/"):
        raise PackageError(f"«{member}» không phải tài liệu trong gói.")
    try:
        with zipfile.ZipFile(package_path) as archive, archive.open(member) as source:
            with atomic_output(target) as temp, open(temp, "wb") as out:
                copyfileobj(source, out)
    except KeyError:
        raise PackageError(f"Gói «{Path(package_path).name}» không có «{member}».") from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise PackageError(f"Không lấy được «{member}» từ gói «{package_path}»: "
                           f"{getattr(error, 'strerror', None) or error}.") from None
    return Path(target)
