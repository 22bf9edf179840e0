"""What a new plan starts from: appendix layouts seen in real plans, the seven
CCHC areas, and the document text a ward plan usually has."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.model import Column, Section, Signer

KIND_CCHC = "cchc"
KIND_PROPAGANDA = "tuyen-truyen"
KIND_OTHER = "khac"
KIND_LABELS = {
    KIND_CCHC: "Kế hoạch CCHC",
    KIND_PROPAGANDA: "Kế hoạch tuyên truyền CCHC",
    KIND_OTHER: "Kế hoạch khác",
}

# Every field a column can show, with its usual header. "units" prints lead
# and support in one cell (seed 000); "due" and "status" are the app's own.
FIELD_LABELS: dict[str, str] = {
    "number": "TT",
    "objective": "Mục tiêu",
    "task": "Nhiệm vụ",
    "activity": "Hoạt động",
    "form": "Hình thức",
    "output": "Kết quả/Sản phẩm",
    "lead": "Cơ quan chủ trì",
    "support": "Cơ quan phối hợp",
    "units": "Đơn vị thực hiện",
    "timeframe": "Thời gian thực hiện",
    "budget": "Dự kiến kinh phí",
    "note": "Ghi chú",
    "due": "Hạn",
    "status": "Tình trạng",
}
APP_ONLY_FIELDS = ("due", "status")


def _columns(*spec: tuple[str, str, float]) -> tuple[Column, ...]:
    return tuple(Column(field, header, width) for field, header, width in spec)


@dataclass(frozen=True)
class LayoutPreset:
    key: str
    label: str
    columns: tuple[Column, ...]


LAYOUTS: dict[str, LayoutPreset] = {
    preset.key: preset
    for preset in (
        LayoutPreset(
            "cchc-004",
            "Kế hoạch CCHC phường/xã (mục tiêu, nhiệm vụ, hoạt động)",
            _columns(
                ("number", "TT", 5), ("objective", "Mục tiêu", 22), ("task", "Nhiệm vụ", 22),
                ("activity", "Hoạt động", 22), ("output", "Kết quả/Sản phẩm", 16),
                ("lead", "Cơ quan chủ trì", 13), ("support", "Cơ quan phối hợp", 13),
                ("timeframe", "Thời gian thực hiện", 13), ("budget", "Dự kiến kinh phí (nếu có)", 11),
            ),
        ),
        LayoutPreset(
            "tuyen-truyen-002",
            "Tuyên truyền: nhiệm vụ, chủ trì, phối hợp, thời gian, sản phẩm",
            _columns(
                ("number", "TT", 5), ("task", "Nhiệm vụ", 40), ("lead", "Cơ quan chủ trì", 18),
                ("support", "Cơ quan phối hợp", 20), ("timeframe", "Thời gian thực hiện/hoàn thành", 14),
                ("output", "Sản phẩm", 14),
            ),
        ),
        LayoutPreset(
            "tuyen-truyen-000",
            "Tuyên truyền: nội dung, hình thức, đơn vị thực hiện, thời gian",
            _columns(
                ("number", "STT", 5), ("task", "Nội dung tuyên truyền", 36),
                ("form", "Hình thức tuyên truyền", 26), ("units", "Đơn vị thực hiện", 30),
                ("timeframe", "Thời gian thực hiện", 13),
            ),
        ),
        LayoutPreset(
            "phan-cong",
            "Phân công: nội dung, chủ trì, phối hợp, thời hạn, sản phẩm, ghi chú",
            _columns(
                ("number", "STT", 5), ("task", "Nội dung nhiệm vụ", 36), ("lead", "Đơn vị chủ trì", 16),
                ("support", "Đơn vị phối hợp", 16), ("timeframe", "Thời gian hoàn thành", 13),
                ("output", "Sản phẩm/kết quả", 16), ("note", "Ghi chú", 10),
            ),
        ),
    )
}

CCHC_AREAS: tuple[str, ...] = (
    "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    "CẢI CÁCH THỂ CHẾ",
    "CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH",
    "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
    "CẢI CÁCH TÀI CHÍNH CÔNG",
    "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ",
)


@dataclass(frozen=True)
class PlanPreset:
    """The document a new plan of a kind starts with."""

    kind: str
    layout: str
    areas: tuple[str, ...]
    title: str                    # "{year}" and "{unit}" are filled in
    appendix_title: str
    sections: tuple[Section, ...]


def _sections(*pairs: tuple[str, str]) -> tuple[Section, ...]:
    return tuple(Section(h, t) for h, t in pairs)


PLAN_PRESETS: dict[str, PlanPreset] = {
    KIND_CCHC: PlanPreset(
        kind=KIND_CCHC,
        layout="cchc-004",
        areas=CCHC_AREAS,
        title="Thực hiện công tác cải cách hành chính năm {year}",
        appendix_title="Các mục tiêu, nhiệm vụ cụ thể triển khai công tác cải cách hành chính năm {year}",
        sections=_sections(
            ("I. MỤC TIÊU", "Thực hiện có hiệu quả, đồng bộ các lĩnh vực cải cách hành chính, "
             "nâng cao Chỉ số cải cách hành chính của {unit}, Chỉ số hài lòng của người dân, "
             "tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước."),
            ("II. MỤC TIÊU, NHIỆM VỤ CỤ THỂ", "(Chi tiết tại Phụ lục kèm theo Kế hoạch)"),
            ("III. GIẢI PHÁP THỰC HIỆN", ""),
            ("IV. TỔ CHỨC THỰC HIỆN", ""),
        ),
    ),
    KIND_PROPAGANDA: PlanPreset(
        kind=KIND_PROPAGANDA,
        layout="tuyen-truyen-002",
        areas=(),
        title="Tuyên truyền cải cách hành chính năm {year}",
        appendix_title="Nhiệm vụ cụ thể triển khai công tác tuyên truyền cải cách hành chính năm {year}",
        sections=_sections(
            ("I. MỤC ĐÍCH, YÊU CẦU", ""),
            ("II. NỘI DUNG THỰC HIỆN", ""),
            ("III. KINH PHÍ THỰC HIỆN", ""),
            ("IV. TỔ CHỨC THỰC HIỆN", ""),
        ),
    ),
}

# Nơi nhận of a new plan and of a report come from the unit's settings
# (app.core.unit.UnitProfile): the province and its Sở Nội vụ by name.

DEFAULT_SIGNER = Signer(authority="TM.", authority_of="ỦY BAN NHÂN DÂN", title="CHỦ TỊCH")

SIGNER_AUTHORITIES: tuple[str, ...] = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")
