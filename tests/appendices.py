"""Appendix tables laid out as offices lay them out — cells merged down and
sideways — with the rows an officer reads from them, field by field.

``SHARED_SUPPORT`` (tuyên truyền layout): task 4 has eight numbered sub-rows
4.1…4.8 sharing one "Cơ quan phối hợp", one "Thời gian" and one "Sản phẩm"
cell; task 3's two lines share the task, support and product cells; task 5's
lead cell spans the support column too.

``EIGHT_ACTIVITIES`` (ward CCHC layout): task 2's number, objective and task
span its eight activity rows, which share one support, one deadline and one
budget cell (and two product cells of four rows). The activities are long,
so the merged cells cross a page when printed.
"""

from __future__ import annotations

from typing import Sequence

from app.core.model import NewRow, RowKind
from app.core.numbering import NumberingItem, number_rows
from tests.office_documents import LEFT, UP

# (kind, printed number, task, activity, lead, support, timeframe, output, budget)
Row = tuple[str, str, str, str, str, str, str, str, str]

SHARED_SUPPORT_HEADERS = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"]
SHARED_SUPPORT_WIDTHS = (1.2, 9.0, 4.5, 5.0, 3.5, 3.0)
_STREETS = 8


def shared_support() -> tuple[list[list[str]], list[Row]]:
    support = "Ban công tác Mặt trận tổ dân phố; Chi hội Phụ nữ"
    cells = [
        SHARED_SUPPORT_HEADERS,
        ["1", "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025", "Văn phòng HĐND và UBND phường",
         "Các ban, ngành, đoàn thể phường", "Quý I/2025", "Kế hoạch"],
        ["2", "Tuyên truyền trên hệ thống loa truyền thanh của phường", "Công chức Văn hóa – Xã hội",
         "Đài truyền thanh phường", "Thường xuyên", "Tin, bài"],
        ["3", "Tuyên truyền trên Trang thông tin điện tử phường", "Công chức Văn phòng – Thống kê", "Ban biên tập",
         "Tháng 6/2025", "Tin, bài, ảnh"],
        [UP, UP, "Đoàn Thanh niên phường", UP, "Tháng 12/2025", UP],
        ["4", "Tổ chức hội nghị tuyên truyền tại các tổ dân phố", "Công chức Văn hóa – Xã hội", "Các tổ dân phố",
         "Năm 2025", "Hội nghị"],
    ]
    for street in range(1, _STREETS + 1):
        first = street == 1
        cells.append([f"4.{street}", f"Hội nghị tại tổ dân phố số {street}", f"Tổ trưởng tổ dân phố số {street}",
                      support if first else UP, "Quý II/2025" if first else UP,
                      "Biên bản hội nghị" if first else UP])
    cells.append(["5", "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa", "Bộ phận Một cửa phường",
                  LEFT, "Thường xuyên", "Bảng niêm yết"])
    rows: list[Row] = [
        ("task", "1", "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025", "",
         "Văn phòng HĐND và UBND phường", "Các ban, ngành, đoàn thể phường", "Quý I/2025", "Kế hoạch", ""),
        ("task", "2", "Tuyên truyền trên hệ thống loa truyền thanh của phường", "", "Công chức Văn hóa – Xã hội",
         "Đài truyền thanh phường", "Thường xuyên", "Tin, bài", ""),
        ("task", "3", "Tuyên truyền trên Trang thông tin điện tử phường", "",
         "Công chức Văn phòng – Thống kê\nĐoàn Thanh niên phường", "Ban biên tập", "Tháng 6/2025\nTháng 12/2025",
         "Tin, bài, ảnh", ""),
        ("task", "4", "Tổ chức hội nghị tuyên truyền tại các tổ dân phố", "", "Công chức Văn hóa – Xã hội",
         "Các tổ dân phố", "Năm 2025", "Hội nghị", ""),
    ]
    rows += [("subtask", f"4.{s}", f"Hội nghị tại tổ dân phố số {s}", "", f"Tổ trưởng tổ dân phố số {s}", support,
              "Quý II/2025", "Biên bản hội nghị", "") for s in range(1, _STREETS + 1)]
    rows.append(("task", "5", "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa", "", "Bộ phận Một cửa phường",
                 "", "Thường xuyên", "Bảng niêm yết", ""))
    return cells, rows


EIGHT_ACTIVITIES_HEADERS = ["TT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Kết quả/ Sản phẩm", "Cơ quan chủ trì",
                            "Cơ quan phối hợp", "Thời gian thực hiện", "Dự kiến kinh phí (nếu có)"]
EIGHT_ACTIVITIES_WIDTHS = (1.0, 3.4, 3.6, 5.2, 2.8, 3.0, 2.8, 2.4, 2.2)
_FIELDS_CHECKED = ("đất đai", "xây dựng", "hộ tịch", "chứng thực", "tư pháp", "lao động – thương binh và xã hội",
                   "văn hóa – thông tin", "kinh tế")
