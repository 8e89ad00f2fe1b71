"""``python -m jxlint``: the same as the ``jxlint`` command."""

import sys

from jxlint.cli import main

sys.exit(main())
