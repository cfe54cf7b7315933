"""read_docx on real Word files made here (by python-docx or write_docx); write_docx round trips."""

from __future__ import annotations

import io
import os
import re
import statistics
import subprocess
import time
import zipfile

import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

import tonghop.readers.docx as docx_reader
from tonghop.model import SUPERSCRIPT_DIGITS, Block, ReadError, from_superscript, superscript
from tonghop.readers import read_bytes, read_path
from tonghop.readers.docx import read_docx
from tonghop.writers.docx import write_docx

SEED_001 = "seeds/001_3a82535dc271e2e5.txt"  # under the shared folder (conftest `shared`)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# --------------------------------------------------------------------------- helpers


def p(text: str = "", *, ppr: str = "", rpr: str = "") -> str:
    """A paragraph XML string with one run."""
    run = f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>"


def num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def abstract(aid: int, *levels: str, link: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{link}{"".join(levels)}</w:abstractNum>'


def num_def(num_id: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def add_part(doc, name: str, content_type: str, rel_type: str, xml: str) -> None:
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{xml}'.encode()
    part = Part(PackURI(f"/word/{name}"), content_type, blob, doc.part.package)
    doc.part.relate_to(part, rel_type)


def build(
    body: str,
    *,
    numbering: str = "",
    styles: str = "",
    footnotes: str | None = None,
    endnotes: str | None = None,
) -> bytes:
    """A .docx (python-docx default template) whose body is the given WordprocessingML."""
    doc = Document()
    body_el = doc.element.body
    sect = body_el.find(qn("w:sectPr"))
    for child in list(body_el):
        if child is not sect:
            body_el.remove(child)
    for el in parse_xml(f"<w:body {nsdecls('w')}>{body}</w:body>"):
        sect.addprevious(el)
    if numbering:
        root = doc.part.numbering_part.element
        first_num = root.find(qn("w:num"))
        for el in parse_xml(f"<w:numbering {nsdecls('w')}>{numbering}</w:numbering>"):
            if el.tag == qn("w:abstractNum"):
                first_num.addprevious(el)
            else:
                root.append(el)
    if styles:
        for el in parse_xml(f"<w:styles {nsdecls('w')}>{styles}</w:styles>"):
            doc.styles.element.append(el)
    if footnotes is not None:
        add_part(
            doc,
            "footnotes.xml",
            CT.WML_FOOTNOTES,
            RT.FOOTNOTES,
            f"<w:footnotes {W_NS}>{footnotes}</w:footnotes>",
        )
    if endnotes is not None:
        add_part(
            doc,
            "endnotes.xml",
            CT.WML_ENDNOTES,
            RT.ENDNOTES,
            f"<w:endnotes {W_NS}>{endnotes}</w:endnotes>",
        )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def body_texts(data: bytes) -> list[str]:
    return [b.text for b in read_docx(data).blocks if b.kind == "para"]


def written(blocks: list[Block], **kw) -> bytes:
    buf = io.BytesIO()
    write_docx(blocks, buf, **kw)
    return buf.getvalue()


MULTILEVEL = abstract(
    50,
    lvl(0, "upperRoman", "%1."),
    lvl(1, "decimal", "%2."),
    lvl(2, "decimal", "%2.%3."),
    lvl(3, "lowerLetter", "%4)"),
) + num_def(50, 50)


# --------------------------------------------------------------------------- numbering


def test_multilevel_numbering_restarts_after_a_higher_level():
    levels = [0, 1, 2, 2, 1, 2, 3, 3, 0, 1, 2, 3]
    body = "".join(p(f"Mục {k}", ppr=num(50, lv)) for k, lv in enumerate(levels))
    assert body_texts(build(body, numbering=MULTILEVEL)) == [
        "I. Mục 0",
        "1. Mục 1",
        "1.1. Mục 2",
        "1.2. Mục 3",
        "2. Mục 4",
        "2.1. Mục 5",
        "a) Mục 6",
        "b) Mục 7",
        "II. Mục 8",
        "1. Mục 9",
        "1.1. Mục 10",
        "a) Mục 11",
    ]


def test_bullets_become_dash_and_plus():
    numbering = abstract(
        51, lvl(0, "bullet", "\uf0b7"), lvl(1, "bullet", "o"), lvl(2, "bullet", "-")
    ) + num_def(51, 51)
    body = p("một", ppr=num(51, 0)) + p("hai", ppr=num(51, 1)) + p("ba", ppr=num(51, 2))
    assert body_texts(build(body, numbering=numbering)) == ["- một", "+ hai", "+ ba"]


def test_number_formats_and_level_options():
    numbering = (
        abstract(52, lvl(0, "decimalZero", "%1."))
        + num_def(52, 52)
        + abstract(53, lvl(0, "upperLetter", "%1.", start=26))
        + num_def(53, 53)
        + abstract(54, lvl(0, "lowerRoman", "(%1)", start=3))
        + num_def(54, 54)
        + abstract(
            55,
            lvl(0, "upperRoman", "%1."),
            lvl(1, "decimal", "%1.%2.", extra='<w:lvlRestart w:val="0"/><w:isLgl/>'),
        )
        + num_def(55, 55)
    )
    body = (
        p("a", ppr=num(52))
        + p("b", ppr=num(52))
        + p("c", ppr=num(53))
        + p("d", ppr=num(53))
        + p("e", ppr=num(54))
        + p("f", ppr=num(55, 0))
        + p("g", ppr=num(55, 1))
        + p("h", ppr=num(55, 0))
        + p("i", ppr=num(55, 1))  # lvlRestart 0: keeps counting; isLgl: "2.2."
    )
    assert body_texts(build(body, numbering=numbering)) == [
        "01. a",
        "02. b",
        "Z. c",
        "AA. d",
        "(iii) e",
        "I. f",
        "1.1. g",
        "II. h",
        "2.2. i",
    ]


def test_instances_of_one_abstract_share_counters_unless_restarted():
    numbering = (
        MULTILEVEL
        + num_def(56, 50)
        + num_def(57, 50, '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride>')
    )
    body = (
        p("a", ppr=num(50, 1))
        + p("b", ppr=num(56, 1))  # another instance: continues
        + p("c", ppr=num(57, 1))  # restarted where the instance first appears
        + p("d", ppr=num(57, 1))
        + p("e", ppr=num(50, 1))
        + p("f", ppr=num(0, 1))  # numId 0: no numbering
    )
    assert body_texts(build(body, numbering=numbering)) == [
        "1. a",
        "2. b",
        "1. c",
        "2. d",
        "3. e",
        "f",
    ]


def test_numbering_inherited_from_paragraph_styles():
    styles = (
        '<w:style w:type="paragraph" w:styleId="Muc1"><w:name w:val="Mục 1"/>'
        '<w:basedOn w:val="Normal"/><w:pPr>' + num(50, 0) + "</w:pPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="Muc2"><w:name w:val="Mục 2"/>'
        '<w:basedOn w:val="Muc1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr>'
        "</w:style>"
    )
    body = (
        p("Số một", ppr='<w:pStyle w:val="ListNumber"/>')
        + p("Số hai", ppr='<w:pStyle w:val="ListNumber"/>')
        + p("Không số", ppr='<w:pStyle w:val="ListNumber"/><w:numPr><w:numId w:val="0"/></w:numPr>')
        + p("Gạch", ppr='<w:pStyle w:val="ListBullet"/>')
        + p("Phần", ppr='<w:pStyle w:val="Muc1"/>')
        + p("Mục", ppr='<w:pStyle w:val="Muc2"/>')  # numId from Muc1, ilvl from Muc2
    )
    assert body_texts(build(body, numbering=MULTILEVEL, styles=styles)) == [
        "1. Số một",
        "2. Số hai",
        "Không số",
        "- Gạch",
        "I. Phần",
        "1. Mục",
    ]


def test_num_style_link_resolves_to_the_styled_list():
    numbering = (
        abstract(60, link='<w:numStyleLink w:val="DanhSach"/>')
        + abstract(
            61,
            lvl(0, "upperRoman", "%1."),
            lvl(1, "decimal", "%2)"),
            link='<w:styleLink w:val="DanhSach"/>',
        )
        + num_def(60, 60)
        + num_def(61, 61)
    )
    styles = (
        '<w:style w:type="numbering" w:styleId="DanhSach"><w:name w:val="Danh sách"/>'
        "<w:pPr>" + num(61).replace('<w:ilvl w:val="0"/>', "") + "</w:pPr></w:style>"
    )
    body = p("A", ppr=num(60, 0)) + p("B", ppr=num(60, 1)) + p("C", ppr=num(61, 1))
    assert body_texts(build(body, numbering=numbering, styles=styles)) == [
        "I. A",
        "1) B",
        "2) C",
    ]


# --------------------------------------------------------------------------- footnotes


def test_written_footnotes_are_linked_to_their_paragraphs():
    blocks = [
        Block("Mở đầu không có chú thích."),
        Block("Đã ban hành 22 văn bản¹; tổ chức 80 hội nghị²."),
        Block("Kết quả 98,9%³."),
        Block("Kế hoạch số 25-KH/ĐUK.", kind="footnote", footnote=1),
        Block("Gồm 5 kế hoạch,\n2 chương trình.", kind="footnote", footnote=2),
        Block("Năm 2023.", kind="footnote", footnote=3),
        Block("Chú thích không được dẫn.", kind="footnote", footnote=4),
    ]
    doc = read_docx(written(blocks))
    paras = [b for b in doc.blocks if b.kind == "para"]
    notes = [b for b in doc.blocks if b.kind == "footnote"]
    assert [b.text for b in paras] == [b.text for b in blocks[:3]]
    assert [(b.footnote, b.text) for b in notes] == [
        (1, "Kế hoạch số 25-KH/ĐUK."),
        (2, "Gồm 5 kế hoạch,\n2 chương trình."),
        (3, "Năm 2023."),
        (4, "Chú thích không được dẫn."),  # kept, numbered after the referenced ones
    ]
    assert doc.blocks[-4:] == notes  # footnotes come after the body


def test_footnotes_numbered_by_first_reference_with_custom_marks_and_endnotes():
    def ref(kind: str, nid: int, extra: str = "") -> str:
        return (
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:{kind}Reference w:id="{nid}"{extra}/></w:r>'
        )

    def note(kind: str, nid: int, text: str, mark: str = "") -> str:
        ref_run = f"<w:r><w:{kind}Ref/></w:r>" if not mark else f"<w:r><w:t>{mark}</w:t></w:r>"
        return (
            f'<w:{kind} w:id="{nid}"><w:p>{ref_run}'
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
        )

    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
    )
    footnotes = (
        separators
        + note("footnote", 1, "Thứ nhất trong tệp.")
        + note("footnote", 2, "Được dẫn trước.")
        + note("footnote", 3, "Không ai dẫn.")
        + note("footnote", 4, "Dấu riêng.", mark="*")
    )
    endnotes = note("endnote", 1, "Chú thích cuối.")
    body = (
        "<w:p><w:r><w:t>Đầu</w:t></w:r>"
        + ref("footnote", 2)
        + '<w:r><w:t xml:space="preserve"> giữa</w:t></w:r>'
        + ref("footnote", 1)
        + "</w:p><w:p><w:r><w:t>Sau</w:t></w:r>"
        + ref("footnote", 2)
        + ref("footnote", 4, ' w:customMarkFollows="1"')
        + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>*</w:t></w:r>'
        + "<w:r><w:t>, cuối</w:t></w:r>"
        + ref("endnote", 1)
        + "</w:p>"
    )
    doc = read_docx(build(body, footnotes=footnotes, endnotes=endnotes))
    assert [b.text for b in doc.blocks if b.kind == "para"] == ["Đầu¹ giữa²", "Sau¹*, cuối⁵"]
    assert [(b.footnote, b.text) for b in doc.blocks if b.kind == "footnote"] == [
        (1, "Được dẫn trước."),
        (2, "Thứ nhất trong tệp."),
        (3, "* Dấu riêng."),
        (4, "Không ai dẫn."),
        (5, "Chú thích cuối."),
    ]


# --------------------------------------------------------------------------- formatting


def test_bold_headings_in_normal_style_and_partly_bold_paragraphs():
    styles = (
        '<w:style w:type="paragraph" w:styleId="DamNghieng"><w:name w:val="Đậm nghiêng"/>'
        '<w:basedOn w:val="Normal"/><w:rPr><w:b/><w:i/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="DamCon"><w:name w:val="Đậm con"/>'
        '<w:basedOn w:val="DamNghieng"/><w:rPr><w:i w:val="0"/></w:rPr></w:style>'
    )
    body = (
        p("I. CÔNG TÁC LÃNH ĐẠO", rpr="<w:b/>")
        + '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Phần đậm </w:t></w:r>'
        "<w:r><w:t>phần thường</w:t></w:r></w:p>"
        + p("Đậm kiểu", ppr='<w:pStyle w:val="DamNghieng"/>')
        + p("Tắt đậm", ppr='<w:pStyle w:val="DamNghieng"/>', rpr='<w:b w:val="0"/>')
        + p("Kế thừa", ppr='<w:pStyle w:val="DamCon"/>')
        + p("Kiểu ký tự", rpr='<w:rStyle w:val="Strong"/>')
        + "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Tiêu đề đậm</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> .</w:t></w:r></w:p>'  # unbolded "." does not count
    )
    blocks = read_docx(build(body, styles=styles)).blocks
    assert [(b.text, b.bold, b.italic) for b in blocks] == [
        ("I. CÔNG TÁC LÃNH ĐẠO", True, False),
        ("Phần đậm phần thường", False, False),
        ("Đậm kiểu", True, True),
        ("Tắt đậm", False, True),
        ("Kế thừa", True, False),
        ("Kiểu ký tự", True, False),
        ("Tiêu đề đậm .", True, False),
    ]


def test_bold_from_doc_defaults():
    doc = Document()
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.append(parse_xml(f"<w:b {nsdecls('w')}/>"))
    doc.add_paragraph("Mặc định đậm")
    doc.add_paragraph().add_run("Trừ đoạn này").bold = False
    buf = io.BytesIO()
    doc.save(buf)
    assert [b.bold for b in read_docx(buf.getvalue()).blocks] == [True, False]


def test_heading_levels_from_styles_and_outline_levels():
    styles = (
        '<w:style w:type="paragraph" w:styleId="u1"><w:name w:val="heading 1"/>'
        '<w:basedOn w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="TieuMuc"><w:name w:val="Tiểu mục"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    )
    body = (
        p("Một", ppr='<w:pStyle w:val="Heading1"/>')
        + p("Hai", ppr='<w:pStyle w:val="Heading2"/>')
        + p("Tên", ppr='<w:pStyle w:val="Title"/>')
        + p("Bản địa", ppr='<w:pStyle w:val="u1"/>')
        + p("Tiểu mục", ppr='<w:pStyle w:val="TieuMuc"/>')
        + p("Trực tiếp", ppr='<w:outlineLvl w:val="0"/>')
        + p("Thân bài", ppr='<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>')
        + p("Thường")
    )
    blocks = read_docx(build(body, styles=styles)).blocks
    assert [b.heading_level for b in blocks] == [1, 2, 1, 1, 3, 1, None, None]


def test_caps_centering_hidden_text_and_special_characters():
    styles = (
        '<w:style w:type="character" w:styleId="HoaChu"><w:name w:val="Hoa"/>'
        "<w:rPr><w:caps/></w:rPr></w:style>"
    )
    body = (
        p("đảng ủy khối", rpr="<w:caps/>")
        + p("ban thường vụ", rpr='<w:rStyle w:val="HoaChu"/>')
        + p("Báo cáo", ppr='<w:jc w:val="center"/>')
        + "<w:p><w:r><w:t>Hiện</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr>"
        "<w:t>ẨN</w:t></w:r></w:p>"
        + "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:noBreakHyphen/><w:t>c</w:t>"
        '<w:sym w:font="Symbol" w:char="F0B3"/><w:sym w:font="Wingdings" w:char="F021"/>'
        "<w:softHyphen/><w:t>d</w:t></w:r></w:p>"
    )
    blocks = read_docx(build(body, styles=styles)).blocks
    assert [b.text for b in blocks] == [
        "ĐẢNG ỦY KHỐI",
        "BAN THƯỜNG VỤ",
        "Báo cáo",
        "Hiện",
        "a b-c≥d",
    ]
    assert [b.centered for b in blocks] == [False, False, True, False, False]


def test_line_breaks_revisions_fields_and_containers():
    body = (
        "<w:p><w:r><w:t>T/M BAN THƯỜNG VỤ</w:t><w:br/><w:t>PHÓ BÍ THƯ</w:t><w:cr/>"
        '<w:t>Tên</w:t><w:br w:type="page"/></w:r></w:p>'
        '<w:p><w:r><w:t xml:space="preserve">Giữ </w:t></w:r>'
        "<w:del><w:r><w:delText>bỏ </w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t xml:space="preserve">thêm </w:t></w:r></w:ins>'
        '<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships"><w:r><w:t xml:space="preserve">liên kết </w:t></w:r></w:hyperlink>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t xml:space="preserve"> trang</w:t></w:r>'
        "</w:fldSimple></w:p>"
        "<w:sdt><w:sdtPr/><w:sdtContent>"
        + p("Trong khung nội dung")
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:smartTag><w:r><w:t>Thẻ</w:t></w:r></w:smartTag></w:p>"
        + p()
    )
    assert body_texts(build(body)) == [
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nTên",
        "Giữ thêm liên kết 7 trang",
        "Trong khung nội dung",
        "Thẻ",
    ]


def test_text_box_read_once_after_its_anchor():
    box = "<w:txbxContent>" + p("Số 60-BC/ĐUK") + "</w:txbxContent>"
    body = (
        '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
        'markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wrap>'
        f"{box}</wrap></w:drawing></mc:Choice><mc:Fallback><w:pict><shape>{box}</shape>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Neo</w:t></w:r></w:p>"
        + p("Sau")
    )
    assert body_texts(build(body)) == ["Neo", "Số 60-BC/ĐUK", "Sau"]


def test_data_table_becomes_one_block_in_document_order():
    doc = Document()
    doc.add_paragraph("Trước bảng")
    table = doc.add_table(rows=2, cols=2)
    table.style = doc.styles["Table Grid"]
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "Kết quả"
    table.cell(1, 0).text = "Đảng viên được học tập"
    table.cell(1, 1).text = "4.320"
    doc.add_paragraph("Sau bảng")
    buf = io.BytesIO()
    doc.save(buf)
    blocks = read_docx(buf.getvalue()).blocks
    assert [b.kind for b in blocks] == ["para", "table", "para"]
    assert blocks[1].text == ""
    assert blocks[1].rows == [["Chỉ tiêu", "Kết quả"], ["Đảng viên được học tập", "4.320"]]


def _borderless(table) -> None:
    borders = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right"))
    table._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))


