"""The engine functions consolidation calls, imported in one place.

Each comes from its engine module (tonghop.consolidate.*, tonghop.writers.consolidated);
until that module has landed, from `interim.py`, written against the same signature.
"""

from __future__ import annotations

from tonghop.consolidate.rollup import CAMPAIGN, levels, roll_up  # noqa: F401
from tonghop.consolidate.validation import check, default_rules  # noqa: F401

try:
    from tonghop.consolidate.model import UnitFigure
except ImportError:  # pragma: no cover - until the indicators helper adds it
    from tonghop.web.consolidation.interim import UnitFigure

try:
    from tonghop.consolidate.indicators import match, propose
except ImportError:  # pragma: no cover
    from tonghop.web.consolidation.interim import match, propose

try:
    from tonghop.consolidate import catalogue_kl01 as _catalogue
except ImportError:  # pragma: no cover
    from tonghop.web.consolidation import interim as _catalogue

try:
    from tonghop.consolidate.draft import build as build_draft
except ImportError:  # pragma: no cover
    from tonghop.web.consolidation.interim import build as build_draft

try:
    from tonghop.writers.consolidated import write_docx, write_xlsx
except ImportError:  # pragma: no cover
    from tonghop.web.consolidation.interim import write_docx, write_xlsx


def template_catalogue(key: str = "kl01"):
    """(indicators, rules) of a built-in catalogue: the one place its list is read."""
    if key != "kl01":
        raise KeyError(key)
    return list(_catalogue.INDICATORS), list(_catalogue.RULES)


__all__ = [
    "CAMPAIGN",
    "UnitFigure",
    "build_draft",
    "check",
    "default_rules",
    "levels",
    "match",
    "propose",
    "roll_up",
    "template_catalogue",
    "write_docx",
    "write_xlsx",
]
