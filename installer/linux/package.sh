#!/usr/bin/env bash
# Linux packages from the one-folder build:
#   - so-ke-hoach-cchc-VERSION-linux-x86_64.tar.gz  (unpack and run; portable)
#   - AppDir, and the .AppImage when appimagetool is installed
#   - so-ke-hoach-cchc_VERSION_amd64.deb             (dpkg-deb)
#
#   installer/linux/package.sh BUNDLE VERSION OUT_DIR [--fast]
#
# --fast: lighter compression, for CI where the packages are checked and
# thrown away.
set -euo pipefail

BUNDLE=$(readlink -f "$1")
VERSION=$2
OUT=$(readlink -f "$3")
FAST=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ID=so-ke-hoach-cchc
ICONS=$ROOT/resources/icons
WORK=$OUT/linux-work
rm -rf "$WORK"
mkdir -p "$OUT" "$WORK"

install_icons() {  # $1: a usr/share folder
  for size in 16 24 32 48 64 128 256; do
    install -Dm644 "$ICONS/cchc-$size.png" "$1/icons/hicolor/${size}x${size}/apps/$ID.png"
  done
  install -Dm644 "$ICONS/cchc.svg" "$1/icons/hicolor/scalable/apps/$ID.svg"
  install -Dm644 "$HERE/$ID.desktop" "$1/applications/$ID.desktop"
  install -Dm644 "$HERE/$ID.metainfo.xml" "$1/metainfo/$ID.metainfo.xml"
}

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$HERE/$ID.desktop"
fi

# -- tar.gz ------------------------------------------------------------------
echo "== tar.gz"
TARBALL=$OUT/$ID-$VERSION-linux-x86_64.tar.gz
level=9; [ "$FAST" = "--fast" ] && level=1
tar -C "$(dirname "$BUNDLE")" --transform "s,^$(basename "$BUNDLE"),$ID-$VERSION," -cf - "$(basename "$BUNDLE")" \
  | gzip -"$level" > "$TARBALL"

# -- AppDir and AppImage -------------------------------------------------------
echo "== AppDir"
APPDIR=$WORK/$ID.AppDir
mkdir -p "$APPDIR/usr/lib"
cp -a "$BUNDLE" "$APPDIR/usr/lib/$ID"
install -m755 "$HERE/AppRun" "$APPDIR/AppRun"
install -m644 "$HERE/$ID.desktop" "$APPDIR/$ID.desktop"
install -m644 "$ICONS/cchc-256.png" "$APPDIR/$ID.png"
ln -s "$ID.png" "$APPDIR/.DirIcon"
install_icons "$APPDIR/usr/share"
"$APPDIR/AppRun" --version >/dev/null  # the AppDir starts the program
if command -v appimagetool >/dev/null; then
  echo "== AppImage"
  ARCH=x86_64 appimagetool --no-appstream "$APPDIR" "$OUT/So-ke-hoach-CCHC-$VERSION-x86_64.AppImage"
else
  echo "   appimagetool is not installed here: the AppDir is ready, the .AppImage is made by the release workflow."
fi

# -- .deb ----------------------------------------------------------------------
echo "== .deb"
DEBROOT=$WORK/deb
mkdir -p "$DEBROOT/DEBIAN" "$DEBROOT/opt" "$DEBROOT/usr/bin"
cp -a "$BUNDLE" "$DEBROOT/opt/$ID"
ln -s "/opt/$ID/cchc" "$DEBROOT/usr/bin/cchc"
install_icons "$DEBROOT/usr/share"
SIZE_KB=$(du -sk "$DEBROOT" | cut -f1)
cat > "$DEBROOT/DEBIAN/control" <<EOF
Package: $ID
Version: $VERSION
Section: misc
Priority: optional
Architecture: amd64
Maintainer: Sổ kế hoạch CCHC <cchc@example.invalid>
Installed-Size: $SIZE_KB
Depends: libc6 (>= 2.31), libegl1, libgl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-randr0, libxcb-render-util0, libxcb-image0, libxcb-xkb1
Description: Sổ kế hoạch CCHC: kế hoạch cải cách hành chính cho phường, xã
 Giữ kế hoạch, phụ lục nhiệm vụ và nhật ký tiến độ cả năm; xuất phụ lục Excel
 và báo cáo định kỳ PDF đúng thể thức Nghị định 30/2020. Chạy không cần mạng.
 Dữ liệu nằm trong ~/.local/share/SoKeHoachCCHC, không bị xóa khi gỡ gói.
EOF
compression=(-Zxz); [ "$FAST" = "--fast" ] && compression=(-Zgzip -z1)
DEB=$OUT/${ID}_${VERSION}_amd64.deb
dpkg-deb --root-owner-group "${compression[@]}" --build "$DEBROOT" "$DEB" >/dev/null

# The package unpacks to a program that runs.
CHECK=$WORK/deb-check
dpkg-deb -x "$DEB" "$CHECK"
"$CHECK/opt/$ID/cchc" --version >/dev/null
dpkg-deb --field "$DEB" Package Version Architecture
rm -rf "$CHECK" "$DEBROOT"
ls -l "$OUT"
