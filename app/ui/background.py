"""Running long work (import, export, PDF, backup) off the UI thread.

``run_with_progress`` shows a modal progress dialog with a Cancel button and
hands the result back on the UI thread. The work function receives a
``Progress`` to report steps and to learn that the user cancelled; it runs on
a single dedicated worker thread, so two jobs never touch the data file at
once.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from app.ui.qt import QObject, QProgressDialog, QRunnable, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The user pressed Cancel; the work stopped without writing anything."""


class Progress:
    """Handed to the work function: ``step()`` reports, and raises Cancelled
    once the user has asked to stop."""

    def __init__(self, signals: "_Signals"):
        self._signals = signals
        self._cancel = threading.Event()

    def step(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress):
        super().__init__()
        # Deleted from Python on the UI thread, not by the pool on the worker
        # thread (that would need the interpreter lock at an awkward moment).
        self.setAutoDelete(False)
        self.work = work
        self.signals = signals
        self.progress = progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as error:  # handed to the UI thread, never lost
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


_POOL: QThreadPool | None = None
_RUNNING: set = set()  # jobs kept alive until their result reached the UI thread


def _pool() -> QThreadPool:
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(1)
    return _POOL


def wait_for_background_work(msecs: int = 30000) -> bool:
    """Tests and shutdown: wait until queued jobs are done, delivering their
    signals meanwhile.

    QThreadPool.waitForDone() would keep Python's interpreter lock while it
    blocks, so a job still running Python code could never finish: poll with
    short waits and sleep (which releases the lock) in between."""
    import time

    from app.ui.qt import QApplication

    pool = _pool()
    deadline = time.monotonic() + msecs / 1000
    while time.monotonic() < deadline:
        if pool.waitForDone(0):
            QApplication.processEvents()
            return True
        QApplication.processEvents()
        time.sleep(0.01)
    return False


def run_with_progress(
    parent,
    title: str,
    work: Callable[[Progress], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> _Signals:
    """Run ``work`` on the worker thread behind a modal progress dialog."""
    from app.ui.errors import show_error

    signals = _Signals()
    progress = Progress(signals)
    dialog = QProgressDialog(title, "Hủy", 0, 0, parent)
    dialog.setWindowTitle("Sổ kế hoạch CCHC")
    dialog.setWindowModality(Qt.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(progress.cancel)

    def on_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finish(result: Any) -> None:
        _RUNNING.discard(job)
        dialog.close()
        on_done(result)

    def fail(error: BaseException) -> None:
        _RUNNING.discard(job)
        dialog.close()
        if isinstance(error, Cancelled):
            return
        (on_error or (lambda e: show_error(parent, e)))(error)

    signals.progress.connect(on_progress)
    signals.finished.connect(finish)
    signals.failed.connect(fail)
    signals.setParent(parent)  # keep the signals alive until the job ends
    job = _Job(work, signals, progress)
    _RUNNING.add(job)
    _pool().start(job)
    return signals
