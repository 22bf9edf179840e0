""""Đơn vị thực hiện" cells that hold both units, labelled:
"- Cơ quan chủ trì: … - Cơ quan phối hợp: …" (seed 000)."""

from __future__ import annotations

import re

from app.core.text import nfc

LEAD_LABEL = re.compile(r"^[-–•+\s]*(?:cơ quan|đơn vị)\s+chủ\s+trì\s*:\s*", re.I)
SUPPORT_LABEL = re.compile(r"^[-–•+\s]*(?:cơ quan|đơn vị)\s+phối\s+hợp\s*:\s*", re.I)
# A label written on the same line as the previous one ("…Thành phố. - Cơ quan phối hợp: …").
LABEL_START = re.compile(r"\s+(?=[-–•+]\s*(?:cơ quan|đơn vị)\s+(?:chủ\s+trì|phối\s+hợp))", re.I)
_ANY_SUPPORT = re.compile(r"^[-–•+\s]*(?:cơ quan|đơn vị)\s+phối\s+hợp\b", re.I)


def split_units(text: str) -> tuple[str, str]:
    """"- Cơ quan chủ trì: A. - Cơ quan phối hợp: B." → ("A.", "B."). Support
    lines with their own wording ("Cơ quan phối hợp thực hiện nội dung: …")
    keep it. Text without labels is all lead."""
    text = LABEL_START.sub("\n", nfc(text))
    lines = [line for line in text.split("\n") if line.strip()]
    if not any(LEAD_LABEL.match(l) or _ANY_SUPPORT.match(l) for l in lines):
        return text.strip(), ""
    lead: list[str] = []
    support: list[str] = []
    target = lead
    for line in lines:
        if LEAD_LABEL.match(line):
            target = lead
            target.append(LEAD_LABEL.sub("", line).strip())
        elif SUPPORT_LABEL.match(line):
            target = support
            target.append(SUPPORT_LABEL.sub("", line).strip())
        elif _ANY_SUPPORT.match(line):
            target = support
            target.append(re.sub(r"^[-–•+\s]+", "", line).strip())
        else:
            target.append(line.strip())
    return "\n".join(lead), "\n".join(support)
