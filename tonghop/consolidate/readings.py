"""From a read report to the figures consolidation works with: each figure with the
outline item its section answers, as the alignment to the campaign's outline says."""

from __future__ import annotations

from tonghop.consolidate.model import UnitFigure
from tonghop.model import Alignment, Document


def outline_item_of(path: list[str], alignment: Alignment | None) -> str:
    """The outline item answered by the section at `path` ("" when none does).

    The item whose matched section is the longest prefix of `path`: a figure under
    "II/4/1" belongs to the item answered by "II/4" when no item is answered by "II/4/1"
    itself.  When two items share a section (001 answers IV and IV.1 with its "IV."),
    the deeper item wins: it says more.
    """
    if alignment is None or not path:
        return ""
    best, best_key = "", (-1, -1)
    for item in alignment.items:
        m = item.matched
        if m is None or not m.path or len(m.path) > len(path):
            continue
        if list(path[: len(m.path)]) != list(m.path):
            continue
        key = (len(m.path), item.id.count("."))
        if key > best_key:
            best, best_key = item.id, key
    return best


def unit_figures(
    doc: Document,
    alignment: Alignment | None,
    unit_id: str,
    unit_name: str,
    version: int | None = None,
) -> list[UnitFigure]:
    """Every figure of `doc` as a `UnitFigure`; `figure_id` is its index in `doc.figures`
    (prefixed with the unit and version), stable for one reading of one file."""
    prefix = f"{unit_id}:{version if version is not None else ''}:"
    return [
        UnitFigure(
            unit_id=unit_id,
            unit_name=unit_name,
            version=version,
            figure=f,
            outline_item=outline_item_of(f.path, alignment),
            figure_id=f"{prefix}{k}",
        )
        for k, f in enumerate(doc.figures)
    ]
