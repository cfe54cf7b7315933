"""Real Word footnotes on python-docx, which has no API for them.

Shared by the block writer (`docx.py`) and the Party-format builder (`party.py`): the
two footnote styles, a reference run in the body, and word/footnotes.xml with the
separator notes Word and LibreOffice expect, related to the document and declared in
its settings.
"""

from __future__ import annotations

import re

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

__all__ = ["FIRST_ID", "add_footnote_styles", "reference_run", "write_footnotes"]

FIRST_ID = 2  # ids 0 and 1 are the separator notes
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)


def _styles(size: int) -> tuple[str, str]:
    """The two styles; `size` in half-points (24 = 12 pt)."""
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText">'
        '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
        '<w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:firstLine="0"/><w:jc w:val="both"/></w:pPr>'
        f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>',
        f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
        '<w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
        '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/>'
        "</w:rPr></w:style>",
    )


# w:settings children that must follow w:footnotePr (schema order matters to Word).
_AFTER_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


def add_footnote_styles(doc, size_pt: float = 12) -> None:
    """The "footnote text" and "footnote reference" styles (once per document)."""
    styles = doc.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.iterchildren(qn("w:style"))}
    for xml in _styles(round(size_pt * 2)):
        style = parse_xml(xml)
        if style.get(qn("w:styleId")) not in have:
            styles.append(style)


def reference_run(note_id: int):
    """A body run (`w:r`) showing footnote `note_id`'s number; append it to a `w:p`."""
    return parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>'
    )


def write_footnotes(doc, notes: dict[int, str]) -> None:
    """word/footnotes.xml with `notes` (id -> text; "\\n" starts a paragraph, "\\t" a tab)."""
    w = nsdecls("w")
    root = etree.fromstring(
        f'<w:footnotes {w} xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships">{_SEPARATORS}</w:footnotes>'
    )
    space = "{http://www.w3.org/XML/1998/namespace}space"
    for note_id in sorted(notes):
        note = etree.SubElement(root, qn("w:footnote"), {qn("w:id"): str(note_id)})
        for k, line in enumerate(_NOT_XML.sub("", notes[note_id]).split("\n")):
            p = etree.SubElement(note, qn("w:p"))
            ppr = etree.SubElement(p, qn("w:pPr"))
            etree.SubElement(ppr, qn("w:pStyle"), {qn("w:val"): "FootnoteText"})
            if k == 0:
                ref = etree.SubElement(p, qn("w:r"))
                rpr = etree.SubElement(ref, qn("w:rPr"))
                etree.SubElement(rpr, qn("w:rStyle"), {qn("w:val"): "FootnoteReference"})
                etree.SubElement(ref, qn("w:footnoteRef"))
                line = " " + line
            run = etree.SubElement(p, qn("w:r"))
            for j, part in enumerate(line.split("\t")):
                if j:
                    etree.SubElement(run, qn("w:tab"))
                if part:
                    t = etree.SubElement(run, qn("w:t"), {space: "preserve"})
                    t.text = part
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    settings = doc.settings.element
    if settings.find(qn("w:footnotePr")) is None:
        settings.insert_element_before(
            parse_xml(
                f'<w:footnotePr {w}><w:footnote w:id="0"/><w:footnote w:id="1"/></w:footnotePr>'
            ),
            *_AFTER_FOOTNOTEPR,
        )
