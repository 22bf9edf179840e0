"""`python -m bench [--quick] [--update-readme]`: measure, print a table,
write bench/results.json. Timings are figures to compare, never asserted."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"


def machine() -> dict:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        cpu = platform.processor()
    import PySide6

    return {"system": f"{platform.system()} {platform.release()}", "cpu": cpu, "cores": os.cpu_count(),
            "python": platform.python_version(), "pyside6": PySide6.__version__}


def run(quick: bool) -> list:
    from PySide6.QtWidgets import QApplication

    from app.services import Services
    from bench import measures
    from bench.data import make_plan

    app = QApplication.instance() or QApplication(sys.argv[:1])
    runs = 1 if quick else 5
    medium, large = (60, 200) if quick else (1000, 5000)
    folder = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    data_dir = folder / "data"
    print(f"Tạo dữ liệu thử trong {folder} …", flush=True)

    def plan_file(name: str, tasks: int, entries: int = 0) -> tuple[Path, int]:
        path = folder / f"{name}.sqlite3"
        services = Services.open(path, data_dir)
        plan_id = make_plan(services, tasks, entries)
        services.close()
        return path, plan_id

    medium_db, medium_plan = plan_file("medium", medium)
    large_db, large_plan = plan_file("large", large)
    report_db, report_plan = plan_file("report", medium, entries=large)
    results = []
    step = lambda text: print(f"  … {text}", flush=True)  # noqa: E731

    step("khởi động")
    results.append(measures.startup(medium_db, data_dir, 3 if quick else 7, medium))
    services = Services.open(large_db, data_dir)
    step("mở và cuộn")
    results.append(measures.open_and_scroll(services, large_plan, app, runs))
    services.close()
    services = Services.open(medium_db, data_dir)
    step("sửa ô")
    results.append(measures.cell_edit(services, medium_plan, app, 40 if quick else 300))
    step("xuất Excel")
    results.append(measures.xlsx_export(services, medium_plan, folder, runs))
    step("PDF kế hoạch")
    results.append(measures.plan_pdf(services, medium_plan, folder, 1 if quick else 3, with_libreoffice=not quick))
    step("Word kế hoạch")
    results.append(measures.plan_docx(services, medium_plan, folder, 1 if quick else 3))
    services.close()
    services = Services.open(report_db, data_dir)
    step("báo cáo")
    results.append(measures.report(services, report_plan, folder, runs))
    services.close()
    step("bộ nhớ")
    results.append(measures.memory(large_db, data_dir, large))
    results += run_consolidation(quick, folder, data_dir, runs)
    return results


def run_consolidation(quick: bool, folder: Path | None = None, data_dir: Path | None = None,
                      runs: int | None = None) -> list:
    """Tổng hợp: 170 wards' packages built once, then consolidated."""
    from app.services import Services
    from bench import measures
    from bench.data import make_packages

    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
        print(f"Tạo dữ liệu thử trong {folder} …", flush=True)
    data_dir = data_dir or folder / "data"
    wards = 12 if quick else 170
    print(f"  … lập {wards} gói nộp báo cáo", flush=True)
    services = Services.open(folder / "wards.sqlite3", data_dir)
    try:
        packages = make_packages(services, folder / "goi", wards)
    finally:
        services.close()
    print("  … tổng hợp", flush=True)
    return [measures.consolidation(packages, runs or (1 if quick else 5))]


def _as_json(r) -> dict:
    return {"name": r.name, "value": round(r.value, 2), "baseline": None if r.baseline is None else
            round(r.baseline, 2), "unit": r.unit, "baseline_name": r.baseline_name,
            "ratio": None if r.ratio is None else round(r.ratio, 3), "aim": r.aim, "met": r.met, **r.extra}