def test_layout_tables_are_read_as_their_paragraphs():
    # Header and signature laid out in tables, as Word users do: read row by row, left
    # cell first, each cell paragraph a paragraph; a table of figures stays a table.
    doc = Document()
    head = doc.add_table(rows=2, cols=2)
    _borderless(head)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN"
    head.cell(0, 0).add_paragraph("TỈNH LÂM ĐỒNG")
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    head.cell(1, 0).text = "Số:      /UBND-NC"
    head.cell(1, 1).text = "Lâm Đồng, ngày 02 tháng 12 năm 2025"
    doc.add_paragraph("Nội dung.")
    data = doc.add_table(rows=2, cols=3)
    data.style = doc.styles["Table Grid"]
    for j, text in enumerate(["Đơn vị", "Hồ sơ", "Tỷ lệ"]):
        data.cell(0, j).text = text
    for j, text in enumerate(["Xã A", "1.234", "87,02%"]):
        data.cell(1, j).text = text
    sign = doc.add_table(rows=1, cols=2)  # no border set, no style: Word's plain table
    sign.cell(0, 0).text = "Nơi nhận:"
    sign.cell(0, 0).add_paragraph("- Như trên;")
    sign.cell(0, 1).text = "CHỦ TỊCH"
    sign.cell(0, 1).add_paragraph("Hồ Văn Mười")
    buf = io.BytesIO()
    doc.save(buf)
    blocks = read_docx(buf.getvalue()).blocks
    assert [b.text if b.kind == "para" else b.rows for b in blocks] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số:      /UBND-NC",
        "Lâm Đồng, ngày 02 tháng 12 năm 2025",
        "Nội dung.",
        [["Đơn vị", "Hồ sơ", "Tỷ lệ"], ["Xã A", "1.234", "87,02%"]],
        "Nơi nhận:",
        "- Như trên;",
        "CHỦ TỊCH",
        "Hồ Văn Mười",
    ]


