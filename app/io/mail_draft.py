"""A mail draft as an .eml file (RFC 5322): UTF-8 headers encoded, the body
in UTF-8, attachments in base64, and "X-Unsent: 1" so that Outlook and
Thunderbird open it as a message still to be sent."""

from __future__ import annotations

import mimetypes
import re
from email.headerregistry import Address
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Sequence

from app.core.errors import InvalidInputError
from app.core.text import nfc

_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def parse_address(text: str) -> Address:
    """"Sở Nội vụ <snv@tinh.gov.vn>" or "snv@tinh.gov.vn" → an Address; refused if invalid."""
    name, email = parseaddr(nfc(text).strip())
    if not email or not _ADDRESS.match(email):
        raise InvalidInputError(f"Địa chỉ thư không hợp lệ: «{text.strip()}».")
    user, domain = email.rsplit("@", 1)
    return Address(display_name=name, username=user, domain=domain)


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

    recipients = [parse_address(a) for a in to]
    if not recipients:
        raise InvalidInputError("Chưa có người nhận.")
    message = MIMEMultipart()
    message["Subject"] = Header(nfc(subject), "utf-8")
    message["To"] = ", ".join(formataddr((nfc(r.display_name), r.addr_spec), charset="utf-8") for r in recipients)
    if sender.strip():
        author = parse_address(sender)
        message["From"] = formataddr((nfc(author.display_name), author.addr_spec), charset="utf-8")
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="so-ke-hoach-cchc.local")
    message["X-Unsent"] = "1"
    message.attach(MIMEText(nfc(body), "plain", "utf-8"))
    for path in attachments:
        kind, _ = mimetypes.guess_type(path.name)
        part = MIMEApplication(Path(path).read_bytes(), _subtype=(kind or "application/octet-stream").split("/", 1)[1])
        if kind:
            part.replace_header("Content-Type", kind)
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", nfc(path.name)))
        message.attach(part)
    return message.as_bytes()
