"""Who else has the plan open: a small note in the status bar.

Only for data on a shared PostgreSQL server (a SQLite file has one program
at a time). The window marks the plan it shows on the server (a shared
lock, ``DataStore.show_plan``) and asks every few seconds who else has it:
"Đang mở bởi: lan@MAY-CCHC". Changes made elsewhere show when the plan is
chosen again; the note says so.
"""

from __future__ import annotations

from app.ui.qt import QLabel, QtCore

REFRESH_MS = 10_000


def presence_text(holders) -> str:
    """The status bar's words for the other holders of a plan ("" for none)."""
    writers = [h.label for h in holders if h.writing]
    viewers = [h.label for h in holders if not h.writing]
    parts = []
    if viewers:
        parts.append("Đang mở bởi: " + ", ".join(viewers))
    if writers:
        parts.append("Đang được ghi bởi lệnh cchc: " + ", ".join(writers))
    return " · ".join(parts)


class PresenceIndicator(QLabel):
    def __init__(self, window):
        super().__init__()
        self.window = window
        self.setObjectName("presence")
        self.setStyleSheet("QLabel#presence { color: #9a4b00; font-weight: bold; padding: 0 6px; }")
        self.setToolTip(self.tr("Kế hoạch này cũng đang mở trên máy khác. Mọi thay đổi vẫn được lưu ngay; "
                                "thay đổi của máy khác hiện ra khi chọn lại kế hoạch."))
        self.setVisible(False)
        window.statusBar().insertPermanentWidget(0, self)
        window.plan_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.timer = QtCore.QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(REFRESH_MS)
        self.refresh()

    def refresh(self) -> None:
        services = self.window.services
        if services is None:
            return
        plan_id = self.window.current_plan_id
        services.store.show_plan(plan_id)
        text = presence_text(services.store.others_on_plan(plan_id)) if plan_id is not None else ""
        self.setText(text)
        self.setVisible(bool(text))


def install_presence(window, services) -> PresenceIndicator | None:
    """The indicator, when the data are shared (nothing for a file)."""
    if not services.store.shared:
        return None
    window.presence = PresenceIndicator(window)
    return window.presence
