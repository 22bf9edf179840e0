"""Run the frozen program the way a user and a support script would, with no
display, and check what it produces.

    python installer/smoke_test.py build/dist/cchc [--json build/smoke.json]

Checks: --version; a new plan and a row; the sample plan; the appendix as
.xlsx (read back with openpyxl) and the plan as PDF (fonts embedded, text
in Vietnamese); a data file of the first released schema upgrades; a user
error exits 2 without a traceback; portable mode (a ``data`` folder next to
the program); the window renders offscreen. Prints the bundle's size and
start times (medians), and exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_SCHEMA = REPO / "tests" / "fixtures" / "schema-0001.sqlite3"


class SmokeFailure(Exception):
    pass


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SmokeFailure(what)
    print(f"  ok  {what}")


def program_in(bundle: Path) -> Path:
    """The console program: cchc-cli.exe on Windows (cchc.exe has no console)."""
    for name in ("cchc-cli.exe", "cchc"):
        if (bundle / name).is_file():
            return bundle / name
    raise SmokeFailure(f"no program found in {bundle}")


def run(program: Path, *args, env=None, expect: int = 0) -> subprocess.CompletedProcess:
    result = subprocess.run([str(program), *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                            env=env, timeout=180)
    if result.returncode != expect:
        raise SmokeFailure(f"{program.name} {' '.join(map(str, args))}: exit {result.returncode}, "
                           f"expected {expect}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result


def timed(program: Path, args, env, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(program, *args, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def xlsx_texts(path: Path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for c in row if c is not None)


def pdf_checks(path: Path) -> None:
    check(path.read_bytes()[:5] == b"%PDF-", "the plan PDF is a PDF")
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        check(rows and all(" yes " in row for row in rows), "every font in the PDF is embedded")
        check("LiberationSerif" in fonts, "the PDF uses the shipped Liberation Serif")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
        check("KẾ HOẠCH" in text and "CẢI CÁCH THỂ CHẾ" in text, "the PDF's text reads in Vietnamese")


def smoke(bundle: Path) -> dict:
    from app import __version__

    program = program_in(bundle)
    work = Path(tempfile.mkdtemp(prefix="cchc-smoke-"))
    env = {**os.environ, "CCHC_DATA_DIR": str(work / "data"), "QT_QPA_PLATFORM": "offscreen"}
    db = work / "so.sqlite3"
    try:
        check(run(program, "--version", env=env).stdout.strip().endswith(__version__), f"--version says {__version__}")
        check(run(program, "new", "--kind", "cchc", "--year", "2026", "--db", db, env=env).stdout.strip() == "1",
              "cchc new makes plan 1")
        number = run(program, "add-row", "1", "--area", "II", "--task", "Rà soát văn bản quy phạm pháp luật",
                     "--timeframe", "Quý II/2026", "--db", db, env=env).stdout.strip()
        check(number == "1", "cchc add-row adds task 1 under area II")
        check(run(program, "sample", "--db", db, env=env).stdout.strip() == "2", "cchc sample adds the sample plan")
        listed = json.loads(run(program, "list", "--json", "--db", db, env=env).stdout)
        check([p["task_count"] for p in listed] == [1, 30] and listed[1]["is_sample"], "both plans are listed")

        xlsx = work / "phu-luc.xlsx"
        run(program, "export-xlsx", "2", xlsx, "--db", db, env=env)
        with zipfile.ZipFile(xlsx) as archive:
            check(archive.testzip() is None, "the .xlsx is a sound zip")
        texts = xlsx_texts(xlsx)
        check("CẢI CÁCH THỂ CHẾ" in texts and "Thường xuyên" in texts, "the .xlsx holds the appendix in Vietnamese")
        pdf = work / "ke-hoach.pdf"
        run(program, "export-pdf", "2", pdf, "--db", db, env=env)
        pdf_checks(pdf)

        error = run(program, "show", "99", "--db", db, env=env, expect=2)
        check("Lỗi" in error.stderr and "Traceback" not in error.stderr, "a user error exits 2 with a message")

        old = work / "ban-dau.sqlite3"
        shutil.copy(FIRST_SCHEMA, old)
        upgraded = json.loads(run(program, "list", "--json", "--db", old, env=env).stdout)
        check(len(upgraded) >= 1, "a data file of the first released schema upgrades and opens")

        check(any(bundle.rglob("_rl_accel*")), "reportlab's C accelerator is bundled (long PDFs)")

        server = os.environ.get("CCHC_TEST_POSTGRES_URL")
        if server:  # .ci/run starts one: the bundled psycopg and its libpq must reach it
            import uuid
            from sqlalchemy import create_engine, text
            from sqlalchemy.engine import make_url

            name = f"cchc_smoke_{uuid.uuid4().hex[:8]}"
            admin = create_engine(make_url(server).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(server).set(database=name).render_as_string(hide_password=False)
                check(run(program, "new", "--kind", "cchc", "--year", "2026", "--db", url, env=env).stdout.strip()
                      == "1", "the bundle opens a PostgreSQL server (psycopg's binary wheel is collected)")
                check(run(program, "restore", db, "--db", url, env=env).returncode == 0,
                      "a data file moves onto the server")
                listed = json.loads(run(program, "list", "--json", "--db", url, env=env).stdout)
                check([p["task_count"] for p in listed] == [1, 30], "the server lists what the file held")
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()

        portable = bundle / "data"
        check(not portable.exists(), "the bundle ships without a data folder")
        portable.mkdir()
        try:
            bare = {k: v for k, v in env.items() if k != "CCHC_DATA_DIR"}
            run(program, "new", "--kind", "tuyen-truyen", "--year", "2026", env=bare)
            check((portable / "so-ke-hoach-cchc.sqlite3").is_file(), "portable mode keeps the data next to the program")
        finally:
            shutil.rmtree(portable)

        shot = work / "cua-so.png"
        window_time = timed(program, ["--db", db, "--plan", "2", "--tab", "matrix", "--screenshot", shot], env, 3)
        check(shot.is_file() and shot.stat().st_size > 20000, "the window renders offscreen (screenshot)")
        version_time = timed(program, ["--version"], env, 5)
        size = folder_size(bundle)
        figures = {"bundle_bytes": size, "bundle_files": sum(1 for p in bundle.rglob("*") if p.is_file()),
                   "version_seconds_median": round(version_time, 3),
                   "window_screenshot_seconds_median": round(window_time, 3)}
        print(f"  bundle {size / 1e6:.0f} MB; --version {version_time * 1000:.0f} ms; "
              f"window with the sample plan rendered {window_time * 1000:.0f} ms (medians)")
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder build (build/dist/cchc)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    print(f"smoke test of {args.bundle}")
    try:
        figures = smoke(args.bundle.resolve())
    except SmokeFailure as failure:
        print(f"  FAILED  {failure}", file=sys.stderr)
        return 1
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
