"""The reading pipeline: read a file -> repair the page flow -> find the
structure -> link footnotes -> extract figures and references -> check."""

from __future__ import annotations

from pathlib import Path

from tonghop.checks import link_footnotes, run_checks, sum_checks
from tonghop.figures import extract_figures
from tonghop.model import Document, RawDocument
from tonghop.notes import plain_footnotes, text_marks, typed_footnotes
from tonghop.readers import read_bytes, read_path
from tonghop.references import extract_references
from tonghop.repair import repair
from tonghop.structure import build
from tonghop.tables import table_figures


def analyse(raw: RawDocument) -> Document:
    body, footnotes = repair(typed_footnotes(plain_footnotes(text_marks(raw))))
    doc = build(body)
    doc.format, doc.pages, doc.ocr_pages = raw.format, raw.pages, list(raw.ocr_pages)
    link_footnotes(doc, footnotes)
    for path, text, _ in doc.texts():
        # a heading's own number is not in its title; what the title says counts
        for f in extract_figures(text):
            f.path = path
            doc.figures.append(f)
        for r in extract_references(text):
            r.path = path
            doc.references.append(r)
    for fn in doc.footnotes:
        path = fn.marker_path or []
        for f in extract_figures(fn.text):
            f.path, f.footnote = path, fn.n
            doc.figures.append(f)
        for r in extract_references(fn.text):
            r.path, r.footnote = path, fn.n
            doc.references.append(r)
    doc.figures += table_figures(doc)
    doc.sum_checks = sum_checks(doc)
    doc.findings = run_checks(doc)
    return doc


def read_document(path: str | Path, progress=None) -> Document:
    """Read and analyse one file; raises ReadError with a Vietnamese message.
    progress: called as progress(done, total) as the pages of a scan are recognised."""
    return analyse(read_path(path, progress))


def read_document_bytes(data: bytes, name: str = "", progress=None) -> Document:
    return analyse(read_bytes(data, name, progress))