def test_a_body_typed_inside_a_form_table_is_read():
    # A phiếu trình: the whole body in one bordered cell spanning the page.
    doc = Document()
    form = doc.add_table(rows=2, cols=1)
    form.style = doc.styles["Table Grid"]
    cell = form.cell(0, 0)
    cell.text = "I. NỘI DUNG TRÌNH"
    for text in (
        "1. Văn bản: Báo cáo số 228/BC-SNV ngày 28/11/2025 của Sở Nội vụ.",
        "2. Trích yếu: tình hình thực hiện các chỉ số cải cách hành chính năm 2025.",
        "II. ĐỀ XUẤT",
        "Chuyên viên kính trình lãnh đạo xem xét, ban hành văn bản chỉ đạo các sở.",
    ):
        cell.add_paragraph(text)
    form.cell(1, 0).text = "Chuyên viên"
    buf = io.BytesIO()
    doc.save(buf)
    texts = [b.text for b in read_docx(buf.getvalue()).blocks]
    assert texts[0] == "I. NỘI DUNG TRÌNH" and texts[3] == "II. ĐỀ XUẤT"
    assert texts[-1] == "Chuyên viên" and len(texts) == 6


# --------------------------------------------------------------------------- round trip


def test_round_trip_preserves_text_markers_footnotes_bold_and_numbering(tmp_path):
    blocks = [
        Block("BÁO CÁO", bold=True, centered=True),
        Block("Thực hiện Kế hoạch số 224-KH/TU¹, Ban Thường vụ báo cáo như sau:"),
        Block("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", bold=True),
        Block("1. Công tác quán triệt", bold=True, italic=True),
        Block("1.1. Hội nghị cấp Khối²", italic=True),
        Block("1.2. Hội nghị cơ sở"),
        Block("Một đoạn thường giữa các mục với 98,9% đảng viên."),
        Block("2. Kết quả"),
        Block("a) Về học tập"),
        Block("b) Về làm theo³"),
        Block("II. ĐÁNH GIÁ CHUNG", bold=True),
        Block("1. Ưu điểm"),
        Block("Tiêu đề kiểu Word", heading_level=2),
        Block("", kind="table", rows=[["Chỉ tiêu", "Kết quả⁴"], ["Đảng viên", "4.320"]]),
        Block("Nơi nhận:\n- Như trên;\n- Lưu VP."),
        Block("Kế hoạch số 224-KH/TU, ngày 08/12/2023.", kind="footnote", footnote=1),
        Block("80 hội nghị.", kind="footnote", footnote=2),
        Block("72 mô hình.", kind="footnote", footnote=3),
        Block("Số liệu năm 2023.", kind="footnote", footnote=4),
    ]
    dest = tmp_path / "round.docx"
    write_docx(blocks, dest, auto_numbering=True)
    doc = read_path(dest)
    assert doc.format == "docx"
    body = [b for b in doc.blocks if b.kind != "footnote"]
    expected = [b for b in blocks if b.kind != "footnote"]
    assert [b.text for b in body] == [b.text for b in expected]
    assert [b.rows for b in body] == [b.rows for b in expected]
    assert [b.bold for b in body[:12]] == [b.bold for b in expected[:12]]
    assert [b.italic for b in body] == [b.italic for b in expected]
    assert [b.centered for b in body] == [b.centered for b in expected]
    assert body[12].heading_level == 2
    notes = [(b.footnote, b.text) for b in doc.blocks if b.kind == "footnote"]
    assert notes == [(b.footnote, b.text) for b in blocks if b.kind == "footnote"]

    # The labels really are Word numbering, not text.
    with zipfile.ZipFile(dest) as zf:
        xml = zf.read("word/document.xml").decode()
        assert "<w:numPr>" in xml and "CÔNG TÁC" in xml
        assert "I. CÔNG TÁC" not in xml and "1.1. Hội" not in xml
        assert xml.count("<w:footnoteReference") == 4
        assert "footnotes+xml" in zf.read("[Content_Types].xml").decode()


