"""Where a plan's body ends and what follows it: the signer (quyền hạn TM./
KT./Q./TL./TUQ., chức vụ, họ tên), "Nơi nhận:" with its list, then the
appendix's heading, title and "(Kèm theo …)" line.

Word puts the signer and "Nơi nhận:" side by side in a borderless table, or
one under the other in paragraphs (either first), sometimes on one line
split by TABs; a PDF's text gives them in either order. So the body ends
at the first of "Nơi nhận:", the signer's first line or the appendix
heading, and the lines after it are sorted by what they look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from app.core.model import Signer
from app.core.presets import SIGNER_AUTHORITIES
from app.core.text import fold

_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*\S")
_POST = re.compile(
    r"^(PHÓ\s+)?(CHỦ TỊCH|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|TRƯỞNG\s.*|CHÁNH\s.*|BÍ THƯ|THỦ TRƯỞNG|CHỦ NHIỆM|"
    r"HIỆU TRƯỞNG|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|VIỆN TRƯỞNG)$")
_RECIPIENTS = re.compile(r"^nơi\s+nhận\s*:?\s*$", re.I)
_APPENDIX_HEADING = re.compile(r"^(phụ\s+lục|danh\s+mục)(\s+(số\s+)?[0-9IVXLC]+)?\s*\.?\s*$", re.I)
_APPENDIX_HEADING_WITH_TITLE = re.compile(r"^((?:phụ\s+lục|danh\s+mục)(?:\s+(?:số\s+)?[0-9IVXLC]+)?)\s*[:.–-]\s*(\S.*)$",
                                          re.I)
_CAPTION = re.compile(r"^\((ban hành\s+)?kèm theo\b", re.I)
_PLACEHOLDER = re.compile(r"^[(\[].*[)\]]$|^đã ký$", re.I)
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][a-zà-ỹđ]*\.?$")


def is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def is_signer_start(line: str) -> bool:
    """"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC"…"""
    line = line.strip("* ")
    return is_upper(line) and (bool(_AUTHORITY.match(line)) or bool(_POST.match(line)))


def looks_like_name(line: str) -> bool:
    """"Phạm Văn Kính": two to six capitalised words, nothing else."""
    words = line.strip("* ").split()
    return 2 <= len(words) <= 6 and not is_upper(line) and all(_NAME_WORD.match(w) for w in words)


def is_appendix_heading(line: str) -> bool:
    return bool(_APPENDIX_HEADING.match(line) or _APPENDIX_HEADING_WITH_TITLE.match(line)
                and is_upper(_APPENDIX_HEADING_WITH_TITLE.match(line).group(2)))


def body_end(lines: Sequence[str], start: int) -> int:
    """Index of the first line after the body: "Nơi nhận:", the signer's first
    line (followed by a name within a few lines) or the appendix heading."""
    for i in range(start, len(lines)):
        pieces = _pieces([lines[i]]) or [""]
        if _RECIPIENTS.match(pieces[0]) or is_appendix_heading(lines[i]):
            return i
        following = _pieces(lines[i + 1:i + 9])
        if any(is_signer_start(p) for p in pieces) and any(looks_like_name(p) for p in following):
            return i
    return len(lines)


@dataclass(frozen=True)
class Ending:
    recipients: tuple[str, ...] = ()
    signer: Signer | None = None
    appendix_heading: str = ""
    appendix_title: str = ""
    appendix_caption: str = ""


def read_ending(lines: Sequence[str], start: int) -> Ending:
    """Nơi nhận, the signer and the appendix's title lines, from ``start``."""
    heading_at = next((i for i in range(len(lines) - 1, start - 1, -1) if is_appendix_heading(lines[i])), None)
    block = lines[start:heading_at] if heading_at is not None else lines[start:]
    recipients, signer_lines = _recipients_and_signer(block)
    ending = Ending(tuple(recipients), signer(signer_lines))
    if heading_at is None:
        return ending
    heading, title, caption = appendix_titles(lines[heading_at:])
    return Ending(ending.recipients, ending.signer, heading, title, caption)


def _pieces(block: Sequence[str]) -> list[str]:
    """Lines of the ending; a line Word laid out with TABs ("Nơi nhận:\\t\\tKT.
    CHỦ TỊCH") gives its left and right parts as two lines."""
    out: list[str] = []
    for line in block:
        out += [part.strip() for part in re.split(r"\t+| {4,}", line) if part.strip()]
    return out


def _recipients_and_signer(block: Sequence[str]) -> tuple[list[str], list[str]]:
    recipients: list[str] = []
    signer_lines: list[str] = []
    last_was_recipient = False
    for line in _pieces(block):
        line = line.strip("* ").strip()
        if not line or _RECIPIENTS.match(line) or fold(line).startswith("gui ban"):
            last_was_recipient = False
            continue
        if line.startswith(("-", "–", "+", "•")):
            recipients.append(line.lstrip("-–+• ").strip())
            last_was_recipient = True
        elif last_was_recipient and not is_upper(line) and not looks_like_name(line):
            recipients[-1] = f"{recipients[-1]} {line}"  # a recipient wrapped onto a second line
        else:
            signer_lines.append(line)
            last_was_recipient = False
    return recipients, signer_lines


def signer(lines: Sequence[str]) -> Signer | None:
    """"TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name"."""
    lines = [line for line in lines if line and not _PLACEHOLDER.match(line.strip())][:8]
    if not lines:
        return None
    upper = [line for line in lines if is_upper(line)]
    name = next((line for line in reversed(lines) if looks_like_name(line)), "")
    if not name:
        name = next((line for line in reversed(lines) if not is_upper(line)), "")
    authority, authority_of, deputy, title = "", "", "", ""
    rest = list(upper)
    if rest:
        first = rest[0]
        prefix = next((p for p in SIGNER_AUTHORITIES if p and first.startswith(p)), "")
        if prefix:
            authority, authority_of = prefix, first[len(prefix):].strip()
            rest = rest[1:]
    if len(rest) >= 2:
        deputy, title = rest[0], " ".join(rest[1:])
    elif rest:
        title = rest[0]
    return Signer(authority, authority_of, deputy, title, name)


def appendix_titles(lines: Sequence[str]) -> tuple[str, str, str]:
    """(heading, title, caption) from the appendix heading down to its table:
    "PHỤ LỤC" / the title, perhaps over two lines / "(Kèm theo …)"."""
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        return "", "", ""
    match = _APPENDIX_HEADING_WITH_TITLE.match(lines[0])
    if _APPENDIX_HEADING.match(lines[0]):
        heading, rest = lines[0], lines[1:]
    elif match:
        heading, rest = match.group(1), [match.group(2)] + lines[1:]
    else:
        heading, rest = "", lines  # a title with no "Phụ lục" above it
    title: list[str] = []
    caption: list[str] = []
    for line in rest:
        if caption and not caption[-1].endswith(")"):
            caption.append(line)       # the caption goes on over another line
        elif _CAPTION.match(line) and not caption:
            caption.append(line)
        elif not caption and len(title) < 4:
            title.append(line)
        else:
            break
    return heading, " ".join(title), " ".join(caption)
