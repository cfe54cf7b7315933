"""The engine functions consolidation calls, imported in one place."""

from __future__ import annotations

from tonghop.consolidate import catalogue_kl01 as _catalogue
from tonghop.consolidate.draft import build as build_draft
from tonghop.consolidate.indicators import match, propose
from tonghop.consolidate.model import UnitFigure
from tonghop.consolidate.rollup import CAMPAIGN, levels, roll_up
from tonghop.consolidate.validation import check, default_rules
from tonghop.writers.consolidated import write_docx, write_xlsx


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
