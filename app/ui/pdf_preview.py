"""Preview exactly the PDF's pages, and print them (printer, copies, range).

Pages are rendered by PDFium (pypdfium2); what the officer sees is what the
printer gets. Landscape pages are turned to fit the sheet."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from app.ui.background import run_with_progress
from app.ui.qt import (
    QDesktopServices, QDialog, QDialogButtonBox, QHBoxLayout, QImage, QLabel, QPainter, QPixmap, QPushButton, QScrollArea,
    Qt, QTransform, QUrl, QVBoxLayout, QWidget, print_support,
)
from app.ui.screen import fit_to_screen

log = logging.getLogger(__name__)
PREVIEW_DPI = 80


def render_page(pdf_path: Path, index: int, dpi: float) -> QImage:
    """One page as a QImage at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        page = document[index]
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format_RGBA8888)
        return image.copy()  # own the pixels before PDFium frees them
    finally:
        document.close()


def page_count(pdf_path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(document)
    finally:
        document.close()


class PdfPreviewDialog(QDialog):
    def __init__(self, pdf_path: Path, title: str, parent=None):
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        self.setWindowTitle(title)
        pages = QWidget()
        column = QVBoxLayout(pages)
        column.setAlignment(Qt.AlignHCenter)
        self.page_labels: list[QLabel] = []
        self.count = page_count(self.pdf_path)
        for index in range(self.count):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(render_page(self.pdf_path, index, PREVIEW_DPI)))
            label.setStyleSheet("background: white; border: 1px solid #999; margin: 6px;")
            column.addWidget(label, 0, Qt.AlignHCenter)
            self.page_labels.append(label)
        # Wide enough for a landscape appendix page (no sideways scrolling)
        # where the screen has room; never beyond the screen.
        widest = max((label.pixmap().width() for label in self.page_labels), default=600)
        fit_to_screen(self, max(900, widest + 70), 800)
        scroll = QScrollArea()
        scroll.setWidget(pages)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea { background: #777; }")
        info = QLabel(self.tr("%d trang — bản xem trước đúng như bản in") % self.count)
        print_button = QPushButton(self.tr("In…"))
        print_button.setDefault(True)
        print_button.clicked.connect(self.print_pages)
        viewer = QPushButton(self.tr("Mở bằng trình xem PDF"))
        viewer.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path))))
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.button(QDialogButtonBox.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(info, 1)
        bar.addWidget(viewer)
        bar.addWidget(print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)

    def print_pages(self) -> None:
        support = print_support()
        QPrintDialog, QPrinter = support.QPrintDialog, support.QPrinter
        printer = QPrinter(QPrinter.HighResolution)
        printer.setFullPage(True)
        printer.setFromTo(1, self.count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("In"))
        dialog.setMinMax(1, self.count)
        if dialog.exec() != QDialog.Accepted:
            return
        print_pdf(self.pdf_path, printer)


def print_pdf(pdf_path: Path, printer) -> int:
    """Draw the chosen pages on ``printer``; returns how many were sent."""
    first = printer.fromPage() or 1
    last = printer.toPage() or page_count(pdf_path)
    dpi = min(printer.resolution(), 300)
    painter = QPainter()
    if not painter.begin(printer):
        from app.core.errors import UserError

        raise UserError("Không mở được máy in. Hãy kiểm tra máy in rồi thử lại.")
    sent = 0
    try:
        for number in range(first, last + 1):
            if sent:
                printer.newPage()
            image = render_page(pdf_path, number - 1, dpi)
            target = printer.pageRect(print_support().QPrinter.Unit.DevicePixel)
            if (image.width() > image.height()) != (target.width() > target.height()):
                image = image.transformed(QTransform().rotate(90))
            scaled = image.scaled(int(target.width()), int(target.height()), Qt.KeepAspectRatio,
                                  Qt.SmoothTransformation)
            x = target.x() + (target.width() - scaled.width()) / 2
            y = target.y() + (target.height() - scaled.height()) / 2
            painter.drawImage(int(x), int(y), scaled)
            sent += 1
    finally:
        painter.end()
    return sent


def preview_generated(window, title: str, generate) -> None:
    """Make a PDF with ``generate(target, progress)`` off the UI thread, then
    show its preview."""
    folder = Path(tempfile.mkdtemp(prefix="cchc-in-"))
    target = folder / "ban-in.pdf"

    def work(progress):
        return generate(target, lambda page: progress.step(page, 0, window.tr("Đang dựng trang %d…") % page))

    def done(path):
        PdfPreviewDialog(Path(path), title, window).exec()

    run_with_progress(window, window.tr("Đang chuẩn bị bản in…"), work, done)


def print_plan(window, services, plan_id: int, document: bool, appendix: bool) -> None:
    """The plan's document and/or appendix, generated off the UI thread and
    shown in the print preview."""
    title = window.tr("In kế hoạch") if document else window.tr("In phụ lục")
    preview_generated(window, title, lambda target, progress: services.exports.export_plan_pdf(
        plan_id, target, progress=progress, document=document, appendix=appendix))
