"""A SQLite data file on a network drive is refused when opened; a local
disk, a USB stick or a tmpfs never is."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import DataFileError
from app.models import network_drive
from app.models.network_drive import NetworkMount, linux_network_mount, windows_network_location

REPO = Path(__file__).resolve().parents[2]

# Lines as the kernel writes them, from machines with these mounts.
MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
25 24 0:23 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw
312 27 0:58 / /mnt/share rw,relatime shared:170 - cifs //may-chu/du-lieu rw,vers=3.1.1,cache=strict,username=lan,uid=1000
313 312 0:59 / /mnt/share/cache rw,relatime shared:171 - tmpfs tmpfs rw,size=102400k
400 27 0:62 / /home/minh rw,relatime shared:190 - nfs4 nas:/export/home/minh rw,vers=4.2,rsize=1048576
401 27 0:63 / /home/lan/may-chu rw,nosuid,nodev,relatime shared:191 - fuse.sshfs lan@may-chu:/du-lieu rw,user_id=1000,group_id=1000
402 31 0:64 / /run/user/1000/gvfs rw,nosuid,nodev,relatime shared:200 - fuse.gvfsd-fuse gvfsd-fuse rw,user_id=1000,group_id=1000
403 27 8:17 / /media/lan/USB\040DU\040LIEU rw,nosuid,nodev,relatime shared:201 - fuseblk /dev/sdb1 rw,user_id=0,group_id=0,allow_other,blksize=4096
404 27 8:33 / /media/lan/THE-NHO rw,nosuid,nodev,relatime shared:202 - exfat /dev/sdc1 rw,uid=1000,gid=1000
405 27 0:65 / /srv/smb3 rw,relatime shared:203 - smb3 //nas/tai-lieu rw,vers=3.0
"""


@pytest.mark.parametrize("path, expected", [
    ("/mnt/share/ke-hoach/so-ke-hoach-cchc.sqlite3", NetworkMount("cifs", "//may-chu/du-lieu")),
    ("/mnt/share", NetworkMount("cifs", "//may-chu/du-lieu")),
    ("/home/minh/.local/share/SoKeHoachCCHC/so-ke-hoach-cchc.sqlite3", NetworkMount("nfs4", "nas:/export/home/minh")),
    ("/home/lan/may-chu/so.sqlite3", NetworkMount("fuse.sshfs", "lan@may-chu:/du-lieu")),
    ("/run/user/1000/gvfs/smb-share:server=may-chu,share=du-lieu/so.sqlite3", NetworkMount("fuse.gvfsd-fuse", "gvfsd-fuse")),
    ("/srv/smb3/so.sqlite3", NetworkMount("smb3", "//nas/tai-lieu")),
])
def test_network_mounts_are_recognised(path, expected):
    assert linux_network_mount(path, MOUNTINFO) == expected


@pytest.mark.parametrize("path", [
    "/home/lan/.local/share/SoKeHoachCCHC/so-ke-hoach-cchc.sqlite3",   # the local disk
    "/dev/shm/so.sqlite3",                                             # a tmpfs
    "/media/lan/USB DU LIEU/so.sqlite3",                               # an NTFS stick through ntfs-3g (FUSE, local)
    "/media/lan/THE-NHO/so.sqlite3",                                   # an exFAT card
    "/mnt/share/cache/so.sqlite3",                                     # a local tmpfs mounted inside the share
    "/mnt/share2/so.sqlite3",                                          # a name that only starts like the share
    "/home/minh2/so.sqlite3",
])
def test_local_places_are_not_refused(path):
    assert linux_network_mount(path, MOUNTINFO) is None


@pytest.mark.parametrize("path, drive_type, expected", [
    (r"\\may-chu\du-lieu\so-ke-hoach-cchc.sqlite3", 3, NetworkMount("UNC", r"\\may-chu\du-lieu")),
    ("//may-chu/du-lieu/so.sqlite3", 3, NetworkMount("UNC", r"\\may-chu\du-lieu")),
    (r"\\?\UNC\may-chu\du-lieu\so.sqlite3", 3, NetworkMount("UNC", r"\\may-chu\du-lieu")),
    (r"Z:\Ke hoach\so.sqlite3", 4, NetworkMount("ổ mạng", "Z:")),                 # a mapped drive: DRIVE_REMOTE
    (r"z:\so.sqlite3", 4, NetworkMount("ổ mạng", "Z:")),
    (r"C:\Users\Lan\AppData\Local\CCHC\so.sqlite3", 3, None),                  # DRIVE_FIXED
    (r"E:\so.sqlite3", 2, None),                                                # DRIVE_REMOVABLE: a USB stick
    (r"\\?\C:\Users\Lan\so.sqlite3", 3, None),
])
def test_windows_unc_paths_and_mapped_drives(path, drive_type, expected):
    asked = []

    def get_drive_type(root):
        asked.append(root)
        return drive_type

    assert windows_network_location(path, get_drive_type) == expected
    if path[1:2] == ":":
        assert asked == [path[0].upper() + ":\\"]


