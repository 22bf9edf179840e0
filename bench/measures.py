"""Each measurement, with its baseline measured in the same run."""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    value: float                  # median, in ``unit``
    baseline: float | None        # median of the baseline, same unit
    unit: str
    baseline_name: str
    aim: str = ""
    met: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), samples


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


# ---------------------------------------------------------------------------
# Start-up and memory: separate processes, like a user starting the program


def _child(args: list[str], env: dict) -> tuple[float, dict]:
    """Start ``python -m bench.child …``; time until it says the window is shown."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bench.child", *args], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    shown_at, report = None, {}
    for line in process.stdout:
        if line.startswith("shown") and shown_at is None:
            shown_at = time.perf_counter()
        if line.startswith("ready"):
            report["ready_ms"] = (time.perf_counter() - start) * 1000
        if line.startswith("rss_kb "):
            report["rss_mb"] = int(line.split()[1]) / 1024
    process.wait(timeout=120)
    if shown_at is None:
        raise RuntimeError(f"bench child {args} did not show its window")
    return (shown_at - start) * 1000, report


def startup(db: Path, data_dir: Path, runs: int, tasks: int) -> Result:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CCHC_DATA_DIR": str(data_dir)}
    app_times, bare_times, ready_times = [], [], []
    for _ in range(runs):
        bare_times.append(_child(["bare"], env)[0])
        shown, report = _child(["window", str(db)], env)
        app_times.append(shown)
        ready_times.append(report["ready_ms"])
    value, baseline = statistics.median(app_times), statistics.median(bare_times)
    ready = statistics.median(ready_times)
    return Result(f"Khởi động đến khi hiện cửa sổ (kế hoạch {tasks:,} nhiệm vụ)".replace(",", "."), value, baseline,
                  "ms", "QMainWindow trống", "≤ 1,5× và ≤ 1 s", value <= 1.5 * baseline and value <= 1000,
                  {"ready_ms": round(ready, 1), "ready_ratio": round(ready / baseline, 2)})


def memory(db: Path, data_dir: Path, tasks: int) -> Result:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CCHC_DATA_DIR": str(data_dir)}
    _, app = _child(["window", str(db), "--scroll"], env)
    _, bare = _child(["bare"], env)
    value = app.get("rss_mb", 0.0)
    return Result(f"Bộ nhớ đỉnh khi mở kế hoạch {tasks:,} nhiệm vụ".replace(",", "."), value, bare.get("rss_mb"), "MB",
                  "QMainWindow trống", "< 300 MB", value < 300)


# ---------------------------------------------------------------------------
# In the benchmark's own process (Qt already loaded)


def open_and_scroll(services, plan_id: int, app, runs: int) -> Result:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTreeView

    from app.ui.matrix.widget import MatrixWidget
    from app.ui.open_plan import OpenPlan

    rows = services.rows.list(plan_id)

    def ours():
        plan = OpenPlan(services)
        widget = MatrixWidget(plan)
        widget.resize(1366, 700)
        widget.show()
        plan.load(plan_id)
        app.processEvents()
        _scroll(widget.tree, app)
        widget.close()
        widget.deleteLater()

    def bare():
        model = QStandardItemModel(0, 9)
        items = {}
        for row in rows:
            cells = [QStandardItem(getattr(row, f)) for f in
                     ("task", "objective", "task", "activity", "output", "lead", "support", "timeframe", "budget")]
            parent = items.get(row.parent_id)
            (parent.appendRow(cells) if parent is not None else model.appendRow(cells))
            items[row.id] = cells[0]
        view = QTreeView()
        view.setModel(model)
        view.setWordWrap(True)
        view.resize(1366, 700)
        view.show()
        view.expandAll()
        app.processEvents()
        _scroll(view, app)
        view.close()
        view.deleteLater()

    value, _ = median_ms(ours, runs)
    baseline, _ = median_ms(bare, runs)
    tasks = sum(1 for r in rows if r.kind.value == "task")
    return Result(f"Mở và cuộn phụ lục {tasks:,} nhiệm vụ".replace(",", "."), value, baseline, "ms",
                  "QTreeView + QStandardItemModel cùng dữ liệu", "< 1 s", value < 1000)


def _scroll(view, app) -> None:
    bar = view.verticalScrollBar()
    steps = 20
    for i in range(steps + 1):
        bar.setValue(bar.maximum() * i // steps)
        app.processEvents()


def cell_edit(services, plan_id: int, app, edits: int) -> Result:
    from PySide6.QtGui import QUndoStack

    from app.ui.matrix.widget import MatrixWidget
    from app.ui.open_plan import OpenPlan

    plan = OpenPlan(services)
    widget = MatrixWidget(plan)
    plan.load(plan_id, QUndoStack())
    model = widget.model
    tasks = plan.state.tasks()
    column = model.column_of("output")
    samples = []
    for i in range(edits):
        index = model.index_of(tasks[i % len(tasks)], column)
        start = time.perf_counter()
        model.setData(index, f"Kết quả đã cập nhật lần {i}")
        samples.append((time.perf_counter() - start) * 1000)
    widget.deleteLater()
    connection = sqlite3.connect(services.db.path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    raw = []
    for i in range(edits):
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("UPDATE appendix_rows SET output=? WHERE id=?", (f"Sửa thô {i}", tasks[i % len(tasks)]))
        connection.execute("COMMIT")
        raw.append((time.perf_counter() - start) * 1000)
    connection.close()
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    return Result("Sửa một ô và lưu (p50)", p50, percentile(raw, 0.5), "ms", "UPDATE + COMMIT sqlite3 thô",
                  "p95 < 20 ms", percentile(samples, 0.95) < 20,
                  {"p95_ms": round(p95, 2), "baseline_p95_ms": round(percentile(raw, 0.95), 2), "edits": edits})


def xlsx_export(services, plan_id: int, folder: Path, runs: int) -> Result:
    from openpyxl import Workbook

    target = folder / "bench.xlsx"
    value, _ = median_ms(lambda: services.exports.export_xlsx(plan_id, target), runs)
    data = services.exports.appendix(plan_id)
    from app.io.appendix_grid import appendix_grid

    grid = appendix_grid(data.rows, data.columns, data.numbers, data.tracking)

    def bare():
        workbook = Workbook()
        sheet = workbook.active
        for row in grid:
            sheet.append([c.text or None for c in row.cells])
        workbook.save(folder / "bare.xlsx")

    baseline, _ = median_ms(bare, runs)
    tasks = len(data.tracking.tasks)
    return Result(f"Xuất Excel {tasks:,} nhiệm vụ".replace(",", "."), value, baseline, "ms",
                  "openpyxl ghi cùng các ô, không định dạng", "≤ 1,5×", value <= 1.5 * baseline)


def plan_pdf(services, plan_id: int, folder: Path, runs: int, with_libreoffice: bool) -> Result:
    target = folder / "bench.pdf"
    value, _ = median_ms(lambda: services.exports.export_plan_pdf(plan_id, target), runs)
    tasks = len(services.exports.appendix(plan_id).tracking.tasks)
    baseline = None
    soffice = shutil.which("soffice")
    if with_libreoffice and soffice:
        xlsx = services.exports.export_xlsx(plan_id, folder / "lo.xlsx")
        profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
        command = [soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                   "--outdir", str(folder / "lo"), str(xlsx)]
        subprocess.run(command, capture_output=True, timeout=300)  # warm-up: the profile is created once
        baseline, _ = median_ms(lambda: subprocess.run(command, capture_output=True, timeout=300), runs)
    return Result(f"PDF kế hoạch {tasks:,} nhiệm vụ".replace(",", "."), value, baseline, "ms",
                  "LibreOffice chuyển .xlsx sang PDF", "≤ 0,5×",
                  None if baseline is None else value <= 0.5 * baseline)


def plan_docx(services, plan_id: int, folder: Path, runs: int) -> Result:
    """The plan as Word, against the PDF of the same plan: the officer waits for either."""
    value, _ = median_ms(lambda: services.exports.export_plan_docx(plan_id, folder / "bench.docx"), runs)
    baseline, _ = median_ms(lambda: services.exports.export_plan_pdf(plan_id, folder / "bench-docx.pdf"), runs)
    tasks = len(services.exports.appendix(plan_id).tracking.tasks)
    return Result(f"Word kế hoạch {tasks:,} nhiệm vụ".replace(",", "."), value, baseline, "ms",
                  "PDF của cùng kế hoạch", "≤ 1×", value <= baseline)


def report(services, plan_id: int, folder: Path, runs: int) -> Result:
    report_doc = services.reports.create(plan_id, "year")
    target = folder / "report.pdf"

    def ours():
        services.reports.export_pdf(report_doc.id, target)

    value, _ = median_ms(ours, runs)
    baseline, _ = median_ms(lambda: services.progress.list(plan_id), runs)
    entries = len(services.progress.list(plan_id))
    return Result(f"Báo cáo năm (PDF) trên {entries:,} mục tiến độ".replace(",", "."), value, baseline, "ms",
                  "chỉ đọc các mục tiến độ", "", None)


def consolidation(folder: Path, runs: int) -> Result:
    """Tổng hợp: every package of ``folder`` read and checked (hashes,
    format), counted once, kept latest per unit — what the officer waits
    for after opening the folder. Baseline: the same zips' manifest and
    snapshot JSON read with zipfile + json alone (no checks)."""
    import json
    import zipfile

    from app.core.consolidation import consolidate
    from app.services.consolidation import open_packages

    packages = sorted(folder.glob("*.cchc"))

    def ours():
        opened = open_packages([folder])
        result = consolidate(opened.submissions, skipped=opened.skipped)
        assert len(result.tables[0].lines) == len(packages) and not opened.skipped

    def bare():
        for path in packages:
            with zipfile.ZipFile(path) as archive:
                json.loads(archive.read("manifest.json"))
                json.loads(archive.read("snapshot.json"))

    ours()  # the files into the page cache, for both alike
    value, _ = median_ms(ours, runs)
    baseline, _ = median_ms(bare, runs)
    size_mb = sum(p.stat().st_size for p in packages) / (1024 * 1024)
    return Result(f"Tổng hợp {len(packages)} phường", value, baseline, "ms", "zipfile + json đọc cùng các gói",
                  "< 5 s", value < 5000, {"packages_mb": round(size_mb, 1)})
