"""The evidence folder of the self-assessment as one .zip, ready to upload
to the province's scoring software or to send by mail.

One folder per criterion code ("1.1/", "1.2/"…); in it the documents that
speak for the criterion, each named by its document number ("15-KH-UBND.pdf"):
the files attached to the linked log entries (each file once per criterion,
however many entries carry it), and the plan and reports the program prints
itself for the criteria computed from them. A file the data folder no
longer holds is listed in "THIEU-TEP.txt" of its folder instead.
"Danh-muc.txt" at the top lists, criterion by criterion, every document of
the table's "Tài liệu kiểm chứng" column and the file that carries it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable

from app.core.assessment.evidence import EvidenceItem, evidence_line
from app.core.text import nfc
from app.core.file_names import file_name_part


def _folder(code: str) -> str:
    """The criterion's code as a folder name ("1.1", "II.3"): dots kept."""
    parts = [file_name_part(part) for part in code.split(".")]
    return ".".join(p for p in parts if p) or "tieu-chi"


def _name(number: str, fallback: str) -> str:
    return file_name_part(number.replace("/", "-")) if number else (file_name_part(fallback) or "tai-lieu")


class _Folder:
    """The names already used in one criterion's folder."""

    def __init__(self, code: str):
        self.prefix = _folder(code)
        self.names: set[str] = set()
        self.hashes: set[str] = set()
        self.missing: list[str] = []

    def place(self, stem: str, suffix: str) -> str:
        name = f"{stem}{suffix}"
        count = 2
        while name.lower() in self.names:
            name = f"{stem}-{count}{suffix}"
            count += 1
        self.names.add(name.lower())
        return f"{self.prefix}/{name}"


def write_evidence_package(service, data, target: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    from app.io.evidence_zip import write_zip

    work = Path(tempfile.mkdtemp(prefix="cchc-minh-chung-"))
    try:
        printed: dict[str, Path] = {}
        members: list[tuple[str, Path | bytes]] = []
        index: list[str] = [f"HỒ SƠ MINH CHỨNG TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {data.plan.year}", ""]
        leaves = [r for r in data.result.results if not r.is_group]
        for done, result in enumerate(leaves, start=1):
            folder = _Folder(result.criterion.code)
            index.append(f"{result.criterion.code}. {result.criterion.content}")
            for item in data.evidence.get(result.criterion.id, ()):
                placed: list[str] = []
                if item.makes:
                    source = printed.get(item.makes) or _print(item, service, data, work, printed)
                    if source is not None:
                        members.append((folder.place(_name(item.number, _draft_name(item)), ".pdf"), source))
                        placed.append(members[-1][0])
                for attachment in item.attachments:
                    if attachment.sha256 in folder.hashes:
                        continue  # the same file on another entry: once per criterion
                    folder.hashes.add(attachment.sha256)
                    source = service.attachments.path_of(attachment)
                    if not source.is_file():
                        folder.missing.append(f"{attachment.file_name} ({item.label})")
                        continue
                    suffix = Path(attachment.file_name).suffix.lower()[:9]
                    members.append((folder.place(_name(item.number, Path(attachment.file_name).stem), suffix), source))
                    placed.append(members[-1][0])
                index.append(f"  - {evidence_line(item)}" + (f" → {', '.join(placed)}" if placed else ""))
            if not data.evidence.get(result.criterion.id):
                index.append("  (chưa có tài liệu)")
            index.append("")
            if folder.missing:
                note = ("Các tệp đính kèm sau không còn trong thư mục dữ liệu:\n"
                        + "\n".join(f"- {m}" for m in folder.missing) + "\n")
                members.append((f"{folder.prefix}/THIEU-TEP.txt", nfc(note).encode("utf-8")))
            if progress:
                progress(done, len(leaves) + 1)
        members.insert(0, ("Danh-muc.txt", nfc("\n".join(index)).encode("utf-8-sig")))
        return write_zip(members, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _draft_name(item: EvidenceItem) -> str:
    return "Ke-hoach-du-thao" if item.makes == "plan" else f"{item.source}-du-thao"


def _print(item: EvidenceItem, service, data, work: Path, printed: dict[str, Path]) -> Path | None:
    """The plan or a report as a PDF, printed once for every folder that needs it."""
    path = work / f"{len(printed)}.pdf"
    if item.makes == "plan":
        service.exports.export_plan_pdf(data.plan.id, path)
    else:
        service.reports.export_pdf(int(item.makes.split(":")[1]), path)
    printed[item.makes] = path
    return path
