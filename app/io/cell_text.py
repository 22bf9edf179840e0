"""Turning a table cell as extracted from Word/HTML into plain lines of text.

Seeds and clipboards carry cells like
``<ul style="list-style-type: none"> - Viết tin bài…; - Điểm tin…`` or
``<p>- Cơ quan phối hợp: …</p>`` or ``Đẩy mạnh … (<i>thuế, lệ phí</i>)``:
lists and paragraphs become lines, emphasis is dropped, the words are kept.
"""

from __future__ import annotations

import html
import re

from app.core.text import nfc

_BREAK_TAGS = re.compile(r"<\s*(?:br|/p|p|/li|li|/div|div|/ul|/ol|/tr)\b[^>]*>", re.I)
_LIST_TAG = re.compile(r"<\s*(?:ul|ol|li)\b", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
# Inside a list whose items lost their tags: "…; - Next item" starts a line.
_INLINE_BULLET = re.compile(r"(?<=[;.:])\s+(?=[-–•+]\s)")


def cell_to_text(cell: str | None) -> str:
    """Plain text of a cell: one line per paragraph or list item, NFC."""
    if not cell:
        return ""
    text = nfc(cell).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if "<" in text and ">" in text:
        is_list = bool(_LIST_TAG.search(text))
        text = _BREAK_TAGS.sub("\n", text)
        text = _ANY_TAG.sub("", text)
        text = html.unescape(text)
        if is_list:
            text = _INLINE_BULLET.sub("\n", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def starts_new(text: str) -> bool:
    """Does a cell fragment start like a new item rather than mid-sentence?"""
    stripped = text.lstrip()
    if not stripped:
        return False
    first = stripped[0]
    return first.isupper() or first.isdigit() or first in "-+•*."


def join_fragment(before: str, fragment: str) -> str:
    """Glue a fragment continued after a page break onto the cell above."""
    if not before:
        return fragment
    if not fragment:
        return before
    if fragment.lstrip()[:1] in "-+•" or (before.rstrip()[-1:] in ".;:" and starts_new(fragment)):
        return f"{before}\n{fragment}"
    return f"{before} {fragment}"
