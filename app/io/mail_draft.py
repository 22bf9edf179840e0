"""A mail draft as an .eml file (RFC 5322): UTF-8 headers encoded, the body
in UTF-8, attachments in base64, and "X-Unsent: 1" so that Outlook and
Thunderbird open it as a message still to be sent."""

from __future__ import annotations

import mimetypes
import re
from email.headerregistry import Address
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path
from typing import Iterable, Sequence

from app.core.errors import InvalidInputError
from app.core.text import clean_text, nfc

_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def parse_addresses(text: str) -> list[Address]:
    """Every address in ``text``: "Sở Nội vụ <snv@tinh.gov.vn>, pnv@…" → two.

    Read by the standard parser (``getaddresses``: a comma inside a quoted
    name is not a separator), each one checked; a line break is refused
    (it would let a typed name add mail headers, a "Bcc:" among them)."""
    if "\r" in text or "\n" in text:
        raise InvalidInputError(f"Địa chỉ thư không được chứa dấu xuống dòng: «{_shown(text)}».")
    text = nfc(text).strip()
    if not text:
        raise InvalidInputError("Chưa có người nhận.")
    found = []
    for name, email in getaddresses([text]):
        if not email and not name:
            continue
        if not email or not _ADDRESS.match(email):
            raise InvalidInputError(f"Địa chỉ thư không hợp lệ: «{_shown(text)}».")
        user, domain = email.rsplit("@", 1)
        found.append(Address(display_name=clean_text(name), username=user, domain=domain))
    if not found or len(found) != _count_parts(text):
        raise InvalidInputError(f"Địa chỉ thư không hợp lệ: «{_shown(text)}».")
    return found


def _count_parts(text: str) -> int:
    """How many addresses the text holds: its "@" outside quoted names
    (a second check on the parser, which drops what it cannot read)."""
    return len(re.findall(r"@", re.sub(r'"[^"]*"', "", text)))


def _shown(text: str) -> str:
    return clean_text(text).replace("\n", " ").strip()[:200]


def parse_address(text: str) -> Address:
    """One address ("Sở Nội vụ <snv@tinh.gov.vn>" or "snv@tinh.gov.vn"); refused if invalid or several."""
    found = parse_addresses(text)
    if len(found) != 1:
        raise InvalidInputError(f"Hãy nhập từng địa chỉ một (nhận được {len(found)} địa chỉ): «{_shown(text)}».")
    return found[0]


def all_addresses(texts: Iterable[str]) -> list[Address]:
    """Every address of every text (each may list several), none lost, none twice."""
    seen, out = set(), []
    for text in texts:
        if not text.strip():
            continue
        for address in parse_addresses(text):
            if address.addr_spec.lower() not in seen:
                seen.add(address.addr_spec.lower())
                out.append(address)
    return out


def build_message(to: Sequence[str], subject: str, body: str, attachments: Sequence[Path],
                  sender: str = "") -> bytes:
    """The draft's bytes. Addresses are checked first; nothing is written here.

    Built with the classic MIME classes and ``Header``: the newer
    EmailMessage folds long UTF-8 subjects into encoded words and drops the
    space at the fold ("Báo cáokết quả")."""
    from email.header import Header
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.utils import formataddr

    recipients = all_addresses(to)
    if not recipients:
        raise InvalidInputError("Chưa có người nhận.")
    message = MIMEMultipart()
    # One line: a line break typed in the subject must not start a new header.
    message["Subject"] = Header(" ".join(clean_text(subject).split()), "utf-8")
    message["To"] = ", ".join(formataddr((nfc(r.display_name), r.addr_spec), charset="utf-8") for r in recipients)
    if sender.strip():
        author = parse_address(sender)
        message["From"] = formataddr((nfc(author.display_name), author.addr_spec), charset="utf-8")
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="so-ke-hoach-cchc.local")
    message["X-Unsent"] = "1"
    message.attach(MIMEText(clean_text(body), "plain", "utf-8"))
    for path in attachments:
        kind, _ = mimetypes.guess_type(path.name)
        part = MIMEApplication(Path(path).read_bytes(), _subtype=(kind or "application/octet-stream").split("/", 1)[1])
        if kind:
            part.replace_header("Content-Type", kind)
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", nfc(path.name)))
        message.attach(part)
    return message.as_bytes()
