"""Where tests find the checkout, its fixtures, and the optional ../shared folder of real inputs."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
# Real inputs nobody here wrote; absent on a newcomer's clone, so tests that read them skip.
# SPBE_SHARED points a worktree that is not a sibling of ../shared at the folder.
SHARED = Path(os.environ.get("SPBE_SHARED") or REPO_ROOT.parent / "shared")
