"""Files attached to progress entries, stored inside the data folder by the
SHA-256 of their content. The user's file name is only shown, never used as a
path, so no name (``../``, ``C:\\``, ``CON``) can place a file elsewhere."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy import select

from app.core.errors import DataFileError, InvalidInputError, NotFoundError
from app.core.model import Attachment
from app.core.text import nfc
from app.models.database import Database
from app.models.schema import Attachment as AttachmentRecord
from app.models.schema import ProgressEntry as EntryRecord

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
_SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


def display_name(name: str) -> str:
    """The last part of a path, without control characters, for showing only."""
    base = re.split(r"[\\/]", nfc(name))[-1]
    base = "".join(c for c in base if c.isprintable()).strip() or "tep-dinh-kem"
    return base[:200]


class AttachmentStore:
    def __init__(self, db: Database, root: Path):
        self.db = db
        self.root = root

    def path_of(self, attachment: Attachment) -> Path:
        suffix = Path(attachment.file_name).suffix
        suffix = suffix.lower() if _SAFE_SUFFIX.match(suffix) else ""
        return self.root / attachment.sha256[:2] / f"{attachment.sha256}{suffix}"

    def attach(self, entry_id: int, source: Path) -> Attachment:
        """Copy ``source`` into the store and link it to the entry."""
        source = Path(source)
        if not source.is_file():
            raise InvalidInputError(f"Không tìm thấy tệp «{source}».")
        size = source.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise InvalidInputError("Tệp đính kèm quá lớn (tối đa 200 MB).")
        with self.db.session() as s:
            if s.get(EntryRecord, entry_id) is None:
                raise NotFoundError(f"Không có mục tiến độ số {entry_id}.")
        digest = self._copy_in(source)
        with self.db.session() as s:
            record = AttachmentRecord(entry_id=entry_id, file_name=display_name(source.name), sha256=digest, size=size)
            s.add(record)
            s.flush()
            return Attachment(record.id, entry_id, record.file_name, digest, size)

    def detach(self, attachment_id: int) -> None:
        """Unlink a file from its entry; the stored copy stays (other entries or
        an undo may still need it)."""
        with self.db.session() as s:
            record = s.get(AttachmentRecord, attachment_id)
            if record is not None:
                s.delete(record)

    def list_for(self, entry_id: int) -> list[Attachment]:
        with self.db.session() as s:
            records = s.scalars(select(AttachmentRecord).where(AttachmentRecord.entry_id == entry_id)).all()
            return [Attachment(r.id, r.entry_id, r.file_name, r.sha256, r.size) for r in records]

    def _copy_in(self, source: Path) -> str:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            handle, temp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
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
                os.replace(temp_name, target)
            return sha
        except OSError as error:
            try:
                os.unlink(temp_name)  # type: ignore[possibly-undefined]
            except (OSError, UnboundLocalError):
                pass
            raise DataFileError(f"Không sao chép được tệp đính kèm: {error.strerror or error}.") from None
