"""The document's own fields found in a file to import, shown read-only in
the import preview: the officer sees what goes where (the signer is not in
section I, the body keeps its second line) before anything is written."""

from __future__ import annotations

from app.io.document_header import DocumentFields
from app.ui.qt import QtWidgets


def _date(document: DocumentFields) -> str:
    parts = [f"{document.issue_day:02d}" if document.issue_day else "…",
             f"{document.issue_month:02d}" if document.issue_month else "…",
             str(document.issue_year) if document.issue_year else "…"]
    return "/".join(parts)


class DocumentFieldsView(QtWidgets.QTreeWidget):
    """Field | what the file gives it; lists (căn cứ, parts, Nơi nhận) unfold."""

    def __init__(self, document: DocumentFields, parent=None):
        super().__init__(parent)
        self.setHeaderLabels([self.tr("Trường"), self.tr("Nội dung tìm thấy")])
        self.setColumnWidth(0, 200)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.show_document(document)

    def show_document(self, document: DocumentFields) -> None:
        self.clear()
        signer = document.signer
        number = f"{document.number or '…'}/{document.symbol}" if document.symbol else document.number
        simple = [
            (self.tr("Cơ quan chủ quản"), document.parent_body),
            (self.tr("Cơ quan ban hành"), document.issuing_body),
            (self.tr("Số, ký hiệu"), number),
            (self.tr("Địa danh"), document.place),
            (self.tr("Ngày ban hành"), _date(document) if document.issue_year or document.issue_month else ""),
            (self.tr("Tên loại"), document.doc_type),
            (self.tr("Trích yếu"), document.title),
        ]
        for label, value in simple:
            self._item(None, label, value)
        self._list(self.tr("Căn cứ"), document.legal_bases)
        parts = self._item(None, self.tr("Các phần"), self.tr("%d phần") % len(document.sections))
        for section in document.sections:
            text = section.text.split("\n", 1)[0]
            self._item(parts, section.heading or self.tr("(không tiêu đề)"), text + ("…" if "\n" in section.text else ""))
        if signer is not None:
            who = self._item(None, self.tr("Người ký"), signer.name)
            self._item(who, self.tr("Quyền hạn"), " ".join(p for p in (signer.authority, signer.authority_of) if p))
            self._item(who, self.tr("Ký thay"), signer.deputy_line)
            self._item(who, self.tr("Chức vụ"), signer.title)
        self._list(self.tr("Nơi nhận"), document.recipients)
        self._item(None, self.tr("Tiêu đề phụ lục"), document.appendix_heading)
        self._item(None, self.tr("Tên phụ lục"), document.appendix_title)
        self._item(None, self.tr("Dòng «Kèm theo»"), document.appendix_caption)
        self.expandAll()

    def _item(self, parent, label: str, value: str) -> QtWidgets.QTreeWidgetItem:
        shown = value if value else self.tr("(không có)")
        item = QtWidgets.QTreeWidgetItem([label, shown.replace("\n", " / ")])
        item.setToolTip(1, value)
        if not value:
            item.setForeground(1, self.palette().placeholderText())
        (parent.addChild(item) if parent is not None else self.addTopLevelItem(item))
        return item

    def _list(self, label: str, values) -> None:
        group = self._item(None, label, self.tr("%d dòng") % len(values) if values else "")
        for value in values:
            self._item(group, "", value)
