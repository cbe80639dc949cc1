"""``python -m ipanalysis …``."""

import sys

from ipanalysis.cli import main

sys.exit(main())
