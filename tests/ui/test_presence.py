"""The window says who else has the plan open when the data are on a server;
over a file it says nothing (one program at a time)."""

import pytest

from app.models.postgres import this_program
from app.services import Services
from app.ui.presence import install_presence


def test_a_file_shows_no_presence_note(window, services):
    assert install_presence(window, services) is None
    assert window.findChild(type(window.summary_label), "presence") is None


@pytest.mark.postgres
def test_the_status_bar_names_who_else_has_the_plan_open(qtbot, messages, pg_migrated_url, tmp_path):
    from app.ui.main_window import MainWindow

    mine = Services.open(pg_migrated_url, tmp_path / "data1")
    other = Services.open(pg_migrated_url, tmp_path / "data2")
    try:
        first = mine.plans.create("cchc", 2025)
        second = mine.plans.create("tuyen-truyen", 2025)
        window = MainWindow(mine)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        window.select_plan(first)
        note = install_presence(window, mine)
        assert note.isHidden() and note.text() == ""
        me = this_program()
        other.store.show_plan(first)  # another PC opens the same plan
        note.refresh()  # what the timer does every few seconds
        assert note.isVisible() and note.text() == f"Đang mở bởi: {me.user}@{me.host}"
        assert other.store.others_on_plan(first) == [me.__class__(me.user, me.host)]  # and it sees this window
        window.select_plan(second)  # the note follows the plan shown
        assert note.isHidden()
        assert other.store.others_on_plan(first) == []
        window.select_plan(first)
        with other.store.writing_plan(second):
            pass
        other.store.show_plan(None)
        note.refresh()
        assert note.isHidden()
        window.close()
    finally:
        other.close()
        mine.close()
