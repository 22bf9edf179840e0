"""The database schema, in one module (SQLAlchemy 2 typed models).

Changes to these classes need a new Alembic migration in
``app/models/migrations/versions``; a test compares the two.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON, BigInteger, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


# Ids: SQLite's INTEGER PRIMARY KEY holds 64 bits (and must stay spelled
# INTEGER to be the rowid); on PostgreSQL the same range is BIGINT, so an id
# the command line accepts (up to 2^63 - 1) is simply "not found", and a
# file with large ids moves onto a server whole (migration 0005).
Id = Integer().with_variant(BigInteger(), "postgresql")


def typed_text(length: int):
    """A short text the officer types: VARCHAR(length) as it always was in
    SQLite (which never enforces the length), TEXT on PostgreSQL (which
    would refuse a longer value); migration 0005."""
    return String(length).with_variant(Text(), "postgresql")


def new_uuid() -> str:
    """A stable id for a plan or a row: it travels in submission packages,
    so the province recognises a plan (and a task) sent again."""
    return str(uuid.uuid4())


class Plan(Base):
    """A plan document (Kế hoạch) and the layout of its appendix."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_uuid, index=True, unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    is_sample: Mapped[bool] = mapped_column(default=False)
    number: Mapped[str] = mapped_column(typed_text(32), default="")
    symbol: Mapped[str] = mapped_column(typed_text(64), default="KH-UBND")
    parent_body: Mapped[str] = mapped_column(Text, default="")
    issuing_body: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(Text, default="")
    issue_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issue_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issue_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    doc_type: Mapped[str] = mapped_column(Text, default="KẾ HOẠCH")
    title: Mapped[str] = mapped_column(Text, default="")
    legal_bases: Mapped[list] = mapped_column(JSON, default=list)
    sections: Mapped[list] = mapped_column(JSON, default=list)      # [{"heading", "text"}]
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    signer_authority: Mapped[str] = mapped_column(typed_text(16), default="")
    signer_authority_of: Mapped[str] = mapped_column(Text, default="")
    signer_deputy_line: Mapped[str] = mapped_column(Text, default="")
    signer_title: Mapped[str] = mapped_column(Text, default="")
    signer_name: Mapped[str] = mapped_column(Text, default="")
    appendix_heading: Mapped[str] = mapped_column(Text, default="Phụ lục")
    appendix_title: Mapped[str] = mapped_column(Text, default="")
    columns: Mapped[list] = mapped_column(JSON, default=list)       # [{"field", "header", "width", "export"}]
    # Leave out of the printed appendix (PDF and Excel) the columns empty in every row.
    hide_empty_columns: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The day a plan issued mid-year takes effect (NULL: the whole year).
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    rows: Mapped[list["AppendixRow"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", passive_deletes=True
    )


class AppendixRow(Base):
    """A row of the appendix tree: area, task, activity or numbered sub-row."""

    __tablename__ = "appendix_rows"
    __table_args__ = (
        Index("ix_rows_plan_parent_position", "plan_id", "parent_id", "position"),
        # A row copied to next year's plan keeps its uuid (the same task): unique within a plan only.
        Index("ix_rows_plan_uuid", "plan_id", "uuid", unique=True),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_uuid)
    plan_id: Mapped[int] = mapped_column(Id, ForeignKey("plans.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("appendix_rows.id", ondelete="CASCADE"), nullable=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    number_override: Mapped[str | None] = mapped_column(String(32), nullable=True)
    objective: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text, default="")
    activity: Mapped[str] = mapped_column(Text, default="")
    form: Mapped[str] = mapped_column(Text, default="")
    output: Mapped[str] = mapped_column(Text, default="")
    lead: Mapped[str] = mapped_column(Text, default="")
    support: Mapped[str] = mapped_column(Text, default="")
    timeframe: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    due_override: Mapped[list | None] = mapped_column(JSON, nullable=True)  # ISO dates

    plan: Mapped[Plan] = relationship(back_populates="rows")


class Unit(Base):
    """A unit of the directory (lead/support completion and filtering)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)


class ProgressEntry(Base):
    """A dated line of the progress log of a task."""

    __tablename__ = "progress_entries"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    row_id: Mapped[int] = mapped_column(Id, ForeignKey("appendix_rows.id", ondelete="CASCADE"), index=True)
    entry_date: Mapped[date] = mapped_column("date", Date)
    status: Mapped[str] = mapped_column(String(32))
    percent: Mapped[int | None] = mapped_column(Integer, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # The due date (occurrence) the entry answers; NULL: the earliest open one.
    occurrence: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", passive_deletes=True, order_by="Attachment.id"
    )


class Attachment(Base):
    """A file attached to a progress entry, stored by content hash."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    entry_id: Mapped[int] = mapped_column(Id, ForeignKey("progress_entries.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    entry: Mapped[ProgressEntry] = relationship(back_populates="attachments")


class Report(Base):
    """A periodic report: its period, number, date and the texts the officer wrote."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    plan_id: Mapped[int] = mapped_column(Id, ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[date | None] = mapped_column(Date, nullable=True)
    number: Mapped[str] = mapped_column(typed_text(32), default="")
    symbol: Mapped[str] = mapped_column(typed_text(64), default="BC-UBND")
    issue_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issue_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issue_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    addressees: Mapped[list] = mapped_column(JSON, default=list)   # "Kính gửi"
    texts: Mapped[dict] = mapped_column(JSON, default=dict)        # narrative parts by key
    recipients: Mapped[list] = mapped_column(JSON, default=list)   # "Nơi nhận"
    # When it was sent upward (the mail draft made, or typed by the officer).
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class Contact(Base):
    """An address of the address book (Sở Nội vụ, Phòng Nội vụ…)."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(Text, unique=True)


class MailRecord(Base):
    """A mail draft prepared for the upper level: to whom, what, when."""

    __tablename__ = "mail_history"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(Id, ForeignKey("plans.id", ondelete="SET NULL"), nullable=True)
    report_id: Mapped[int | None] = mapped_column(Id, ForeignKey("reports.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(Text, default="")
    files: Mapped[list] = mapped_column(JSON, default=list)
    eml_path: Mapped[str] = mapped_column(Text, default="")


class Criterion(Base):
    """A criterion of the province's CCHC index as a plan's self-assessment
    scores it: computed from the data (``method``) or scored by hand."""

    __tablename__ = "assessment_criteria"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    plan_id: Mapped[int] = mapped_column(Id, ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(typed_text(32))
    content: Mapped[str] = mapped_column(Text, default="")
    max_points: Mapped[float] = mapped_column(Float, default=0.0)
    method: Mapped[str] = mapped_column(String(40), default="")    # "" = scored by hand
    scale: Mapped[str] = mapped_column(Text, default="")           # ">=90:2;>=70:1;0"
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    manual_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    explanation: Mapped[str] = mapped_column(Text, default="")
    evidence_note: Mapped[str] = mapped_column(Text, default="")   # documents listed by hand


class CriterionLink(Base):
    """A task (row) or a log entry the officer confirmed as evidence of a
    criterion. Row and entry are referenced without a foreign key on
    purpose: deleting a row or an entry and undoing it brings it back with
    the same id, and its links come back with it; links to what is gone
    are simply not shown."""

    __tablename__ = "criterion_links"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    criterion_id: Mapped[int] = mapped_column(Id, ForeignKey("assessment_criteria.id", ondelete="CASCADE"),
                                              index=True)
    row_id: Mapped[int | None] = mapped_column(Id, nullable=True, index=True)
    entry_id: Mapped[int | None] = mapped_column(Id, nullable=True, index=True)
