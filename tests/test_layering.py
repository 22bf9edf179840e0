"""The core, the store and the services must work without Qt installed."""

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_core_models_services_and_io_load_without_pyside6():
    script = textwrap.dedent("""
        import importlib, pkgutil, sys

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken"):
                    raise ImportError("Qt is blocked in this test")
                return None

        sys.meta_path.insert(0, BlockQt())
        import app
        for package_name in ("app.core", "app.models", "app.services", "app.io"):
            package = importlib.import_module(package_name)
            for module in pkgutil.walk_packages(package.__path__, package_name + "."):
                if ".migrations" in module.name:
                    continue
                importlib.import_module(module.name)
        importlib.import_module("app.cli")
        loaded = [m for m in sys.modules if m.startswith(("PySide6", "shiboken"))]
        assert not loaded, loaded
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
