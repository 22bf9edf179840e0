"""The progress log: entries per task, and files attached to them.

An entry and its files are one user action: the files are checked and
copied in first, then the entry and its attachment records are written in
one transaction (a refused file leaves no entry; a retry makes no duplicate)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from app.core.errors import InvalidInputError, NotFoundError
from app.core.model import ProgressEntry, RowKind
from app.core.status import LOG_STATUS_LABELS, LogStatus
from app.core.text import clean_text
from app.models.database import Database
from app.models.schema import AppendixRow, Attachment
from app.models.schema import ProgressEntry as EntryRecord
from app.services.attachments import AttachmentStore
from app.services.convert import entry_to_data

ENTRY_FIELDS = ("date", "status", "percent", "result", "evidence", "reason", "occurrence")
# Rows that carry a log: tasks, and their sub-rows and activities (issue 17).
LOGGABLE_KINDS = (RowKind.TASK.value, RowKind.SUBTASK.value, RowKind.ACTIVITY.value)


@dataclass(frozen=True)
class DeletedEntry:
    entry: dict[str, Any]
    attachments: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class EntryEdit:
    """What an edit changed, for its undo."""
    old: dict[str, Any]                       # previous values of the changed fields
    added: tuple[int, ...]                    # attachment ids linked by the edit
    removed: tuple[dict[str, Any], ...]       # attachment records unlinked by the edit


def _check_values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise InvalidInputError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name == "date":
            if not isinstance(value, date):
                raise InvalidInputError("Ngày của mục tiến độ không hợp lệ.")
            clean["entry_date"] = value
        elif name == "occurrence":
            if value is not None and not isinstance(value, date):
                raise InvalidInputError("Lần đến hạn của mục tiến độ không hợp lệ.")
            clean["occurrence"] = value
        elif name == "status":
            try:
                clean["status"] = LogStatus(value).value
            except ValueError:
                allowed = ", ".join(f"{s.value} ({LOG_STATUS_LABELS[s]})" for s in LogStatus)
                raise InvalidInputError(f"Tình trạng không hợp lệ: «{value}» (dùng: {allowed}).") from None
        elif name == "percent":
            if value is not None and not (isinstance(value, int) and 0 <= value <= 100):
                raise InvalidInputError(f"Tỷ lệ hoàn thành phải từ 0 đến 100 (nhận được «{value}»).")
            clean["percent"] = value
        else:
            clean[name] = clean_text("" if value is None else str(value))
    return clean


class ProgressService:
    def __init__(self, db: Database, store: AttachmentStore | None = None):
        self.db = db
        self.store = store

    def list(self, plan_id: int) -> list[ProgressEntry]:
        """Every entry of the plan, oldest first."""
        with self.db.reading() as s:
            records = s.scalars(
                select(EntryRecord)
                .join(AppendixRow, AppendixRow.id == EntryRecord.row_id)
                .where(AppendixRow.plan_id == plan_id)
                .options(selectinload(EntryRecord.attachments))
                .order_by(EntryRecord.entry_date, EntryRecord.id)
            ).all()
            return [entry_to_data(r) for r in records]

    def get(self, entry_id: int) -> ProgressEntry:
        with self.db.reading() as s:
            return entry_to_data(self._load(s, entry_id))

    def add(self, row_id: int, files: Sequence[Path] = (), **values: Any) -> ProgressEntry:
        """Log progress on a task, a sub-row or an activity (``date`` and
        ``status`` are required; ``occurrence`` names the due date it answers),
        with ``files`` attached: all of it or, when anything is refused, nothing."""
        if "date" not in values or "status" not in values:
            raise InvalidInputError("Mục tiến độ cần ngày và tình trạng.")
        clean = _check_values(values)
        with self.db.reading() as s:
            _check_task(s, row_id)
        stored = self._store(files)
        with self.db.session() as s:
            _check_task(s, row_id)
            record = EntryRecord(row_id=row_id, **{"result": "", "evidence": "", "reason": "", **clean})
            s.add(record)
            s.flush()
            AttachmentStore.link(s, record.id, stored)
            s.refresh(record, ["attachments"])
            return entry_to_data(record)

    def update(self, entry_id: int, **values: Any) -> dict[str, Any]:
        """Change an entry; returns the previous values (same keys, for undo)."""
        return self.edit(entry_id, values).old

    def edit(self, entry_id: int, values: dict[str, Any], add_files: Sequence[Path] = (),
             remove_attachments: Sequence[int] = ()) -> EntryEdit:
        """Change an entry, link new files and unlink others, in one transaction."""
        clean = _check_values(values)
        with self.db.reading() as s:
            self._load(s, entry_id)
        stored = self._store(add_files)
        with self.db.session() as s:
            record = self._load(s, entry_id)
            before = entry_to_data(record)
            old = {name: getattr(before, name) for name in values}
            for name, value in clean.items():
                setattr(record, name, value)
            added = tuple(a.id for a in AttachmentStore.link(s, entry_id, stored))
            removed = []
            for attachment_id in remove_attachments:
                attachment = s.get(Attachment, attachment_id)
                if attachment is not None and attachment.entry_id == entry_id:
                    removed.append(dict(s.execute(select(Attachment.__table__).where(
                        Attachment.id == attachment_id)).mappings().one()))
                    s.delete(attachment)
            return EntryEdit(old, added, tuple(removed))

    def _store(self, files: Sequence[Path]) -> list:
        if not files:
            return []
        if self.store is None:
            raise InvalidInputError("Chưa có nơi lưu tệp đính kèm.")
        return self.store.store([Path(f) for f in files])

    def delete(self, entry_id: int) -> DeletedEntry:
        with self.db.session() as s:
            record = self._load(s, entry_id)
            entry = dict(s.execute(select(EntryRecord.__table__).where(EntryRecord.id == entry_id)).mappings().one())
            attachments = tuple(dict(m) for m in s.execute(
                select(Attachment.__table__).where(Attachment.entry_id == entry_id)
            ).mappings())
            s.delete(record)
            return DeletedEntry(entry, attachments)

    def restore(self, deleted: DeletedEntry) -> None:
        with self.db.session() as s:
            s.execute(insert(EntryRecord.__table__).values(deleted.entry))
            if deleted.attachments:
                s.execute(insert(Attachment.__table__), list(deleted.attachments))

    def revert_edit(self, entry_id: int, edit: EntryEdit) -> None:
        """Undo an edit in one transaction: the old values, the files it
        linked unlinked, the ones it unlinked linked again."""
        clean = _check_values(edit.old)
        with self.db.session() as s:
            record = self._load(s, entry_id)
            for name, value in clean.items():
                setattr(record, name, value)
            for attachment_id in edit.added:
                attachment = s.get(Attachment, attachment_id)
                if attachment is not None and attachment.entry_id == entry_id:
                    s.delete(attachment)
            s.flush()
            if edit.removed:
                s.execute(insert(Attachment.__table__), list(edit.removed))

    @staticmethod
    def _load(session, entry_id: int) -> EntryRecord:
        record = session.get(EntryRecord, entry_id)
        if record is None:
            raise NotFoundError(f"Không có mục tiến độ số {entry_id}.")
        return record


def _check_task(session, row_id: int) -> None:
    """The row exists and carries a log (a task, a sub-row or an activity)."""
    row = session.get(AppendixRow, row_id)
    if row is None:
        raise NotFoundError(f"Không có dòng số {row_id} trong phụ lục.")
    if row.kind not in LOGGABLE_KINDS:
        raise InvalidInputError("Không ghi tiến độ cho lĩnh vực; hãy chọn một nhiệm vụ, nhiệm vụ con hoặc hoạt động.")