_LEADS = ("Công chức Địa chính – Xây dựng", "Công chức Địa chính – Xây dựng", "Công chức Tư pháp – Hộ tịch",
          "Công chức Tư pháp – Hộ tịch", "Công chức Tư pháp – Hộ tịch", "Công chức Văn hóa – Xã hội",
          "Công chức Văn hóa – Xã hội", "Công chức Tài chính – Kế toán")


def _activity(index: int) -> str:
    return (f"Kiểm tra việc tiếp nhận, giải quyết hồ sơ thủ tục hành chính lĩnh vực {_FIELDS_CHECKED[index]} "
            "tại Bộ phận Một cửa; tổng hợp kết quả, kiến nghị khắc phục những tồn tại, hạn chế")


def eight_activities() -> tuple[list[list[str]], list[Row]]:
    objective = "100% hồ sơ thủ tục hành chính được tiếp nhận, giải quyết đúng hạn"
    task = "Nâng cao chất lượng giải quyết thủ tục hành chính tại Bộ phận Một cửa"
    support, deadline, budget = "Các công chức chuyên môn", "Định kỳ hàng quý", "Ngân sách phường"
    cells = [EIGHT_ACTIVITIES_HEADERS,
             ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"] + [LEFT] * 7,
             ["1", "Văn bản quy phạm pháp luật của phường được rà soát đầy đủ",
              "Rà soát văn bản quy phạm pháp luật năm 2025", "Xây dựng kế hoạch rà soát", "Kế hoạch",
              "Công chức Tư pháp – Hộ tịch", "Các công chức chuyên môn", "Quý I/2025", ""]]
    for index in range(8):
        first = index == 0
        output = ("Báo cáo kết quả" if index == 0 else "Biên bản kiểm tra" if index == 4 else UP)
        cells.append(["2" if first else UP, objective if first else UP, task if first else UP, _activity(index),
                      output, _LEADS[index], support if first else UP, deadline if first else UP,
                      budget if first else UP])
    cells += [["II", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"] + [LEFT] * 7,
              ["3", "100% văn bản được ký số", "Ký số văn bản đi của phường", "Ký số trên Hệ thống quản lý văn bản",
               "Văn bản ký số", "Công chức Văn phòng – Thống kê", LEFT, "Thường xuyên", ""],
              ["4", "Duy trì Trang thông tin điện tử phường", "Cập nhật tin, bài trên Trang thông tin điện tử",
               "Cập nhật tin, bài hằng tuần", "Tin, bài", "Ban biên tập", "Các ban, ngành, đoàn thể", "Thường xuyên", ""],
              [UP, UP, UP, "Đăng tải thủ tục hành chính mới", "Danh mục thủ tục", "Công chức Văn phòng – Thống kê",
               "Bộ phận Một cửa", UP, ""]]
    rows: list[Row] = [
        ("area", "I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", "", "", ""),
        ("task", "1", "Rà soát văn bản quy phạm pháp luật năm 2025", "Xây dựng kế hoạch rà soát",
         "Công chức Tư pháp – Hộ tịch", "Các công chức chuyên môn", "Quý I/2025", "Kế hoạch", ""),
        ("task", "2", task, _activity(0), _LEADS[0], support, deadline, "Báo cáo kết quả", budget),
    ]
    for index in range(1, 8):
        rows.append(("activity", "", "", _activity(index), _LEADS[index], support, deadline,
                     "Báo cáo kết quả" if index < 4 else "Biên bản kiểm tra", budget))
    rows += [
        ("area", "II", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "", "", "", "", "", ""),
        ("task", "3", "Ký số văn bản đi của phường", "Ký số trên Hệ thống quản lý văn bản",
         "Công chức Văn phòng – Thống kê", "", "Thường xuyên", "Văn bản ký số", ""),
        ("task", "4", "Cập nhật tin, bài trên Trang thông tin điện tử", "Cập nhật tin, bài hằng tuần", "Ban biên tập",
         "Các ban, ngành, đoàn thể", "Thường xuyên", "Tin, bài", ""),
        ("activity", "", "", "Đăng tải thủ tục hành chính mới", "Công chức Văn phòng – Thống kê", "Bộ phận Một cửa",
         "Thường xuyên", "Danh mục thủ tục", ""),
    ]
    return cells, rows


def read_rows(rows: Sequence[NewRow]) -> list[Row]:
    """Imported rows as ``Row`` tuples, in order, with their printed numbers."""
    flat: list[tuple[int, NewRow, int | None]] = []

    def walk(row: NewRow, parent: int | None) -> None:
        ident = len(flat) + 1
        flat.append((ident, row, parent))
        for child in row.children:
            walk(child, ident)

    for row in rows:
        walk(row, None)
    labels = number_rows(NumberingItem(i, r.kind, p, r.number_override) for i, r, p in flat)
    out = []
    for ident, row, _parent in flat:
        t = row.texts
        out.append((row.kind.value, labels[ident] if row.kind is not RowKind.ACTIVITY else "", t.get("task", ""),
                    t.get("activity", ""), t.get("lead", ""), t.get("support", ""), t.get("timeframe", ""),
                    t.get("output", ""), t.get("budget", "")))
    return out
