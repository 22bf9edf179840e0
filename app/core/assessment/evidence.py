"""Evidence of the criteria: which tasks and log entries speak for a
criterion (suggested from the area and the words, confirmed by the
officer), and the documents they hold.

Suggestions look for the words CCHC texts use to name a kind of work
("kiểm tra", "tuyên truyền", "công khai", "báo cáo"…): a task whose text
holds a word of the criterion is suggested, first those in the CCHC area
the criterion's group names. A criterion that names none of these words is
matched on its pairs of syllables (in Vietnamese a word is most often two
syllables; one syllable alone, "công", "tác", says nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from app.core.assessment.criteria import Criterion
from app.core.model import Attachment, ProgressEntry, RowData, RowKind
from app.core.text import fold

# Words naming a kind of CCHC work (folded), longest first where one holds another.
TERMS = (
    "ke hoach cai cach hanh chinh", "ke hoach cchc", "kiem tra", "tuyen truyen", "thong tin", "bao cao",
    "cong khai", "niem yet", "chi dao", "dieu hanh", "sang kien", "khao sat", "hai long", "mot cua",
    "dich vu cong", "truc tuyen", "so hoa", "thu tuc hanh chinh", "tthc", "van ban", "quy pham", "ra soat",
    "phap luat", "doi thoai", "phan anh", "kien nghi", "dao tao", "boi duong", "ky luat", "ky cuong",
    "van hoa cong vu", "danh gia", "tuyen dung", "vi tri viec lam", "bien che", "to chuc bo may", "sap xep",
    "tai chinh", "ngan sach", "tai san", "tu chu", "tiet kiem", "chu ky so", "chuyen doi so", "chinh quyen so",
    "chinh quyen dien tu", "de an 06", "thi dua", "khen thuong", "hop giao ban", "hoi nghi", "ung dung",
)
# The seven CCHC areas, by the words that tell them apart.
AREA_KEYS = (
    ("chi dao", "dieu hanh"), ("the che",), ("thu tuc",), ("bo may",), ("cong vu",), ("tai chinh",),
    ("dien tu", "chinh quyen so", "chuyen doi so"),
)
# Pairs of syllables too common in CCHC texts to tell one criterion from another.
_COMMON_PAIRS = {
    "cai cach", "hanh chinh", "cach hanh", "cong tac", "thuc hien", "ke hoach", "nhiem vu", "tac cai",
    "muc do", "dung thoi", "thoi han", "dung han", "day du", "trien khai", "to chuc", "theo quy", "quy dinh",
    "co quan", "don vi", "ban hanh", "nha nuoc", "chinh quyen", "cac co", "cua cac", "tren dia", "dia ban",
    "ty le", "tinh den", "thoi diem", "so lieu", "hoan thanh", "ket qua", "cac van", "van de",
    "uy ban", "ban nhan", "nhan dan", "cap xa", "phuong xa",
}
_SEGMENTS = re.compile(r"[,;:.()\n/–-]+")
_WORD = re.compile(r"[a-z0-9]+")
# A document number as Vietnamese documents write it: 15/KH-UBND, 1187/QĐ-BNV, 72/2025/QH15.
DOCUMENT_NUMBER = re.compile(r"(?<![\w/])(\d{1,5}[a-zA-Z]?(?:/\d{4})?/[A-ZĐ][A-ZĐ0-9&]*(?:-[A-ZĐ0-9&]+)*)")


def document_number(text: str) -> str:
    """The first document number in a text ("Kế hoạch số 15/KH-UBND ngày …" → "15/KH-UBND")."""
    match = DOCUMENT_NUMBER.search(text or "")
    return match.group(1) if match else ""


def _folded(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def terms_in(text: str) -> set[str]:
    """The TERMS a text holds, as whole syllables."""
    folded = f" {_folded(text)} "
    return {t for t in TERMS if f" {t} " in folded}


def word_pairs(text: str) -> set[str]:
    """Pairs of neighbouring syllables within a phrase (never across a comma)."""
    out: set[str] = set()
    for segment in _SEGMENTS.split(fold(text)):
        words = _WORD.findall(segment)
        out |= {f"{a} {b}" for a, b in zip(words, words[1:])}
    return out - _COMMON_PAIRS


def area_key(title: str) -> int | None:
    """Which of the seven CCHC areas a title names (None: none of them)."""
    folded = _folded(title)
    for index, keys in enumerate(AREA_KEYS):
        if any(key in folded for key in keys):
            return index
    return None


def _words(criterion_text: str) -> tuple[set[str], bool]:
    """What to look for in tasks: the criterion's TERMS, or else its pairs."""
    terms = terms_in(criterion_text)
    return (terms, True) if terms else (word_pairs(criterion_text), False)


def _shared(wanted: set[str], by_terms: bool, text: str) -> set[str]:
    return wanted & (terms_in(text) if by_terms else word_pairs(text))


def _pretty(pair: str, source: str) -> str:
    """A matched word as written in ``source`` (with its diacritics)."""
    words = re.findall(r"\w+", source)
    folded = [fold(w) for w in words]
    size = len(pair.split())
    for at in range(len(words) - size + 1):
        if " ".join(folded[at:at + size]) == pair:
            return " ".join(words[at:at + size]).lower()
    return pair


