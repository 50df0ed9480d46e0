import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The CLI's result cache: one throwaway directory per test session, not ~/.cache or the repo.
os.environ.setdefault("TFMIGRATE_CACHE_DIR", tempfile.mkdtemp(prefix="tfmigrate-test-cache-"))
