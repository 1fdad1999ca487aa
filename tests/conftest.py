import os
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(TESTS))

# A rule that raises must fail the test, not turn into a notice.
os.environ.setdefault("ILM_LINT_DEBUG", "1")