def test_a_file_on_a_network_drive_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    from app.services import Services

    table = tmp_path / "mountinfo"
    table.write_text(f"27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                     f"312 27 0:58 / {tmp_path}/chia-se rw,relatime - cifs //may-chu/du-lieu rw,vers=3.1.1\n",
                     encoding="utf-8")
    monkeypatch.setattr(network_drive, "MOUNTINFO", str(table))
    share = tmp_path / "chia-se"
    share.mkdir()
    with pytest.raises(DataFileError) as caught:
        Services.open(share / "so-ke-hoach-cchc.sqlite3", tmp_path / "data")
    assert str(caught.value) == (
        f"«{share / 'so-ke-hoach-cchc.sqlite3'}» nằm trên ổ mạng (cifs //may-chu/du-lieu). Tệp SQLite dùng chung qua "
        "mạng dễ bị hỏng và bị khóa khi nhiều máy cùng ghi, nên chương trình không mở tệp ở đó: hãy chép tệp về ổ đĩa "
        "của máy này; để cả văn phòng cùng dùng một dữ liệu, hãy dùng máy chủ PostgreSQL "
        "(--db postgresql://người-dùng@máy-chủ/tên-cơ-sở-dữ-liệu, xem README).")
    assert list(share.iterdir()) == []  # no data file, no lock file


def test_the_command_line_refuses_it_with_one_line_and_exit_2(tmp_path):
    share = tmp_path / "chia-se"
    share.mkdir()
    table = tmp_path / "mountinfo"
    table.write_text(f"27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                     f"401 27 0:63 / {share} rw,nosuid - fuse.sshfs lan@may-chu:/du-lieu rw,user_id=1000\n",
                     encoding="utf-8")
    script = ("import sys; import app.models.network_drive as n; n.MOUNTINFO = sys.argv[1]; "
              "from app.main import main; sys.exit(main(sys.argv[2:]))")
    for args in (["new", "--kind", "cchc", "--year", "2025", "--db", str(share / "so.sqlite3")],
                 ["restore", str(tmp_path / "bat-ky.sqlite3"), "--db", str(share / "so.sqlite3")]):
        result = subprocess.run([sys.executable, "-c", script, str(table), *args], capture_output=True, text=True,
                                cwd=REPO, timeout=120, env={**os.environ, "CCHC_DATA_DIR": str(tmp_path / "data")})
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "nằm trên ổ mạng (fuse.sshfs lan@may-chu:/du-lieu)" in lines[0]
        assert "postgresql://" in lines[0]
    assert list(share.iterdir()) == []


def test_a_real_tmpfs_is_not_refused(tmp_path):
    """A tmpfs mounted for real (private mount namespace): the data file opens."""
    if shutil.which("unshare") is None:
        pytest.skip("util-linux unshare is needed to mount a file system")
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    inner = (f"mount -t tmpfs -o size=64m tmpfs {mount} && grep -q ' {mount} .* - tmpfs ' /proc/self/mountinfo && "
             f"{sys.executable} -m app new --kind cchc --year 2025 --db {mount}/so.sqlite3 && "
             f"{sys.executable} -m app list --db {mount}/so.sqlite3")
    command = ["unshare", "-m", "sh", "-c", inner] if os.geteuid() == 0 else ["unshare", "-rm", "sh", "-c", inner]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(REPO), "CCHC_DATA_DIR": str(tmp_path / "data")})
    if result.returncode != 0 and "mount" in result.stderr.lower() and "permission" in result.stderr.lower():
        pytest.skip(f"mounting a tmpfs is not allowed here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "1" and "Kế hoạch CCHC" in result.stdout.splitlines()[1]
