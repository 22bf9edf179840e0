"""Render resources/icons/cchc.svg to the PNG sizes a Linux desktop uses and
to the multi-size .ico Windows wants. The results are committed, so a build
never needs this; run it after changing the SVG:

    QT_QPA_PLATFORM=offscreen python installer/make_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841  (QPainter needs a live application object)
    renderer = QSvgRenderer(str(ICONS / "cchc.svg"))
    for size in SIZES:
        render(renderer, size).save(str(ICONS / f"cchc-{size}.png"))
    images = [Image.open(ICONS / f"cchc-{size}.png") for size in SIZES]
    images[-1].save(ICONS / "cchc.ico", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
    print(f"wrote {len(SIZES)} PNGs and cchc.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
