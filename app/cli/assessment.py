"""The self-assessment from the command line: self-assess.

``cchc self-assess PLAN_ID OUT.xlsx [--criteria FILE.xlsx] [--as-of DATE]
[--evidence-zip OUT.zip] [--pdf OUT.pdf]`` writes the table (and the PDF and
the evidence folder). With ``--criteria`` the province's table replaces the
plan's criteria first (work done on codes that stay is kept). Everything is
checked before anything is written: a bad criteria file or a bad output
path exits 2 with one line and leaves the data and the files as they were.
"""

from __future__ import annotations

from pathlib import Path

from app.cli.common import EXIT_OK, open_services
from app.cli.parser import date_arg, path_arg, record_id
from app.core.errors import InvalidInputError


def register(sub, common) -> dict:
    p = sub.add_parser("self-assess", parents=[common],
                       help="tự đánh giá, chấm điểm Chỉ số CCHC: bảng .xlsx (và PDF, hồ sơ minh chứng .zip)")
    p.add_argument("plan_id", type=record_id, metavar="KẾ_HOẠCH")
    p.add_argument("output", type=path_arg, metavar="TỆP.xlsx", help="bảng tự đánh giá")
    p.add_argument("--criteria", type=path_arg, metavar="TỆP.xlsx",
                   help="bảng tiêu chí của tỉnh (cột Mã, Nội dung, Điểm tối đa; có thể có Cách tính, Thang điểm, Hạn)")
    p.add_argument("--as-of", type=date_arg, metavar="NGÀY",
                   help="ngày chốt số liệu (mặc định: ngày chốt số liệu năm, hoặc hôm nay nếu sớm hơn)")
    p.add_argument("--evidence-zip", type=path_arg, metavar="TỆP.zip", help="hồ sơ minh chứng: mỗi tiêu chí một thư mục")
    p.add_argument("--pdf", type=path_arg, metavar="TỆP.pdf", help="bảng tự đánh giá dạng PDF")
    return {"self-assess": _cmd_self_assess}


def _check_target(path: str, suffix: str, label: str) -> Path:
    target = Path(path)
    if target.suffix.lower() != suffix:
        raise InvalidInputError(f"{label} phải có đuôi {suffix}: «{path}».")
    if target.is_dir():
        raise InvalidInputError(f"«{path}» là một thư mục; hãy chọn tên tệp.")
    if not target.parent.is_dir():
        raise InvalidInputError(f"Thư mục «{target.parent}» không tồn tại.")
    return target


def _cmd_self_assess(args, out) -> int:
    targets = [_check_target(args.output, ".xlsx", "Bảng tự đánh giá")]
    if args.pdf:
        targets.append(_check_target(args.pdf, ".pdf", "Tệp PDF"))
    if args.evidence_zip:
        targets.append(_check_target(args.evidence_zip, ".zip", "Hồ sơ minh chứng"))
    if len({t.resolve() for t in targets}) < len(targets):
        raise InvalidInputError("Các tệp ra phải khác nhau.")
    reading = None
    if args.criteria:
        from app.io.criteria_xlsx import read_criteria

        reading = read_criteria(Path(args.criteria))  # refused here: nothing is written
    services = open_services(args)
    try:
        for target in targets:  # never over the data file: refused before anything is written
            services.check_output(target)
        plan = services.plans.get(args.plan_id)
        if reading is not None:
            services.assessment.replace_criteria(plan.id, reading.specs)
            print(f"Đã nhập {len(reading.specs)} tiêu chí từ «{Path(args.criteria).name}».", file=out)
        assessment = services.assessment
        data = assessment.data(plan.id, args.as_of)
        from app.io.assessment_xlsx import write_assessment_xlsx

        written = [write_assessment_xlsx(data, assessment.check_output(targets[0]))]
        if args.pdf:
            written.append(assessment.export_pdf(plan.id, Path(args.pdf), args.as_of))
        if args.evidence_zip:
            written.append(assessment.export_evidence(plan.id, Path(args.evidence_zip), args.as_of))
    finally:
        services.close()
    result = data.result
    print(f"Tổng điểm tự đánh giá: {_points(result.total_score)}/{_points(result.total_max)} "
          f"(số liệu đến ngày {data.as_of:%d/%m/%Y}).", file=out)
    for missing in result.missing:
        print(f"Còn thiếu: tiêu chí {missing.criterion.code} — {missing.needs}.", file=out)
    for path in written:
        print(path, file=out)
    return EXIT_OK


def _points(value: float) -> str:
    from app.core.assessment.criteria import format_points

    return format_points(value) or "0"
