"""Writing the evidence folder as a .zip (atomic: a failure leaves no half file)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Sequence

from app.io.safe_write import atomic_output


def write_zip(members: Sequence[tuple[str, Path | bytes]], target: Path | str) -> Path:
    """``members``: (name inside the zip, a file to copy or the bytes to store).
    Names are stored as given ("1.1/15-KH-UBND.pdf"); scans and PDFs are
    already compressed, so files are stored as they are."""
    target = Path(target)
    with atomic_output(target) as temp:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, source in members:
                if isinstance(source, bytes):
                    archive.writestr(name, source)
                else:
                    archive.write(source, name)
    return target
