"""What the frozen executables run: the same entry as the `cchc` command."""

import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