@dataclass(frozen=True)
class Suggestion:
    """A task or an entry that may be evidence of a criterion, and why."""

    row_id: int | None
    entry_id: int | None
    score: int
    reason: str


def _row_text(row: RowData) -> str:
    return " ".join((row.objective, row.task, row.activity, row.output))


def suggest(criterion: Criterion, group_title: str, rows: Sequence[RowData], entries: Sequence[ProgressEntry],
            linked_rows: Iterable[int] = (), linked_entries: Iterable[int] = (), limit: int = 12) -> list[Suggestion]:
    """Tasks (and entries of other tasks) that share words with the
    criterion, first those in the CCHC area its group names; best first."""
    wanted, by_terms = _words(criterion.content)
    area = area_key(group_title) if group_title else area_key(criterion.content)
    linked_rows, linked_entries = set(linked_rows), set(linked_entries)
    by_id = {r.id: r for r in rows}
    task_texts: dict[int, list[str]] = {}
    for row in rows:  # a task's text: its own and its activities' and sub-rows'
        task = _task_id(by_id, row.id)
        if task is not None:
            task_texts.setdefault(task, []).append(_row_text(row))
    out: list[Suggestion] = []
    suggested_tasks: set[int] = set()
    for row in rows:
        if row.kind is not RowKind.TASK or row.id in linked_rows:
            continue
        text = " ".join(task_texts.get(row.id, ()))
        shared = _shared(wanted, by_terms, text)
        area_title = _area_title(by_id, row)
        in_area = area is not None and area_key(area_title) == area
        if not shared and not (in_area and not wanted):
            continue
        reasons = []
        if shared:
            reasons.append("có từ: " + ", ".join(sorted(_pretty(p, text) for p in shared)))
        if in_area:
            reasons.append("thuộc lĩnh vực " + (area_title[:1] + area_title[1:].lower()))
        out.append(Suggestion(row.id, None, 2 * len(shared) + (1 if in_area else 0), "; ".join(reasons)))
        suggested_tasks.add(row.id)
    for entry in entries:
        if entry.id in linked_entries:
            continue
        task = _task_id(by_id, entry.row_id)
        if task in suggested_tasks or task in linked_rows:
            continue  # the task is suggested (or linked) already: its entries come with it
        text = f"{entry.result} {entry.evidence}"
        shared = _shared(wanted, by_terms, text)
        if shared:
            reason = "mục tiến độ có từ: " + ", ".join(sorted(_pretty(p, text) for p in shared))
            out.append(Suggestion(None, entry.id, 2 * len(shared), reason))
    out.sort(key=lambda s: -s.score)
    return out[:limit]


def _task_id(by_id: dict[int, RowData], row_id: int) -> int | None:
    current = by_id.get(row_id)
    while current is not None and current.kind is not RowKind.TASK:
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return current.id if current else None


def _area_title(by_id: dict[int, RowData], row: RowData) -> str:
    current: RowData | None = row
    while current is not None:
        if current.kind is RowKind.AREA:
            return current.task
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return ""


# -- what a criterion's evidence is -------------------------------------------------


@dataclass(frozen=True)
class EvidenceItem:
    """A document that speaks for a criterion."""

    label: str                  # how the table lists it: "Kế hoạch số 15/KH-UBND ngày 10/03/2023"
    number: str = ""            # its document number, for file names
    when: date | None = None
    source: str = ""            # "nhiệm vụ 3" / "kế hoạch" / "báo cáo quý I"
    attachments: tuple[Attachment, ...] = ()
    entry_id: int | None = None
    makes: str = ""             # a document the program prints itself: "plan", "report:<id>"


def entry_evidence(entries: Sequence[ProgressEntry], row_numbers: dict[int, str], by_id: dict[int, RowData],
                   linked_rows: Iterable[int], linked_entries: Iterable[int]) -> list[EvidenceItem]:
    """The documents of the linked tasks' entries and of the linked entries:
    entries that name a document or carry a file, each once, by date."""
    rows = set(linked_rows)
    picked = set(linked_entries)
    out: list[EvidenceItem] = []
    for entry in sorted(entries, key=lambda e: (e.date, e.id)):
        task = _task_id(by_id, entry.row_id)
        if entry.id not in picked and task not in rows:
            continue
        text = " ".join(entry.evidence.split())
        if not text and not entry.attachments:
            continue
        number = document_number(text)
        label = text or (" ".join(entry.result.split())[:120] or "Tệp đính kèm")
        source = f"nhiệm vụ {row_numbers.get(task, '')}".strip() if task is not None else ""
        out.append(EvidenceItem(label, number, entry.date, source, tuple(entry.attachments), entry.id))
    return out


def evidence_line(item: EvidenceItem) -> str:
    """A line of "Tài liệu kiểm chứng": the document, then where it comes
    from (the task, the day it was logged, its files)."""
    from app.core.dates import short_date

    notes = []
    if item.source.startswith("nhiệm vụ"):
        notes.append(item.source)
        if item.when:
            notes.append(f"ghi ngày {short_date(item.when)}")
    if item.attachments:
        notes.append("tệp: " + ", ".join(a.file_name for a in item.attachments))
    return item.label + (f" ({'; '.join(notes)})" if notes else "")
