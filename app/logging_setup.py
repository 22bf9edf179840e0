"""The log file: in the data folder, rotated, never in the user's way.

Never in the way means also: when the file cannot be written (a full disk,
a folder turned read-only, a USB stick pulled out), the record is dropped in
silence. Python's logging would otherwise print "--- Logging error ---" and
a traceback on the user's terminal for every record. Likewise an error Python
can only report as "Exception ignored in …" (a library's half-written zip
closed by the garbage collector on a full disk) goes to the log, not to the
terminal."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from app import paths

LOG_FILE_NAME = "cchc.log"


def log_file_path() -> Path:
    return paths.logs_dir() / LOG_FILE_NAME


class QuietRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file whose failures stay out of the user's sight."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        # The stream may be broken for good (ENOSPC leaves buffered bytes):
        # drop it; the next record reopens the file and tries again.
        try:
            if self.stream is not None:
                self.stream.close()
        except Exception:
            pass
        self.stream = None  # type: ignore[assignment]


def setup_logging(level: int = logging.INFO) -> None:
    """Send log records to a rotating file; if the folder cannot be written,
    logging is dropped rather than stopping the program."""
    root = logging.getLogger()
    if any(getattr(h, "_cchc", False) for h in root.handlers):
        return
    try:
        log_file_path().parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = QuietRotatingFileHandler(
            log_file_path(), maxBytes=1_000_000, backupCount=5, encoding="utf-8", delay=True
        )
    except (OSError, ValueError):
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._cchc = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    sys.unraisablehook = _log_unraisable


def _log_unraisable(unraisable) -> None:
    logging.getLogger("app.unraisable").warning(
        "%s: %s", unraisable.err_msg or "Exception ignored in", getattr(unraisable, "object", None),
        exc_info=(unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback))
