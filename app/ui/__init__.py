"""The window (PySide6). It talks to the data only through app.services."""
