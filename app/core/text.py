"""Text helpers shared by the core, importers and exporters."""

from __future__ import annotations

import re
import unicodedata

_FOLD_SPECIAL = {"đ": "d", "Đ": "d"}


def nfc(text: str | None) -> str:
    """Unicode NFC; ``None`` becomes the empty string."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def fold_char(char: str) -> str:
    """One character without its diacritics, lower-cased (``Ệ`` → ``e``, ``đ`` → ``d``)."""
    special = _FOLD_SPECIAL.get(char)
    if special:
        return special
    base = unicodedata.normalize("NFD", char)[0]
    return base.lower() if len(base.lower()) == 1 else base


def fold(text: str | None) -> str:
    """Lower-case text without diacritics, one output character per input character.

    Keeping the length lets a match found in the folded text be mapped back to
    the original (the deadline reader relies on it). "cai cach" matches
    "Cải cách" after folding both sides.
    """
    return "".join(fold_char(c) for c in nfc(text))


def squash_spaces(text: str) -> str:
    """Collapse runs of spaces and tabs inside each line; trim the lines."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(lines).strip()


def ascii_slug(text: str | None, limit: int = 80) -> str:
    """"Kế hoạch CCHC 2023" → "Ke-hoach-CCHC-2023": a file name part safe on
    every system (letters without their diacritics, other runs as "-")."""
    plain = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")[:limit].strip("-")
