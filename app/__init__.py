"""Sổ kế hoạch CCHC — the ward/commune administrative-reform plan book."""

__version__ = "0.1.0"
APP_DISPLAY_NAME = "Sổ kế hoạch CCHC"
