"""Preparing the mail upward: files made fresh, an .eml draft in the outbox,
the address book, and the history of what was prepared for whom."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Sequence

from sqlalchemy import select

from app.core.errors import FileWriteError, InvalidInputError
from app.core.file_names import document_file_name, file_name_part
from app.core.names import body_name
from app.core.periods import Period, period_title
from app.core.text import clean_text, nfc
from app.disk import honour_umask
from app.io.mail_draft import all_addresses, build_message, parse_address
from app.io.safe_write import atomic_output, temp_prefix
from app.models.database import Database
from app.models.schema import Contact, MailRecord, Report

ATTACHMENT_KINDS = ("xlsx", "plan-pdf", "report-pdf", "package")
ATTACHMENT_LABELS = {"xlsx": "Phụ lục (Excel)", "plan-pdf": "Kế hoạch (PDF)", "report-pdf": "Báo cáo (PDF)",
                     "package": "Gói nộp báo cáo (.cchc) để tỉnh tổng hợp"}


@dataclass(frozen=True)
class ContactData:
    id: int
    name: str
    email: str

    @property
    def display(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class MailDraft:
    eml_path: Path
    folder: Path
    files: tuple[Path, ...]
    subject: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class MailHistoryItem:
    id: int
    created_at: datetime
    recipients: tuple[str, ...]
    subject: str
    files: tuple[str, ...]
    eml_path: str


class ContactService:
    def __init__(self, db: Database):
        self.db = db

    def list(self) -> list[ContactData]:
        with self.db.reading() as s:
            contacts = [ContactData(c.id, c.name, c.email) for c in s.scalars(select(Contact))]
        # Sorted here, by code point (SQLite's BINARY order), not by the
        # server's collation, which differs from one PostgreSQL to another.
        return sorted(contacts, key=lambda c: (c.name, c.email))

    def add(self, text: str) -> ContactData:
        """Add (or rename) an address: "Sở Nội vụ <snv@…>" or a bare address."""
        address = parse_address(text)
        with self.db.session() as s:
            contact = s.scalar(select(Contact).where(Contact.email == address.addr_spec.lower()))
            if contact is None:
                contact = Contact(name=clean_text(address.display_name), email=address.addr_spec.lower())
                s.add(contact)
            elif address.display_name:
                contact.name = clean_text(address.display_name)
            s.flush()
            return ContactData(contact.id, contact.name, contact.email)

    def remove(self, contact_id: int) -> None:
        with self.db.session() as s:
            contact = s.get(Contact, contact_id)
            if contact is not None:
                s.delete(contact)


class MailService:
    def __init__(self, db: Database, plans, reports, exports, contacts: ContactService, settings, outbox: Path,
                 guard=None, submissions=None):
        self.db, self.plans, self.reports, self.exports = db, plans, reports, exports
        self.contacts, self.settings, self.outbox = contacts, settings, outbox
        self.guard = guard  # where the .eml may not go (the data file…)
        self.submissions = submissions  # makes the "package" attachment

    # -- words ------------------------------------------------------------------

    def _profile(self):
        from app.services.unit_profile import UnitProfileService

        return UnitProfileService(self.settings).profile()

    def default_recipients(self) -> list[str]:
        """The unit's Sở Nội vụ, when its address is set (Thiết lập › Đơn vị)."""
        address = self._profile().mail_recipient()
        return [address] if address else []

    def _document_phrase(self, plan, report) -> str:
        if report is not None:
            return f"Báo cáo kết quả thực hiện CCHC {period_title(Period(report.period), report.year)}"
        kind = "tuyên truyền cải cách hành chính" if plan.kind == "tuyen-truyen" else "cải cách hành chính"
        return f"Kế hoạch {kind} năm {plan.year}"

    def subject(self, plan_id: int, report_id: int | None = None) -> str:
        """"UBND phường Sông Cầu gửi Báo cáo kết quả thực hiện CCHC quý I năm 2023"."""
        plan = self.plans.get(plan_id)
        report = self.reports.get(report_id) if report_id else None
        unit = body_name(plan.issuing_body).short or "Ủy ban nhân dân"
        return f"{unit} gửi {self._document_phrase(plan, report)}"

    def body(self, plan_id: int, report_id: int | None, file_names: Sequence[str]) -> str:
        plan = self.plans.get(plan_id)
        report = self.reports.get(report_id) if report_id else None
        named = report.addressees if report else self._profile().report_addressees()
        addressees = [a.strip().rstrip(".;") for a in named if a.strip()]
        unit = body_name(plan.issuing_body).short or "Ủy ban nhân dân"
        lines = [f"Kính gửi: {', '.join(addressees) if addressees else 'Quý cơ quan'}.", "",
                 f"{unit} trân trọng gửi {self._document_phrase(plan, report)}.", "", "Tệp đính kèm:"]
        lines += [f"- {name}" for name in file_names]
        lines += ["", "Trân trọng.", plan.signer.name or unit]
        return "\n".join(lines)

    def file_names(self, plan_id: int, report_id: int | None, keep_vietnamese: bool = False) -> dict[str, str]:
        """Readable names: BC-CCHC-Quy-I-2023-Phuong-Song-Cau.pdf …"""
        plan = self.plans.get(plan_id)
        names = {kind: document_file_name(kind, plan.kind, plan.year, plan.issuing_body,
                                          keep_vietnamese=keep_vietnamese) for kind in ("xlsx", "plan-pdf")}
        if report_id:
            report = self.reports.get(report_id)
            names["report-pdf"] = document_file_name("report-pdf", plan.kind, plan.year, plan.issuing_body,
                                                     report.period, report.year, keep_vietnamese)
        if self.submissions is not None:
            chosen = self.submissions.period_of(plan_id, report_id=report_id)
            names["package"] = self.submissions.file_name(plan_id, chosen.period, chosen.year, keep_vietnamese)
        return names

    # -- preparing --------------------------------------------------------------

    def check(self, to: Sequence[str], include: Sequence[str], report_id: int | None) -> None:
        """Everything that can be refused is refused before anything is written."""
        if not all_addresses(to):
            raise InvalidInputError("Chưa có người nhận.")
        if not include:
            raise InvalidInputError("Chưa chọn tệp nào để gửi.")
        unknown = set(include) - set(ATTACHMENT_KINDS)
        if unknown:
            raise InvalidInputError(f"Tệp không hợp lệ: {', '.join(sorted(unknown))} (dùng: {', '.join(ATTACHMENT_KINDS)}).")
        if "report-pdf" in include and not report_id:
            raise InvalidInputError("Chưa chọn báo cáo để gửi kèm.")
        try:
            self.outbox.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FileWriteError(f"Không tạo được thư mục thư đi «{self.outbox}»: {error.strerror or error}.") from None
        if not os.access(self.outbox, os.W_OK) or not self.outbox.stat().st_mode & 0o222:
            raise FileWriteError(f"Không ghi được vào thư mục thư đi «{self.outbox}» (chỉ cho phép đọc).")

    def prepare(self, plan_id: int, to: Sequence[str], include: Sequence[str] = ("xlsx", "plan-pdf"),
                report_id: int | None = None, subject: str | None = None, body: str | None = None,
                keep_vietnamese: bool = False, target: Path | None = None,
                progress: Callable[[int, int], None] | None = None, replace_read_only: bool = False) -> MailDraft:
        """Make the files fresh, write the .eml (beside them in the outbox, or
        at ``target``), remember the addresses and the history. Every
        address of ``to`` is kept (an item may list several)."""
        include = [k for k in ATTACHMENT_KINDS if k in include]
        self.check(to, include, report_id)
        to = [str(a) for a in all_addresses(to)]
        if target is not None and self.guard is not None:
            target = self.guard.check(target, replace_read_only)
        names = self.file_names(plan_id, report_id, keep_vietnamese)
        subject = subject or self.subject(plan_id, report_id)
        try:
            work = Path(tempfile.mkdtemp(prefix=temp_prefix(".soan-"), dir=self.outbox))
        except OSError as error:
            raise FileWriteError(f"Không ghi được vào thư mục thư đi «{self.outbox}»: {error.strerror or error}.") \
                from None
        honour_umask(work, directory=True)
        try:
            files = []
            for done, kind in enumerate(include, start=1):
                path = work / names[kind]
                if kind == "xlsx":
                    self.exports.export_xlsx(plan_id, path)
                elif kind == "plan-pdf":
                    self.exports.export_plan_pdf(plan_id, path)
                elif kind == "package":
                    self.submissions.build(plan_id, path, report_id=report_id)
                else:
                    self.reports.export_pdf(report_id, path)
                files.append(path)
                if progress:
                    progress(done, len(include) + 1)
            text = body or self.body(plan_id, report_id, [p.name for p in files])
            data = build_message(to, subject, text, files, self.settings.get("sender_email") or "")
            folder = self._move_to_new_folder(work, file_name_part(subject, False)[:40])
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        files = [folder / p.name for p in files]
        eml = Path(target) if target else folder.with_suffix(".eml")
        with atomic_output(eml) as temp:
            temp.write_bytes(data)
        for address in to:
            self.contacts.add(address)
        with self.db.session() as s:
            if report_id:  # the report counts as sent today, unless the officer typed another day
                report = s.get(Report, report_id)
                if report is not None and report.sent_on is None:
                    report.sent_on = datetime.now().date()
            s.add(MailRecord(plan_id=plan_id, report_id=report_id, recipients=list(to), subject=clean_text(subject),
                             files=[str(p) for p in files], eml_path=str(eml)))
        return MailDraft(eml, folder, tuple(files), subject, tuple(to))

    def _move_to_new_folder(self, work: Path, stem: str) -> Path:
        """The draft's own folder, "2025-03-10-091500-…": two drafts within a
        second get "-2", "-3"… rather than one failing on the other's folder."""
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        for attempt in range(1, 1000):
            folder = self.outbox / (f"{stamp}-{stem}" if attempt == 1 else f"{stamp}-{stem}-{attempt}")
            if folder.exists() or folder.with_suffix(".eml").exists():
                continue
            try:
                os.rename(work, folder)  # never over an existing folder
                return folder
            except FileExistsError:
                continue
            except OSError as error:
                if folder.exists():
                    continue
                raise FileWriteError(f"Không tạo được thư mục thư nháp «{folder}»: {error.strerror or error}.") \
                    from None
        raise FileWriteError(f"Quá nhiều thư nháp trong cùng một giây trong «{self.outbox}».")

    def history(self, plan_id: int | None = None) -> list[MailHistoryItem]:
        with self.db.reading() as s:
            query = select(MailRecord).order_by(MailRecord.created_at.desc(), MailRecord.id.desc())
            if plan_id is not None:
                query = query.where(MailRecord.plan_id == plan_id)
            return [MailHistoryItem(r.id, r.created_at, tuple(r.recipients), r.subject, tuple(r.files), r.eml_path)
                    for r in s.scalars(query)]
