"""`python -m app` — the same entry as the `cchc` command."""

import sys

from app.main import main

sys.exit(main())
