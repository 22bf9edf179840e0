"""Install, use and uninstall the Windows packages under Wine, the way the
officer and a support script would. Run by installer/wine_check.sh, which
makes the fresh Wine prefix (Windows user "Nguyễn Văn A") and ends it.

    python installer/wine_check.py SETUP.exe PORTABLE.zip --out build/wine-check

Every step is checked by what it produced (files read back, PDFs read with
poppler, the .eml parsed, the data file opened with sqlite3), and the first
failure stops the run with exit 1. Screenshots of the four tabs, drawn by the
installed cchc.exe, and the documents made under Wine are left in --out to be
looked at; the figures (sizes, start-up times) go to --out/figures.json.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path, PureWindowsPath

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "installer"))

from smoke_test import SmokeFailure, check, folder_size, pdf_checks, xlsx_texts  # noqa: E402

from app import __version__  # noqa: E402

APP_NAME = "Sổ kế hoạch CCHC"
TABS = ("overview", "plan", "matrix", "log")
RESULT = "Đã rà soát 12 thủ tục hành chính, đề nghị đơn giản hóa 3 thủ tục"
UNINSTALL_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\SoKeHoachCCHC"


class Wine:
    """Windows programs of one Wine prefix, with Windows paths."""

    def __init__(self, wine: str, prefix: Path, user: str):
        self.wine = wine
        self.prefix = prefix
        self.profile = f"C:\\users\\{user}"
        # What Windows passes the program: no CCHC_DATA_DIR (the default and
        # the portable data folders are under test), no Python settings.
        self.env = {k: v for k, v in os.environ.items() if k != "CCHC_DATA_DIR" and not k.startswith("PYTHON")}

    def linux(self, windows: str) -> Path:
        """The Linux path of a C:\\ path in the prefix."""
        parts = PureWindowsPath(windows).parts
        if parts[0].upper() != "C:\\":
            raise ValueError(windows)
        return self.prefix.joinpath("drive_c", *parts[1:])

    def run(self, program: str, *args, expect: int | None = 0, timeout: int = 300) -> subprocess.CompletedProcess:
        """Run a Windows program (by its C:\\ path); stdout and stderr are
        pipes (Windows CPython cannot start with a regular file as either)."""
        result = subprocess.run([self.wine, program, *map(str, args)], stdin=subprocess.DEVNULL,
                                capture_output=True, env=self.env, timeout=timeout)
        result.stdout = result.stdout.decode("utf-8", "replace")
        result.stderr = result.stderr.decode("utf-8", "replace")
        if expect is not None and result.returncode != expect:
            name = PureWindowsPath(program).name
            raise SmokeFailure(f"{name} {' '.join(map(str, args))}: exit {result.returncode}, expected {expect}\n"
                               f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        return result

    def registry(self, key: str) -> dict[str, str]:
        """The string values of a registry key ({} when it does not exist).
        Exported to a .reg file: reg query prints in the ANSI code page,
        which has no Vietnamese letters."""
        export = "C:\\registry-export.reg"
        result = subprocess.run([self.wine, "reg", "export", key, export, "/y"], stdin=subprocess.DEVNULL,
                                capture_output=True, env=self.env, timeout=60)
        if result.returncode != 0:
            return {}
        text = self.linux(export).read_text(encoding="utf-16")
        values = {}
        for line in text.splitlines():
            name, separator, value = line.partition('"="')
            if separator:
                values[name.strip('"')] = value[:-1].replace('\\"', '"').replace("\\\\", "\\")
        return values


def timed(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wait_until(condition, what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SmokeFailure(f"timed out: {what}")
        time.sleep(0.5)


def screenshot_checks(png: Path) -> None:
    """1366×768, and the menu bar is not blank. (Boxes in place of letters
    pass this; the program's log says which font drew, and the pictures
    are looked at.)"""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    check(not image.isNull() and (image.width(), image.height()) == (1366, 768), f"{png.name} is a 1366×768 picture")
    dark = sum(1 for x in range(0, 400) for y in range(0, 22) if image.pixelColor(x, y).lightness() < 110)
    check(dark > 150, f"{png.name}: the menu bar is drawn ({dark} dark pixels)")


def bundled_font_checks(log: Path) -> None:
    text = log.read_text(encoding="utf-8")
    check("no system font writes Vietnamese: the interface uses the bundled Liberation Sans" in text
          and "could not load the bundled font" not in text,
          f"no system font under Wine: the bundled Liberation Sans, which has every Vietnamese letter, draws "
          f"every widget ({log.parent.parent.name}\\logs)")


class Check:
    def __init__(self, wine: Wine, setup: Path, portable: Path, out: Path):
        self.wine, self.setup, self.portable, self.out = wine, setup, portable, out
        self.local = f"{wine.profile}\\AppData\\Local"
        self.install_dir = f"{self.local}\\Programs\\SoKeHoachCCHC"
        self.cli = f"{self.install_dir}\\cchc-cli.exe"
        self.gui = f"{self.install_dir}\\cchc.exe"
        self.data_dir = f"{self.local}\\CCHC\\SoKeHoachCCHC"
        self.work = f"{wine.profile}\\Tài liệu\\Kế hoạch CCHC 2026"
        self.db = f"{self.work}\\sổ kế hoạch phường.sqlite3"
        self.figures: dict = {}

    def cli_run(self, *args, expect: int = 0) -> subprocess.CompletedProcess:
        return self.wine.run(self.cli, *args, expect=expect)

    def lines(self, *args) -> list[str]:
        return self.cli_run(*args).stdout.split()

    def all(self) -> dict:
        self.install()
        self.default_data_folder()
        self.vietnamese_paths_and_documents()
        self.backup_and_restore()
        self.user_errors()
        self.screenshots()
        self.start_up_times()
        self.reinstall_keeps_data()
        self.install_over_a_running_program()
        self.portable_zip()
        self.uninstall_keeps_data()
        return self.figures

    def install(self) -> None:
        print(f"== silent install of {self.setup.name} for the user {self.wine.profile}")
        start = time.perf_counter()
        self.wine.run(str(self.setup), "/S")
        self.figures["install_seconds"] = round(time.perf_counter() - start, 1)
        installed = self.wine.linux(self.install_dir)
        for name in ("cchc.exe", "cchc-cli.exe", "go-cai-dat.exe", "_internal/python311.dll"):
            check((installed / name).is_file(), f"installed {name}")
        programs = f"{self.wine.profile}\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\{APP_NAME}"
        start_menu = self.wine.linux(f"{programs}\\{APP_NAME}.lnk")
        desktop = self.wine.linux(f"{self.wine.profile}\\Desktop\\{APP_NAME}.lnk")
        for shortcut in (start_menu, desktop):
            check(shortcut.is_file() and "cchc.exe".encode("utf-16-le") in shortcut.read_bytes(),
                  f"shortcut {shortcut.parent.name}\\{shortcut.name} opens cchc.exe")
        check(self.wine.linux(f"{programs}\\Gỡ cài đặt {APP_NAME}.lnk").is_file(), "Start menu: the uninstall shortcut")
        entry = self.wine.registry(UNINSTALL_KEY)
        check((entry.get("DisplayName"), entry.get("DisplayVersion"), entry.get("InstallLocation")) ==
              (APP_NAME, __version__, self.install_dir), "Apps & features lists the program, per user (HKCU)")
        check(entry.get("QuietUninstallString") == f'"{self.install_dir}\\go-cai-dat.exe" /S',
              "with a silent uninstall command")
        self.figures["setup_bytes"] = self.setup.stat().st_size
        self.figures["installed_bytes"] = folder_size(installed)
        self.figures["installed_files"] = sum(1 for p in installed.rglob("*") if p.is_file())
        print(f"  setup {self.setup.stat().st_size / 1e6:.1f} MB, installed {self.figures['installed_bytes'] / 1e6:.0f} MB "
              f"({self.figures['installed_files']} files) in {self.figures['install_seconds']} s")

    def default_data_folder(self) -> None:
        print("== the installed cchc-cli.exe, with its default data folder")
        said = self.cli_run("--version").stdout.strip()
        check(said == f"{APP_NAME} {__version__}", f"--version prints «{said}» in UTF-8")
        check(self.lines("new", "--kind", "cchc", "--year", "2026") == ["1"], "cchc new makes plan 1")
        check(self.lines("sample") == ["2"], "cchc sample adds the sample plan")
        data_file = self.wine.linux(f"{self.data_dir}\\so-ke-hoach-cchc.sqlite3")
        check(data_file.is_file(), f"the data file is in {self.data_dir}")
        check(self.wine.linux(f"{self.data_dir}\\logs\\cchc.log").is_file(), "the log file is beside it")

    def vietnamese_paths_and_documents(self) -> None:
        print(f"== --db «{self.db}» and documents in that folder")
        self.wine.linux(self.work).mkdir(parents=True)
        check(self.lines("--db", self.db, "sample") == ["1"], "the sample plan in a data file under a Vietnamese path")
        number = self.lines("--db", self.db, "add-row", "1", "--area", "II", "--task",
                            "Rà soát, đơn giản hóa thủ tục hành chính", "--timeframe", "Quý II/2023")
        check(len(number) == 1 and number[0].isdigit(), f"cchc add-row adds task {number}")
        evidence = self.wine.linux(f"{self.work}\\biên bản niêm yết.txt")
        evidence.write_text("Biên bản niêm yết công khai thủ tục hành chính", encoding="utf-8")
        # Task 5 of the sample is due 31/03/2023: done on 10/03 is done on time.
        self.cli_run("--db", self.db, "log", "1", "5", "--date", "2023-03-10", "--status", "hoan-thanh",
                     "--percent", "100", "--result", RESULT,
                     "--attach", f"{self.work}\\biên bản niêm yết.txt")
        shown = json.loads(self.cli_run("--db", self.db, "show", "1", "--json").stdout)
        check(any(entry.get("result") == RESULT for entry in shown["progress"]),
              "the progress entry is recorded (with its attachment)")

        xlsx = f"{self.work}\\phụ lục kế hoạch.xlsx"
        self.cli_run("--db", self.db, "export-xlsx", "1", xlsx)
        with zipfile.ZipFile(self.wine.linux(xlsx)) as archive:
            check(archive.testzip() is None, "the .xlsx is a sound zip")
        texts = xlsx_texts(self.wine.linux(xlsx))
        check("CẢI CÁCH THỂ CHẾ" in texts and "Rà soát, đơn giản hóa thủ tục hành chính" in texts,
              "the .xlsx holds the appendix in Vietnamese, with the new task")
        imported = f"{self.work}\\nhập lại phụ lục.sqlite3"
        said = self.cli_run("--db", imported, "import", xlsx, "--year", "2024").stdout.strip()
        source = json.loads(self.cli_run("--db", self.db, "list", "--json").stdout)[0]
        copy = json.loads(self.cli_run("--db", imported, "list", "--json").stdout)
        check([(p["year"], p["task_count"]) for p in copy] == [(2024, source["task_count"])],
              f"the .xlsx imports back: «{said}»")
        pdf = f"{self.work}\\kế hoạch.pdf"
        self.cli_run("--db", self.db, "export-pdf", "1", pdf)
        pdf_checks(self.wine.linux(pdf))
        report = f"{self.work}\\báo cáo quý I.pdf"
        self.cli_run("--db", self.db, "report", "1", report, "--period", "q1")
        report_text = subprocess.run(["pdftotext", "-layout", str(self.wine.linux(report)), "-"],
                                     capture_output=True, text=True).stdout
        check("BÁO CÁO" in report_text and "quý I năm 2023" in report_text, "the quarterly report PDF reads in Vietnamese")
        check("hoàn thành đúng hạn 1 " in report_text, "the report counts the task done before its deadline")
        eml = f"{self.work}\\thư gửi Sở Nội vụ.eml"
        self.cli_run("--db", self.db, "mail", "1", "--report", "1", "--to", "Sở Nội vụ <snv@example.vn>", "--out", eml)
        message = email.message_from_bytes(self.wine.linux(eml).read_bytes(), policy=email.policy.default)
        attachments = [part.get_filename() for part in message.iter_attachments()]
        check("Báo cáo" in message["Subject"] and message["To"] == "Sở Nội vụ <snv@example.vn>",
              f"the mail draft: «{message['Subject']}»")
        check(len(attachments) == 3 and all(part.get_payload(decode=True) for part in message.iter_attachments()),
              f"the mail draft carries the appendix and both PDFs: {attachments}")
        for made, name in ((xlsx, "phu-luc.xlsx"), (pdf, "ke-hoach.pdf"), (report, "bao-cao-quy-I.pdf"), (eml, "thu.eml")):
            shutil.copy(self.wine.linux(made), self.out / f"windows-{name}")  # to be looked at

    def backup_and_restore(self) -> None:
        print("== backup and restore")
        backup = f"{self.work}\\sao lưu\\bản sao tháng 6.sqlite3"
        self.wine.linux(backup).parent.mkdir()
        self.cli_run("--db", self.db, "backup", backup)
        with sqlite3.connect(self.wine.linux(backup)) as copy:
            check(copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "the backup is a sound SQLite file")
        check(self.lines("--db", self.db, "new", "--kind", "cchc", "--year", "2027") == ["2"], "a plan added after it")
        self.cli_run("--db", self.db, "restore", backup)
        plans = json.loads(self.cli_run("--db", self.db, "list", "--json").stdout)
        check(len(plans) == 1, "restore brings back the backup's state (the later plan is gone)")

    def user_errors(self) -> None:
        print("== user errors exit 2 with one Vietnamese line")
        for args in (("--db", self.db, "show", "99"), ("--db", f"{self.work}\\không có\\tệp.sqlite3", "list")):
            result = self.cli_run(*args, expect=2)
            message = result.stderr.strip()
            check(message.startswith("Lỗi: ") and "\n" not in message and "Traceback" not in result.stderr,
                  f"cchc-cli {args[-1]}: «{message}»")

    def screenshots(self) -> None:
        print("== every tab drawn by the installed cchc.exe (the windowed program)")
        for tab in TABS:
            png = f"{self.work}\\cửa sổ {tab}.png"
            self.wine.run(self.gui, "--db", self.db, "--plan", "1", "--tab", tab, "--screenshot", png)
            shutil.copy(self.wine.linux(png), self.out / f"windows-{tab}.png")
            screenshot_checks(self.out / f"windows-{tab}.png")
        bundled_font_checks(self.wine.linux(f"{self.data_dir}\\logs\\cchc.log"))

    def start_up_times(self) -> None:
        print("== start-up times (medians)")
        version = timed(lambda: self.cli_run("--version"), 7)
        window = timed(lambda: self.wine.run(self.gui, "--db", self.db, "--plan", "1", "--tab", "matrix",
                                             "--screenshot", f"{self.work}\\t.png"), 5)
        self.figures["version_seconds_median"] = round(version, 2)
        self.figures["window_screenshot_seconds_median"] = round(window, 2)
        print(f"  cchc-cli --version {version:.2f} s; cchc.exe drawing the sample plan's matrix {window:.2f} s")

    def reinstall_keeps_data(self) -> None:
        print("== installing again (an upgrade) keeps the data")
        self.wine.run(str(self.setup), "/S")
        plans = json.loads(self.cli_run("list", "--json").stdout)
        check([plan["id"] for plan in plans] == [1, 2], "both plans of the default data file are still there")

    def install_over_a_running_program(self) -> None:
        print("== installing while the program is open stops, and changes nothing")
        log = self.wine.linux(f"{self.data_dir}\\logs\\cchc.log")
        started = "the interface uses the bundled"
        starts_before = log.read_text(encoding="utf-8").count(started)
        # The window, offscreen. QT_* variables do not cross from Linux to
        # Windows; the user's environment in the registry does.
        environment = ("reg", "add", "HKCU\\Environment", "/v", "QT_QPA_PLATFORM", "/d", "offscreen", "/f")
        self.wine.run(*environment)
        running = subprocess.Popen([self.wine.wine, self.gui], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=self.wine.env)
        try:
            wait_until(lambda: log.read_text(encoding="utf-8").count(started) > starts_before, "the window started",
                       timeout=120)
            self.wine.run("reg", "delete", "HKCU\\Environment", "/v", "QT_QPA_PLATFORM", "/f")
            result = self.wine.run(str(self.setup), "/S", expect=None)
            check(result.returncode == 2, f"the silent setup gives up with exit code 2 (was {result.returncode})")
            check(running.poll() is None and self.wine.linux(self.gui).is_file(),
                  "the open program and its files are left as they were")
        finally:
            self.wine.run("taskkill", "/f", "/im", "cchc.exe", expect=None)
            running.wait(timeout=60)
        check(self.cli_run("--version").stdout.strip() == f"{APP_NAME} {__version__}", "the program still runs")

    def portable_zip(self) -> None:
        print(f"== the portable {self.portable.name}, from a folder on a stick")
        stick = f"{self.wine.profile}\\USB của tôi"
        with zipfile.ZipFile(self.portable) as archive:
            archive.extractall(self.wine.linux(stick))
        folder = f"{stick}\\SoKeHoachCCHC-{__version__}"
        check(self.wine.linux(f"{folder}\\data").is_dir(), "the zip has its data folder")
        portable_cli = f"{folder}\\cchc-cli.exe"
        check(self.wine.run(portable_cli, "new", "--kind", "tuyen-truyen", "--year", "2026").stdout.split() == ["1"],
              "plan 1 in the portable data folder")
        check(self.wine.linux(f"{folder}\\data\\so-ke-hoach-cchc.sqlite3").is_file(),
              "portable mode keeps the data next to the program")
        plans = json.loads(self.cli_run("list", "--json").stdout)
        check(len(plans) == 2, "the installed program's data is untouched")
        png = f"{folder}\\data\\cửa sổ.png"
        self.wine.run(f"{folder}\\cchc.exe", "--tab", "plan", "--screenshot", png)
        shutil.copy(self.wine.linux(png), self.out / "windows-portable-plan.png")
        screenshot_checks(self.out / "windows-portable-plan.png")
        bundled_font_checks(self.wine.linux(f"{folder}\\data\\logs\\cchc.log"))

    def uninstall_keeps_data(self) -> None:
        print("== silent uninstall keeps the data")
        uninstaller = f"{self.install_dir}\\go-cai-dat.exe"
        installed = self.wine.linux(self.install_dir)
        # The uninstaller copies itself to %TEMP% and runs from there: wait
        # for the program folder to go.
        self.wine.run(uninstaller, "/S")
        wait_until(lambda: not installed.exists(), f"{self.install_dir} removed")
        wait_until(lambda: not self.wine.registry(UNINSTALL_KEY), "the uninstall entry removed")
        desktop = self.wine.linux(f"{self.wine.profile}\\Desktop\\{APP_NAME}.lnk")
        check(not desktop.exists(), "the desktop shortcut is gone")
        data_file = self.wine.linux(f"{self.data_dir}\\so-ke-hoach-cchc.sqlite3")
        with sqlite3.connect(data_file) as kept:
            count = kept.execute("SELECT count(*) FROM plans").fetchone()[0]
        check(count == 2, f"the data folder stays with its {count} plans")
        check(self.wine.linux(f"{self.data_dir}\\backups").is_dir(), "and its backups")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("setup", type=Path)
    parser.add_argument("portable", type=Path)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "wine-check")
    args = parser.parse_args()
    wine = Wine(os.environ["WINE"], Path(os.environ["WINEPREFIX"]), os.environ["USER"])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # QImage in this process
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    try:
        figures = Check(wine, args.setup.resolve(), args.portable.resolve(), args.out).all()
    except SmokeFailure as failure:
        print(f"  FAILED  {failure}", file=sys.stderr)
        return 1
    (args.out / "figures.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"  screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
