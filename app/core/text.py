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


# Characters no document can hold: C0 controls but tab and newline, DEL, the
# C1 controls, lone surrogates (bytes of a wrongly decoded name) and the two
# non-characters. Excel refuses them (openpyxl's IllegalCharacterError), XML
# cannot carry them, a mail header would be broken by them.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str | None) -> str:
    """Text as it may be stored: NFC, line breaks as ``\\n``, no control
    characters (see ``_UNWANTED``), a lone surrogate shown as "�".

    THE one cleaning of text entering the program (typed, pasted, imported,
    given on the command line); writers call it again on old data."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", _UNWANTED.sub("", text))


def needs_cleaning(text: str) -> bool:
    """Does ``text`` hold a character ``clean_text`` removes? (a quick test
    for writers that see every cell of a plan)."""
    return bool(_UNWANTED.search(text) or _SURROGATE.search(text))


def terminal_safe(text: str) -> str:
    """Stored text for a terminal: control characters written as ``\\x1b``
    so no stored byte can ring the bell or move the cursor (newline and tab kept)."""
    return _UNWANTED.sub(lambda m: f"\\x{ord(m.group()):02x}", _SURROGATE.sub("\ufffd", text or ""))


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
