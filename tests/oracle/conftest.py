"""Make the deliberately faulty targets importable as ``_faulty`` (also in spawned workers)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
