"""Settings the officer can change, declared once with their defaults.

Values live in the database (they travel with the plans in a backup); the
window's geometry lives in QSettings instead, because it belongs to the
machine, not to the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    label: str


_SPECS = (
    # The unit (app.core.unit.UnitProfile): kind and name in one text, as a
    # sentence writes them ("phường Hồng Hải"); so is the province.
    SettingSpec("unit_name", "", "Tên đơn vị (ví dụ: phường Hồng Hải)"),
    SettingSpec("province", "", "Tỉnh, thành phố (ví dụ: tỉnh Quảng Ninh)"),
    SettingSpec("upper_body", "", "Ủy ban nhân dân tỉnh, thành phố (để trống: theo tên tỉnh)"),
    SettingSpec("home_affairs_body", "", "Sở Nội vụ (để trống: theo tên tỉnh)"),
    SettingSpec("home_affairs_email", "", "Địa chỉ thư của Sở Nội vụ"),
    SettingSpec("report_addressees", [], "Kính gửi của báo cáo (để trống: Ủy ban nhân dân tỉnh, qua Sở Nội vụ)"),
    SettingSpec("unit_code", "", "Mã đơn vị hành chính (ví dụ: 01834)"),
    SettingSpec("parent_body", "", "Cơ quan chủ quản (nếu có)"),
    SettingSpec("place", "", "Địa danh ghi ở ngày tháng (để trống: tên đơn vị)"),
    # None until the officer edits it: the built-in library (app.core.legal_bases).
    SettingSpec("legal_basis_library", None, "Thư viện căn cứ"),
    SettingSpec("window_start_day", 15, "Ngày bắt đầu kỳ số liệu (tháng trước kỳ)"),
    SettingSpec("window_end_day", 14, "Ngày chốt số liệu (tháng cuối kỳ)"),
    SettingSpec("report_deadline_day.q1", 10, "Hạn gửi báo cáo quý I (ngày của tháng 3)"),
    SettingSpec("report_deadline_day.h1", 10, "Hạn gửi báo cáo 6 tháng (ngày của tháng 6)"),
    SettingSpec("report_deadline_day.q3", 10, "Hạn gửi báo cáo quý III (ngày của tháng 9)"),
    SettingSpec("report_deadline_day.year", 10, "Hạn gửi báo cáo năm (ngày của tháng 12)"),
    SettingSpec("reminders_enabled", True, "Nhắc hạn khi mở chương trình"),
    SettingSpec("sender_email", "", "Địa chỉ thư của đơn vị (người gửi)"),
    SettingSpec("last_reminder_date", "", "Ngày nhắc hạn gần nhất"),
    # Consolidation ("Tổng hợp", at the province): the units that must
    # report, [{"name", "code"}], and each period's deadline, {"q1-2025": "2025-03-10"}.
    SettingSpec("consolidation_expected_units", [], "Danh sách đơn vị phải nộp báo cáo"),
    SettingSpec("consolidation_deadlines", {}, "Hạn nộp báo cáo của các đơn vị, theo kỳ"),
)

SETTINGS: dict[str, SettingSpec] = {spec.key: spec for spec in _SPECS}

