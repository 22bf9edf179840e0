"""Where the data lives: the environment override, portable mode, the user folder."""

from __future__ import annotations

import sys

from app import paths


def frozen_at(monkeypatch, folder):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "cchc"))
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.delenv("APPIMAGE", raising=False)


def test_a_data_folder_next_to_the_program_makes_it_portable(tmp_path, monkeypatch):
    stick = tmp_path / "usb" / "cchc"
    stick.mkdir(parents=True)
    frozen_at(monkeypatch, stick)
    assert paths.data_dir() != stick / "data"  # no folder yet: the user's data folder
    (stick / "data").mkdir()
    assert paths.data_dir() == stick / "data"
    assert paths.default_db_path() == stick / "data" / paths.DB_FILE_NAME


def test_an_appimage_looks_next_to_the_appimage_file(tmp_path, monkeypatch):
    mount, stick = tmp_path / "mount_abc" / "usr" / "lib", tmp_path / "usb"
    mount.mkdir(parents=True)
    (stick / "data").mkdir(parents=True)
    frozen_at(monkeypatch, mount)
    monkeypatch.setenv("APPIMAGE", str(stick / "So-ke-hoach-CCHC.AppImage"))
    assert paths.data_dir() == stick / "data"


def test_running_from_source_is_never_portable(tmp_path, monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "data").mkdir()
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    assert paths.data_dir() != tmp_path / "data"


def test_the_environment_variable_wins(tmp_path, monkeypatch):
    frozen_at(monkeypatch, tmp_path)
    (tmp_path / "data").mkdir()
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "khac"))
    assert paths.data_dir() == tmp_path / "khac"


def test_windows_data_folder_keeps_the_users_long_name(tmp_path, monkeypatch):
    """appdirs shortens a folder with Vietnamese letters to its 8.3 name
    (C:\\Users\\NGUY~1\\…); the program names the folder the way the user does."""
    monkeypatch.delenv("CCHC_DATA_DIR")
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Nguyễn Văn A" / "AppData" / "Local"))
    assert paths.data_dir() == tmp_path / "Nguyễn Văn A" / "AppData" / "Local" / "CCHC" / "SoKeHoachCCHC"
