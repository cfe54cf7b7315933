"""Real report files for the submission tests: .docx written by the project's own
writer, a PDF with a text layer, and files that must be refused."""

from __future__ import annotations

import io

import pymupdf

from tonghop.model import Block
from tonghop.writers.docx import write_docx

FONT = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"


def report_blocks(unit_name: str = "Quận ủy Ba Đình", lessons: bool = False) -> list[Block]:
    """A short report answering the test campaign's outline (factories.campaign):
    I, II (with a subsection), III; "III.3 Bài học kinh nghiệm" only with `lessons`.
    Figures: 12 hội nghị, 4.320 đảng viên, 98,9%, 25 mô hình, 320 đảng viên (footnote 1)."""
    blocks = [
        Block(f"ĐẢNG BỘ THÀNH PHỐ HÀ NỘI\n{unit_name.upper()}", centered=True),
        Block("BÁO CÁO", bold=True, centered=True),
        Block("Kết quả thực hiện Kết luận số 01-KL/TW", bold=True, centered=True),
        Block("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", bold=True),
        Block("Ban Thường vụ đã tổ chức 12 hội nghị quán triệt với 4.320 đảng viên tham dự¹."),
        Block("II. KẾT QUẢ THỰC HIỆN", bold=True),
        Block("1. Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", bold=True),
        Block("Tỷ lệ đảng viên tham gia học tập đạt 98,9%. Toàn đảng bộ có 25 mô hình mới."),
        Block("III. ĐÁNH GIÁ CHUNG", bold=True),
        Block("Việc “Tự soi, tự sửa” được thực hiện nghiêm túc ở các chi bộ."),
    ]
    if lessons:
        blocks += [
            Block("3. Bài học kinh nghiệm", bold=True),
            Block("Phát huy vai trò nêu gương của người đứng đầu cấp ủy."),
        ]
    blocks += [
        Block("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", bold=True),
        Block("Tiếp tục đẩy mạnh việc học tập và làm theo Bác."),
        Block("Trong đó có 320 đảng viên trẻ.", kind="footnote", footnote=1),
    ]
    return blocks


def docx_bytes(blocks: list[Block] | None = None) -> bytes:
    buf = io.BytesIO()
    write_docx(blocks if blocks is not None else report_blocks(), buf)
    return buf.getvalue()


def _pdf(lines: list[str]) -> pymupdf.Document:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = pymupdf.Font(fontfile=FONT)
    writer = pymupdf.TextWriter(page.rect)
    y = 80
    for line in lines:
        writer.append((85, y), line, font=font, fontsize=13)
        y += 40
    writer.write_text(page)
    return doc


PDF_LINES = [
    "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
    "Ban Thường vụ đã tổ chức 12 hội nghị quán triệt với 4.320 đảng viên tham dự.",
    "II. KẾT QUẢ THỰC HIỆN",
    "Tỷ lệ đảng viên tham gia học tập đạt 98,9%.",
    "III. ĐÁNH GIÁ CHUNG",
    "Việc tự soi, tự sửa được thực hiện nghiêm túc.",
]


def pdf_bytes() -> bytes:
    """A PDF with a text layer (Vietnamese letters embedded in a TrueType font)."""
    return _pdf(PDF_LINES).tobytes(garbage=3, deflate=True)


def encrypted_pdf_bytes() -> bytes:
    return _pdf(PDF_LINES).tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="matkhau", owner_pw="chusohuu"
    )


def _image() -> pymupdf.Pixmap:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 120, 160), False)
    pix.clear_with(210)
    return pix


def scanned_pdf_bytes() -> bytes:
    """A page that is only a picture, like a scan."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=_image())
    return doc.tobytes()


def png_bytes() -> bytes:
    return _image().tobytes("png")


TEXT_REPORT = """BÁO CÁO

Kết quả thực hiện Kết luận số 01-KL/TW

I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO

Ban Thường vụ đã tổ chức 8 hội nghị với 1.250 đảng viên tham dự.

II. KẾT QUẢ THỰC HIỆN

Tỷ lệ đảng viên tham gia học tập đạt 97,5%.

III. ĐÁNH GIÁ CHUNG

Các chi bộ thực hiện nghiêm túc.

3. Bài học kinh nghiệm

Phát huy vai trò nêu gương.
"""