def table(results) -> str:
    lines = ["| phép đo | kết quả | đối chứng | tỷ lệ | mục tiêu | đạt |", "|---|---|---|---|---|---|"]
    for r in results:
        value = f"{r.value:.0f} {r.unit}" if r.value >= 10 else f"{r.value:.2f} {r.unit}"
        if "p95_ms" in r.extra:
            value += f" (p95 {r.extra['p95_ms']} ms)"
        if "ready_ms" in r.extra:
            value += f"; kế hoạch hiện đủ sau {r.extra['ready_ms']:.0f} ms"
        base = "—" if r.baseline is None else (f"{r.baseline:.0f} {r.unit}" if r.baseline >= 10 else f"{r.baseline:.2f} {r.unit}")
        base += f" ({r.baseline_name})"
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        met = "—" if r.met is None else ("có" if r.met else "KHÔNG")
        lines.append(f"| {r.name} | {value} | {base} | {ratio} | {r.aim or '—'} | {met} |")
    return "\n".join(lines)


def update_readme(results, info: dict) -> None:
    from app.core.dates import short_date

    text = README.read_text(encoding="utf-8")
    block = (f"<!-- bench:start -->\nĐo ngày {short_date(datetime.now())} trên {info['cpu']} "
             f"({info['cores']} nhân), {info['system']}, Python {info['python']}, PySide6 {info['pyside6']}; "
             f"trung vị nhiều lần chạy (`python -m bench`).\n\n{table(results)}\n<!-- bench:end -->")
    text = re.sub(r"<!-- bench:start -->.*?<!-- bench:end -->", block, text, flags=re.S)
    README.write_text(text, encoding="utf-8")


def replace_rows(results, output: Path, info: dict) -> None:
    """``--only``: the measured rows replace theirs (by name) in results.json
    and in the README's table; the other figures stay as they were measured."""
    saved = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {"results": []}
    fresh = {r.name: _as_json(r) for r in results}
    kept = [r for r in saved.get("results", []) if r["name"] not in fresh]
    saved["results"] = kept + list(fresh.values())
    saved["partial_update"] = {"date": datetime.now().isoformat(timespec="seconds"), "names": list(fresh),
                               "machine": info}
    output.write_text(json.dumps(saved, ensure_ascii=False, indent=2), encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    start, end = text.index("<!-- bench:start -->"), text.index("<!-- bench:end -->")
    block = text[start:end].rstrip("\n").split("\n")
    names = [r.name for r in results]
    block = [row for row in block if not any(row.startswith((f"| {n} |", f"«{n}»")) for n in names)]
    table_end = max(i for i, row in enumerate(block) if row.startswith("|")) + 1
    rows = table(results).split("\n")[2:]
    notes = [f"«{n}»: đo riêng ngày {datetime.now():%d/%m/%Y} trên {info['cpu']} ({info['cores']} nhân), "
             f"{info['system']} (`python -m bench --only consolidation`)." for n in names]
    block = block[:table_end] + rows + block[table_end:]
    while block and not block[-1].strip():  # run after run, one blank line before the notes
        block.pop()
    block += [""] + notes
    README.write_text(text[:start] + "\n".join(block) + "\n" + text[end:], encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="kích thước nhỏ, chạy một lần (cho CI)")
    parser.add_argument("--only", choices=("consolidation",),
                        help="chỉ một phép đo (kết quả ghi vào README bằng --update-readme, thay dòng của nó)")
    parser.add_argument("--update-readme", action="store_true", help="ghi bảng kết quả vào README (mục Hiệu năng)")
    args = parser.parse_args()
    info = machine()
    results = run_consolidation(args.quick) if args.only else run(args.quick)
    print()
    print(table(results))
    output = HERE / ("results-quick.json" if args.quick else "results.json")
    if args.only:
        if args.update_readme and not args.quick:
            replace_rows(results, output, info)
            print(f"\nĐã thay dòng của phép đo trong {output} và README.")
        return 0
    output.write_text(json.dumps({
        "date": datetime.now().isoformat(timespec="seconds"), "quick": args.quick, "machine": info,
        "results": [_as_json(r) for r in results],
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nĐã ghi {output}")
    if args.update_readme and not args.quick:
        update_readme(results, info)
    return 0


if __name__ == "__main__":
    sys.exit(main())
