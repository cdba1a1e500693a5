"""``python -m headoffice`` is ``emporium-hq``."""

import sys

from headoffice.cli import main

sys.exit(main())