def test_round_trip_without_auto_numbering_keeps_labels_as_text():
    blocks = [Block("I. Mục"), Block("1.1. Tiểu mục"), Block("Một mẫu số 3²")]
    data = written(blocks)
    assert body_texts(data) == ["I. Mục", "1.1. Tiểu mục", "Một mẫu số 3²"]  # ² is no footnote
    assert b"<w:numPr>" not in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_auto_numbering_restarts_and_keeps_labels_word_cannot_show():
    texts = [
        "I. Phần một",
        "1. Việc một",
        "3. Việc ba",  # skipped number: a restart at 3
        "3.1. Con",
        "5.1. Cha sai",  # Word would show 3.x: stays text
        "01. Số không",  # decimalZero is not offered: stays text
        "a) Chữ a",
        "c) Chữ c",
        "II. Phần hai",
        "1. Lại một",
        "I. Đề cương",  # an annex restarts at I
        "1. Mục",
    ]
    data = written([Block(t) for t in texts], auto_numbering=True)
    assert body_texts(data) == texts
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "5.1. Cha sai" in xml and "01. Số không" in xml and "3.1. Con" not in xml


# --------------------------------------------------------------------------- errors


def assert_vietnamese_error(data: bytes, *fragments: str) -> str:
    with pytest.raises(ReadError) as info:
        read_docx(data)
    msg = str(info.value)
    assert "Tệp" in msg or "tệp" in msg
    assert "Traceback" not in msg
    for fragment in fragments:
        assert fragment in msg
    # No chained exception: the user sees one message, never a traceback.
    err = info.value
    assert err.__cause__ is None and (err.__context__ is None or err.__suppress_context__)
    return msg


