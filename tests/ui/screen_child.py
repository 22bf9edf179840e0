"""Opens the main window and every dialog on a virtual screen of the size
given (Qt's offscreen platform with a screen configuration), then prints
each one's frame and the screen's available area as JSON lines.

Run by tests/ui/test_fits_screen.py in its own process: the screen size of
a Qt application is fixed when it starts."""

import json
import sys
import tempfile
from pathlib import Path

from app.ui.qt import QApplication, QRect, QSettings


def main() -> None:
    remembered = sys.argv[1] if len(sys.argv) > 1 else ""
    app = QApplication(sys.argv[:1])
    from app import paths
    from app.services import Services
    from app.ui.backup_ui import BackupDialog
    from app.ui.dialogs import ColumnsDialog, NewPlanDialog
    from app.ui.entry_dialog import EntryDialog
    from app.ui.mail_dialog import MailDialog
    from app.ui.main_window import MainWindow
    from app.ui.pdf_preview import PdfPreviewDialog
    from app.ui.report_dialog import ReportDialog
    from app.ui.settings_dialog import SettingsDialog
    from app.ui.export_dialog import ExportDialog
    from app.ui.welcome import WelcomeDialog
    from app.ui.assessment.dialog import AssessmentDialog
    from app.ui.legal_bases import LibraryDialog

    if remembered:  # a window left large on a bigger monitor last time
        from app.ui.qt import QMainWindow

        big = QMainWindow()
        big.setGeometry(QRect(*map(int, remembered.split(","))))
        settings = QSettings(str(paths.data_dir() / "cua-so.ini"), QSettings.IniFormat)
        settings.setValue("geometry", big.saveGeometry())
        settings.sync()
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    services = Services.open(paths.data_dir() / "s.sqlite3")
    plan_id = services.imports.import_sample().plan_id
    window = MainWindow(services)
    window.show()
    app.processEvents()
    area = window.screen().availableGeometry()

    def report(name, widget) -> None:
        app.processEvents()
        frame = widget.frameGeometry()
        print(json.dumps({"name": name, "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                          "screen": [area.x(), area.y(), area.width(), area.height()]}), flush=True)

    report("window", window)
    state = window.open_plan.state
    pdf = Path(tempfile.mkdtemp()) / "ke-hoach.pdf"
    services.exports.export_plan_pdf(plan_id, pdf)
    dialogs = {
        "new-plan": lambda: NewPlanDialog(window),
        "columns": lambda: ColumnsDialog(list(state.plan.columns), window),
        "entry": lambda: EntryDialog(window, window.log_tab.task_choices(), state.tasks()[0], None,
                                     services.attachments.path_of),
        "backups": lambda: BackupDialog(window),
        "mail": lambda: MailDialog(services, plan_id, window),
        "report": lambda: ReportDialog(services, plan_id, window),
        "settings": lambda: SettingsDialog(services, window),
        "export-xlsx": lambda: ExportDialog(state.plan, Path.home(), window),
        "welcome": lambda: WelcomeDialog(str(services.data_dir), window),
        "print-preview": lambda: PdfPreviewDialog(pdf, "In kế hoạch", window),
        "self-assessment": lambda: AssessmentDialog(services, plan_id, window),
        "legal-bases": lambda: LibraryDialog(services, window),
    }
    for name, make in dialogs.items():
        dialog = make()
        dialog.show()
        report(name, dialog)
        dialog.close()
    window.close()
    services.close()


if __name__ == "__main__":
    main()
