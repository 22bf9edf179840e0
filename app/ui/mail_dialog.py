"""Gửi lên tỉnh: what to send, to whom (from the address book), subject and
body prefilled; an .eml draft in the outbox opened with the mail program,
the folder for webmail, and the history of what was prepared."""

from __future__ import annotations

from pathlib import Path

from app.core.dates import short_date_time
from app.services.mail import ATTACHMENT_KINDS, ATTACHMENT_LABELS
from app.ui.background import run_with_progress
from app.ui.errors import show_error
from app.ui.qt import (
    QCheckBox, QComboBox, QDesktopServices, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, Qt, QtWidgets,
    QUrl, QVBoxLayout,
)
from app.ui.screen import fit_to_screen


class MailDialog(QDialog):
    def __init__(self, services, plan_id: int, parent=None):
        super().__init__(parent)
        self.services = services
        self.plan_id = plan_id
        self.setWindowTitle(self.tr("Gửi lên tỉnh (Sở Nội vụ)"))
        fit_to_screen(self, 820, 720)
        self.include = {}
        files = QGroupBox(self.tr("Tệp gửi kèm (tạo mới từ dữ liệu hiện tại)"))
        files_layout = QVBoxLayout(files)
        from app.core.periods import PERIOD_LABELS, Period
        from app.ui.package_panel import PackagePanel

        self.report = QComboBox()
        self.report.addItem(self.tr("(không gửi báo cáo)"), None)
        for report in services.reports.list(plan_id):
            self.report.addItem(f"Báo cáo {PERIOD_LABELS[Period(report.period)]} {report.year}", report.id)
        self.package = PackagePanel(services, plan_id, self.report.currentData, self)
        for kind in ATTACHMENT_KINDS:
            box = QCheckBox(self.tr(ATTACHMENT_LABELS[kind]))
            box.setChecked(kind not in ("report-pdf", "package"))
            box.toggled.connect(self._refresh_texts)
            self.include[kind] = box
            files_layout.addWidget(box)
            if kind == "report-pdf":
                files_layout.addWidget(self.report)  # which report goes with it
            elif kind == "package":
                files_layout.addWidget(self.package)  # who sends it, for which period
        self.report.currentIndexChanged.connect(self._report_changed)
        self.vietnamese_names = QCheckBox(self.tr("Giữ dấu tiếng Việt trong tên tệp"))
        self.vietnamese_names.toggled.connect(self._refresh_texts)
        files_layout.addWidget(self.vietnamese_names)

        self.recipients = QListWidget()
        self.recipients.setMaximumHeight(110)
        # The unit's Sở Nội vụ (Thiết lập › Đơn vị) is ticked to begin with.
        defaults = services.mail.default_recipients()
        default_emails = {d.rsplit("<", 1)[-1].rstrip(">").strip().lower() for d in defaults}
        for contact in services.contacts.list():
            item = QListWidgetItem(contact.display)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if contact.email.lower() in default_emails else Qt.Unchecked)
            default_emails.discard(contact.email.lower())
            self.recipients.addItem(item)
        for address in defaults:
            if address.rsplit("<", 1)[-1].rstrip(">").strip().lower() in default_emails:
                item = QListWidgetItem(address)
                item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
                item.setCheckState(Qt.Checked)
                self.recipients.addItem(item)
        self.new_address = QLineEdit()
        self.new_address.setPlaceholderText(self.tr("Thêm người nhận, ví dụ: Sở Nội vụ <snv@tinh.gov.vn>"))
        add = QPushButton(self.tr("Thêm"))
        add.clicked.connect(self._add_address)
        self.new_address.returnPressed.connect(self._add_address)
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.history = QtWidgets.QTreeWidget()
        self.history.setHeaderLabels([self.tr("Lúc"), self.tr("Gửi tới"), self.tr("Tiêu đề")])
        self.history.setRootIsDecorated(False)
        self.history.setMaximumHeight(130)
        self.history.itemActivated.connect(lambda item, _c: self._open_folder(item.data(0, Qt.UserRole)))

        address_row = QHBoxLayout()
        address_row.addWidget(self.new_address, 1)
        address_row.addWidget(add)
        form = QFormLayout()
        form.addRow(self.tr("Người nhận:"), self.recipients)
        form.addRow("", address_row)
        form.addRow(self.tr("Tiêu đề:"), self.subject)
        form.addRow(self.tr("Nội dung:"), self.body)
        buttons = QDialogButtonBox()
        self.prepare_button = buttons.addButton(self.tr("Soạn thư và mở"), QDialogButtonBox.AcceptRole)
        outbox = buttons.addButton(self.tr("Mở thư mục thư đi"), QDialogButtonBox.ActionRole)
        close = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.RejectRole)
        self.prepare_button.clicked.connect(self.prepare)
        outbox.clicked.connect(lambda: self._open_folder(str(services.mail.outbox)))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(files)
        layout.addLayout(form, 1)
        layout.addWidget(QLabel(self.tr("Đã soạn trước đây (nhấp đúp để mở thư mục):")))
        layout.addWidget(self.history)
        layout.addWidget(buttons)
        self._refresh_texts()
        self._fill_history()

    def _report_changed(self) -> None:
        chosen = self.report.currentData() is not None
        self.include["report-pdf"].setChecked(chosen)
        self.include["package"].setChecked(chosen)  # the report, for the province's consolidation
        self.package.refresh()
        self._refresh_texts()

    def chosen(self) -> list[str]:
        return [kind for kind, box in self.include.items() if box.isChecked()]

    def addresses(self) -> list[str]:
        return [self.recipients.item(i).text() for i in range(self.recipients.count())
                if self.recipients.item(i).checkState() == Qt.Checked]

    def _add_address(self) -> None:
        text = self.new_address.text().strip()
        if not text:
            return
        try:
            contact = self.services.contacts.add(text)
        except Exception as error:
            show_error(self, error)
            return
        item = QListWidgetItem(contact.display)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked)
        self.recipients.addItem(item)
        self.new_address.clear()

    def _refresh_texts(self) -> None:
        report_id = self.report.currentData()
        mail = self.services.mail
        self.subject.setText(mail.subject(self.plan_id, report_id))
        names = mail.file_names(self.plan_id, report_id, self.vietnamese_names.isChecked())
        self.body.setPlainText(mail.body(self.plan_id, report_id, [names[k] for k in self.chosen() if k in names]))

    def _fill_history(self) -> None:
        self.history.clear()
        for record in self.services.mail.history(self.plan_id):
            item = QtWidgets.QTreeWidgetItem([short_date_time(record.created_at), ", ".join(record.recipients),
                                              record.subject])
            item.setData(0, Qt.UserRole, str(Path(record.eml_path).parent))
            self.history.addTopLevelItem(item)

    def prepare(self) -> None:
        to, include, report_id = self.addresses(), self.chosen(), self.report.currentData()
        try:
            self.services.mail.check(to, include, report_id)  # refuse before any work starts
            if "package" in include:
                self.package.store_unit()
        except Exception as error:
            show_error(self, error)
            return
        subject, body, keep = self.subject.text(), self.body.toPlainText(), self.vietnamese_names.isChecked()

        def work(progress):
            return self.services.mail.prepare(self.plan_id, to, include, report_id, subject, body, keep,
                                              progress=lambda d, t: progress.step(d, t, self.tr("Đang tạo tệp…")))

        def done(draft) -> None:
            self._fill_history()
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(draft.eml_path)))
            QMessageBox.information(self, self.windowTitle(),
                                    self.tr("Đã soạn thư nháp:\n%s\n\nThư mở bằng chương trình thư của máy. "
                                            "Nếu dùng thư trên web, hãy đính kèm các tệp trong thư mục:\n%s")
                                    % (draft.eml_path, draft.folder))

        run_with_progress(self, self.tr("Đang soạn thư…"), work, done)

    def _open_folder(self, folder: str) -> None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(folder))
