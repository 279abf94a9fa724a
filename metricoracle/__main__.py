"""``python -m metricoracle`` is the command line."""

import sys

from metricoracle.cli import main

sys.exit(main())
