"""A separate process for the start-up and memory measurements.

`bare`: a bare QMainWindow; `window DB [--scroll]`: the program's main window
on that data file. Each prints "shown" when its window is on screen, then
its peak memory."""

from __future__ import annotations

import os
import resource
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if argv[0] == "bare":
        window = QMainWindow()
        window.resize(1366, 768)
        window.show()
        app.processEvents()
    else:
        from pathlib import Path

        from app.ui.main_window import MainWindow

        # As app.ui.app.run_gui does: the window first, then the data.
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        print("shown", flush=True)
        from app.services import Services

        window.attach(Services.open(Path(argv[1])))
        app.processEvents()
        if "--scroll" in argv:
            bar = window.matrix.tree.verticalScrollBar()
            for i in range(21):
                bar.setValue(bar.maximum() * i // 20)
                app.processEvents()
    print("shown", flush=True)
    print("ready", flush=True)
    print(f"rss_kb {peak_rss_kb()}", flush=True)
    return 0


def peak_rss_kb() -> int:
    """Peak resident memory of this program. getrusage's ru_maxrss survives
    exec, so a child forked from the (large) benchmark would report the
    parent's peak; /proc's VmHWM belongs to this program alone."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
