import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TONGHOP_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
REAL = SHARED / "real"
REPORT_001 = SEEDS / "001_3a82535dc271e2e5.txt"
GUIDE_003 = SEEDS / "003_2ddabb12b6ce6670.txt"
IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, why: str) -> None:
    """Skip on a developer's machine that lacks something; in CI, fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must provide this: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def shared() -> Path:
    require(SEEDS.is_dir(), f"the shared seeds are not at {SEEDS}")
    return SHARED


@pytest.fixture(scope="session")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    require(path is not None, "LibreOffice (soffice) is not installed")
    return path
