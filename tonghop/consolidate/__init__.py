"""Consolidation (tổng hợp): indicators, figures added up the tree, the consolidated draft.

No Django here, like the rest of the engine: plain dataclasses in (`model.py`), plain
dataclasses and bytes out.  The stages, in order:

    indicators.py   propose indicators from the figures of many reports; match a figure
    rollup.py       add unit values up a tree (sums, ratios, lower bounds, coverage)
    validation.py   rules "left op right" checked per unit and per node
    quotes.py       good practices chosen from units' answers (maximal marginal relevance)
    draft.py        the consolidated report as a `Draft`: paragraphs whose numbers and
                    quotations each carry their `Source`
    ../writers/consolidated.py   a `Draft` as a Party-format .docx (real footnotes,
                    optional Word comments, annex table) and the annex as .xlsx
"""
