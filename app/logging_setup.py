"""The log file: in the data folder, rotated, never in the user's way."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app import paths

LOG_FILE_NAME = "cchc.log"


def log_file_path() -> Path:
    return paths.logs_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> None:
    """Send log records to a rotating file; if the folder cannot be written,
    logging is dropped rather than stopping the program."""
    root = logging.getLogger()
    if any(getattr(h, "_cchc", False) for h in root.handlers):
        return
    try:
        log_file_path().parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file_path(), maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._cchc = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