def test_truncated_file():
    data = written([Block("Nội dung đủ dài " * 50)])
    assert_vietnamese_error(data[: len(data) // 2], "bị hỏng hoặc không phải tệp Word")


def test_random_bytes_and_empty_bytes():
    assert_vietnamese_error(os.urandom(4096), "bị hỏng hoặc không phải tệp Word")
    assert_vietnamese_error(b"PK\x03\x04" + os.urandom(200), "bị hỏng")
    assert_vietnamese_error(b"", "bị hỏng")


def test_corrupt_member_data():
    data = bytearray(written([Block("Nội dung " * 400)]))
    start = data.find(b"word/document.xml") + 40  # inside the compressed stream
    data[start : start + 200] = os.urandom(200)
    assert_vietnamese_error(bytes(data), "bị hỏng")


def zip_with(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buf.getvalue()


def test_other_zip_formats_are_named():
    xlsx = zip_with({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert_vietnamese_error(xlsx, "không phải văn bản Word", "Excel")
    odt = zip_with({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""})
    assert_vietnamese_error(odt, ".odt")
    assert_vietnamese_error(zip_with({"a.txt": b"x"}), "ZIP")


def test_broken_xml():
    data = zip_with({"word/document.xml": b"<w:document xmlns:w='x'><w:body><w:p>"})
    assert_vietnamese_error(data, "không phải XML hợp lệ")


def test_document_without_text():
    assert_vietnamese_error(written([Block("")]), "Tệp .docx không có nội dung chữ.")
    assert_vietnamese_error(build(p() + p()), "không có nội dung chữ")


def test_zip_bomb_guard(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 1024 * 1024)
    bomb = zip_with({"word/document.xml": b"<a>" + b" " * (3 * 1024 * 1024) + b"</a>"})
    assert len(bomb) < 100_000
    assert_vietnamese_error(bomb, "quá lớn")


def test_dispatch_by_content():
    data = written([Block("Nội dung")])
    assert read_bytes(data, "baocao.bin").format == "docx"


# --------------------------------------------------------------------------- seed 001


def seed_blocks(text: str) -> list[Block]:
    """Blocks from a text export: blank-line paragraphs, "¹ ..." paragraphs are footnotes."""
    lead = re.compile(f"([{SUPERSCRIPT_DIGITS}]+) ")
    blocks = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        m = lead.match(para)
        if m:
            blocks.append(Block(para[m.end() :], kind="footnote", footnote=from_superscript(m[1])))
        else:
            blocks.append(Block(para))
    return blocks


def test_seed_001_round_trip_keeps_all_footnotes(shared, tmp_path):
    blocks = seed_blocks((shared / SEED_001).read_text(encoding="utf-8"))
    notes = {b.footnote: b.text for b in blocks if b.kind == "footnote"}
    assert sorted(notes) == list(range(1, 13))
    dest = tmp_path / "001.docx"
    write_docx(blocks, dest)
    data = dest.read_bytes()
    doc = read_docx(data)
    got = {b.footnote: b.text for b in doc.blocks if b.kind == "footnote"}
    assert got == notes
    body = "\n".join(b.text for b in doc.blocks if b.kind == "para")
    # "¹" also occurs inside "¹⁰", "¹¹", "¹²": count whole superscript runs.
    markers = re.findall(f"[{SUPERSCRIPT_DIGITS}]+", body)
    for n in range(1, 13):
        assert markers.count(superscript(n)) == 1, superscript(n)
    assert [b.text for b in doc.blocks if b.kind == "para"] == [
        b.text for b in blocks if b.kind == "para"
    ]

    # Well under 25 ms in process; the bound here is loose to stay stable on busy machines.
    times = []
    for _ in range(7):
        t = time.perf_counter()
        read_docx(data)
        times.append(time.perf_counter() - t)
    assert statistics.median(times) < 0.1


# --------------------------------------------------------------------------- LibreOffice


def test_libreoffice_shows_written_footnotes_at_the_page_foot_and_numbering(soffice, tmp_path):
    pymupdf = pytest.importorskip("pymupdf")
    blocks = [
        Block("I. CÔNG TÁC LÃNH ĐẠO", bold=True),
        Block("1. Đã ban hành 22 văn bản chỉ đạo¹."),
        Block("2. Tổ chức 80 hội nghị²."),
        Block("Kế hoạch số 25-KH/ĐUK.", kind="footnote", footnote=1),
        Block("Năm 2022 và năm 2023.", kind="footnote", footnote=2),
    ]
    src = tmp_path / "fn.docx"
    write_docx(blocks, src, auto_numbering=True)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    page = pymupdf.open(tmp_path / "fn.pdf")[0]
    words = page.get_text("words")  # (x0, y0, x1, y1, word, ...)

    def top(word: str) -> float:
        return min(w[1] for w in words if w[4] == word)

    assert top("I.") < top("1.") < top("2.")  # Word numbering drawn by LibreOffice
    assert top("25-KH/ĐUK.") > page.rect.height * 0.7  # footnote at the foot of the page
    assert top("25-KH/ĐUK.") > top("80")  # below the body text
