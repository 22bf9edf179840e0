"""The portable .zip of the Windows build: one folder holding the programs, an
empty ``data`` folder (its presence is what makes the program keep all its
data there, see app/paths.py) and a short note in Vietnamese.

    python installer/windows/portable_zip.py BUNDLE FOLDER_NAME OUT.zip
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

NOTE_NAME = "HUONG-DAN.txt"
NOTE = """Sổ kế hoạch CCHC — bản mang theo, không cần cài đặt

Mở chương trình: chạy cchc.exe (cchc-cli.exe là bản dòng lệnh).

Mọi dữ liệu — kế hoạch, tệp đính kèm, bản sao lưu, nhật ký lỗi — nằm trong
thư mục "data" bên cạnh. Chép cả thư mục này (ví dụ sang USB) là mang theo
được toàn bộ công việc.

Nếu xóa thư mục "data", chương trình dùng thư mục dữ liệu của tài khoản
Windows (%LOCALAPPDATA%\\CCHC\\SoKeHoachCCHC) như bản cài đặt.
"""


def make_zip(bundle: Path, folder: str, target: Path) -> int:
    """Write the archive; returns the number of files in it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder}/{path.relative_to(bundle).as_posix()}")
                count += 1
        archive.writestr(f"{folder}/data/", "")  # a folder entry: the folder itself
        # Windows Notepad reads UTF-8 with a byte order mark, CRLF line ends.
        archive.writestr(f"{folder}/{NOTE_NAME}", "\ufeff" + NOTE.replace("\n", "\r\n"))
    return count


def main(argv: list[str]) -> int:
    bundle, folder, target = Path(argv[1]), argv[2], Path(argv[3])
    if not (bundle / "cchc.exe").is_file():
        print(f"no cchc.exe in {bundle}", file=sys.stderr)
        return 1
    count = make_zip(bundle, folder, target)
    print(f"   {target.name}: {count} files, {target.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
