"""Files attached to progress entries, stored inside the data folder by the
SHA-256 of their content. The user's file name is only shown, never used as a
path, so no name (``../``, ``C:\\``, ``CON``) can place a file elsewhere.

Every file is checked (exists, an ordinary file, not too big, readable) and
copied in *before* anything is written to the database; the records are
then added in the caller's transaction, together with their entry
(``ProgressService.add``), so a refused file never leaves an entry behind."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from app.core.errors import DataFileError, InvalidInputError, NotFoundError
from app.core.model import Attachment
from app.core.text import clean_text
from app.disk import MB, disk_full, free_space, honour_umask, is_disk_full, name_problem, regular_file_problem
from app.io.safe_write import temp_prefix
from app.models.database import Database
from app.models.schema import Attachment as AttachmentRecord
from app.models.schema import ProgressEntry as EntryRecord

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
INCOMING_PREFIX = ".incoming-"
_SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


def display_name(name: str) -> str:
    """The last part of a path, without control characters, for showing only."""
    base = re.split(r"[\\/]", clean_text(name))[-1]
    base = "".join(c for c in base if c.isprintable()).strip() or "tep-dinh-kem"
    return base[:200]


@dataclass(frozen=True)
class StoredFile:
    """A file copied into the store, not yet linked to an entry."""
    file_name: str
    sha256: str
    size: int


class AttachmentStore:
    def __init__(self, db: Database, root: Path):
        self.db = db
        self.root = root

    def path_of(self, attachment: Attachment) -> Path:
        suffix = Path(attachment.file_name).suffix
        suffix = suffix.lower() if _SAFE_SUFFIX.match(suffix) else ""
        return self.root / attachment.sha256[:2] / f"{attachment.sha256}{suffix}"

    def check(self, sources: Iterable[Path]) -> list[Path]:
        """Refuse, before anything is written, a file that cannot be attached."""
        checked = []
        for source in map(Path, sources):
            problem = name_problem(source) or regular_file_problem(source)
            if problem:
                raise InvalidInputError(f"Không đính kèm được «{source}»: {problem}.")
            if not source.is_file():
                raise InvalidInputError(f"Không tìm thấy tệp đính kèm «{source}».")
            size = source.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise InvalidInputError(f"Tệp đính kèm «{source.name}» quá lớn ({size // MB} MB; tối đa "
                                        f"{MAX_ATTACHMENT_BYTES // MB} MB). Chưa ghi gì.")
            try:
                with open(source, "rb") as handle:
                    handle.read(1)
            except OSError as error:
                raise InvalidInputError(f"Không đọc được tệp đính kèm «{source}»: {error.strerror or error}.") \
                    from None
            checked.append(source)
        total = sum(p.stat().st_size for p in checked)
        free = free_space(self.root.parent)
        if checked and free is not None and free < total + MB:
            raise disk_full("chưa ghi mục tiến độ và tệp đính kèm", self.root.parent, total + MB)
        return checked

    def store(self, sources: Sequence[Path]) -> list[StoredFile]:
        """Check, then copy every file in (nothing in the database yet)."""
        return [StoredFile(display_name(p.name), self._copy_in(p), p.stat().st_size) for p in self.check(sources)]

    @staticmethod
    def link(session, entry_id: int, stored: Sequence[StoredFile]) -> list[Attachment]:
        """Records for stored files, inside the caller's transaction."""
        out = []
        for item in stored:
            record = AttachmentRecord(entry_id=entry_id, file_name=item.file_name, sha256=item.sha256, size=item.size)
            session.add(record)
            session.flush()
            out.append(Attachment(record.id, entry_id, record.file_name, item.sha256, item.size))
        return out

    def attach(self, entry_id: int, source: Path) -> Attachment:
        """Copy ``source`` into the store and link it to the entry."""
        with self.db.reading() as s:
            if s.get(EntryRecord, entry_id) is None:
                raise NotFoundError(f"Không có mục tiến độ số {entry_id}.")
        stored = self.store([Path(source)])
        with self.db.session() as s:
            if s.get(EntryRecord, entry_id) is None:
                raise NotFoundError(f"Không có mục tiến độ số {entry_id}.")
            return self.link(s, entry_id, stored)[0]

    def _copy_in(self, source: Path) -> str:
        temp_name = None
        size = source.stat().st_size
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(dir=self.root, prefix=temp_prefix(INCOMING_PREFIX))
            digest = hashlib.sha256()
            with os.fdopen(handle, "wb") as out, open(source, "rb") as src:
                for chunk in iter(lambda: src.read(1024 * 1024), b""):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            suffix = source.suffix.lower() if _SAFE_SUFFIX.match(source.suffix) else ""
            target = self.root / sha[:2] / f"{sha}{suffix}"
            target.parent.mkdir(exist_ok=True)
            if target.exists():
                os.unlink(temp_name)
            else:
                honour_umask(Path(temp_name))
                os.replace(temp_name, target)
            return sha
        except OSError as error:
            if temp_name is not None:
                try:
                    os.unlink(temp_name)
                except OSError:
                    pass
            if is_disk_full(error):
                raise disk_full("chưa ghi mục tiến độ và tệp đính kèm", self.root.parent, size + MB) from None
            raise DataFileError(f"Không sao chép được tệp đính kèm: {error.strerror or error}.") from None
