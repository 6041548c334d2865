"""``python -m hague.cli`` (same as the ``hague`` command)."""

import sys

from hague.cli import main

sys.exit(main())
