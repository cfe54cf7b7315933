"""Exports of the exemplars programmes: proposal lists, dossiers, the book manuscript, the
exhibition list.  No Django: plain `NomineeData` in, .docx/.xlsx files out.

- `proposal_list_docx`: the danh sách đề nghị in Party format (header, title, table, signature).
- `proposal_list_xlsx`: the same list as a spreadsheet (full achievements).
- `dossier_docx`: one nominee's details, photo and full achievements.
- `book_manuscript_docx`: one manuscript, a chapter per story, in `sort_nominees` order.
- `exhibition_list_docx`: a list with the photos in a table column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os import PathLike
from typing import BinaryIO

from tonghop.text import fold
from tonghop.writers.party import (
    PROFILE_36,
    FormatProfile,
    PartyDocument,
    PartyHeader,
    Photo,
    Signature,
)

Dest = str | PathLike | BinaryIO
KINDS = {"collective": "Tập thể", "model": "Mô hình", "individual": "Cá nhân"}
_KIND_ORDER = {"collective": 0, "model": 1, "individual": 2}


@dataclass
class NomineeData:
    kind: str  # "individual" | "collective" | "model"
    name: str  # họ và tên / tên tập thể / tên mô hình
    birth_year: int | None = None
    gender: str = ""
    ethnicity: str = ""
    position: str = ""  # chức vụ
    workplace: str = ""  # đơn vị công tác
    parent_org: str = ""  # đơn vị chủ quản (collective)
    implementer: str = ""  # đơn vị thực hiện (model)
    unit_name: str = ""  # the nominating unit (đơn vị giới thiệu)
    summary: str = ""  # tóm tắt thành tích
    photo: bytes | None = None

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def position_and_workplace(self) -> str:
        """'Chức vụ, đơn vị công tác' for a person; the parent or implementing body otherwise."""
        if self.kind == "collective":
            return self.parent_org
        if self.kind == "model":
            return self.implementer
        return ", ".join(x for x in (self.position.strip(), self.workplace.strip()) if x)


def shorten(text: str, limit: int = 300) -> str:
    """The first `limit` characters of `text`, cut at a word, with '…' when cut."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-–")
    return f"{cut}…"


def _name_key(n: NomineeData) -> tuple:
    """People by given name (the last word) then the whole name, the Vietnamese way;
    collectives and models by their whole name.  Accent-free (`fold`), ties by the raw text."""
    full = fold(n.name).strip()
    if n.kind == "individual" and full:
        return (full.split()[-1], full, n.name)
    return (full, full, n.name)


def sort_nominees(nominees: list[NomineeData]) -> list[NomineeData]:
    """Collectives, then models, then individuals; each by nominating unit, then name."""
    return sorted(
        nominees,
        key=lambda n: (_KIND_ORDER.get(n.kind, 3), fold(n.unit_name).strip(), _name_key(n)),
    )


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# -- proposal list ---------------------------------------------------------------------------
LIST_HEADERS = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Năm sinh",
    "Giới tính",
    "Chức vụ, đơn vị công tác",
    "Đơn vị giới thiệu",
    "Tóm tắt thành tích",
]
_LIST_WIDTHS_MM = [13, 31, 14, 14, 33, 25, 35]  # = 165 mm, the A4 text width of 36-HD/VPTW


def proposal_list_docx(
    programme_name: str,
    nominees: list[NomineeData],
    header: PartyHeader,
    signature: Signature,
    recipients: list[str],
    dest: Dest,
    *,
    profile: FormatProfile = PROFILE_36,
    summary_limit: int = 300,
) -> None:
    """The danh sách đề nghị for one programme, in Party format, nominees in the given order."""
    doc = PartyDocument(profile)
    doc.header(header)
    doc.title("DANH SÁCH ĐỀ NGHỊ", programme_name)
    rows: list[list[object]] = [list(LIST_HEADERS)]
    for k, n in enumerate(nominees, 1):
        rows.append(
            [
                str(k),
                n.name,
                str(n.birth_year) if n.birth_year else "",
                n.gender,
                n.position_and_workplace,
                n.unit_name,
                shorten(n.summary, summary_limit),
            ]
        )
    doc.table(rows, header=True, widths_mm=_LIST_WIDTHS_MM)
    doc.blank_line()
    doc.paragraph(f"Danh sách có {len(nominees):02d} đề nghị.", italic=True)
    doc.signature(signature, recipients)
    doc.page_numbers()
    doc.save(dest)


XLSX_HEADERS = [
    "STT",
    "Loại",
    "Họ và tên / Tên tập thể",
    "Năm sinh",
    "Giới tính",
    "Dân tộc",
    "Chức vụ, đơn vị công tác",
    "Đơn vị giới thiệu",
    "Tóm tắt thành tích",
]
_XLSX_WIDTHS = [6, 12, 30, 10, 10, 10, 40, 30, 80]
XLSX_HEADER_ROW = 3  # row 1: the title; row 3: the column headers; data from row 4


def proposal_list_xlsx(programme_name: str, nominees: list[NomineeData], dest: Dest) -> None:
    """The proposal list as .xlsx: a title row, Vietnamese headers, wrapped full achievements."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách đề nghị"
    font = "Times New Roman"
    last = get_column_letter(len(XLSX_HEADERS))
    ws["A1"] = f"DANH SÁCH ĐỀ NGHỊ: {programme_name}"
    ws["A1"].font = Font(name=font, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 36
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for j, (title, width) in enumerate(zip(XLSX_HEADERS, _XLSX_WIDTHS, strict=True), 1):
        cell = ws.cell(row=XLSX_HEADER_ROW, column=j, value=title)
        cell.font = Font(name=font, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        ws.column_dimensions[get_column_letter(j)].width = width
    for k, n in enumerate(nominees, 1):
        values = [
            k,
            n.kind_label,
            n.name,
            n.birth_year or None,
            n.gender,
            n.ethnicity,
            n.position_and_workplace,
            n.unit_name,
            re.sub(r"[ \t]+", " ", n.summary).strip(),
        ]
        for j, value in enumerate(values, 1):
            cell = ws.cell(row=XLSX_HEADER_ROW + k, column=j, value=value)
            cell.font = Font(name=font, size=12)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
    ws.freeze_panes = ws.cell(row=XLSX_HEADER_ROW + 1, column=1)
    ws.print_title_rows = f"{XLSX_HEADER_ROW}:{XLSX_HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wb.save(dest if not isinstance(dest, PathLike) else str(dest))


# -- dossier ---------------------------------------------------------------------------------
def _details(n: NomineeData) -> list[list[object]]:
    if n.kind == "collective":
        rows = [["Tên tập thể", n.name], ["Đơn vị chủ quản", n.parent_org]]
    elif n.kind == "model":
        rows = [["Tên mô hình", n.name], ["Đơn vị thực hiện", n.implementer]]
    else:
        rows = [
            ["Họ và tên", n.name],
            ["Năm sinh", str(n.birth_year) if n.birth_year else ""],
            ["Giới tính", n.gender],
            ["Dân tộc", n.ethnicity],
            ["Chức vụ", n.position],
            ["Đơn vị công tác", n.workplace],
        ]
    rows.append(["Đơn vị giới thiệu", n.unit_name])
    return rows


def dossier_docx(
    nominee: NomineeData,
    header: PartyHeader,
    dest: Dest,
    *,
    profile: FormatProfile = PROFILE_36,
    photo_width_mm: float = 40,
) -> None:
    """One nominee: Party header, details table, photo, full achievements."""
    doc = PartyDocument(profile)
    doc.header(header)
    doc.title("HỒ SƠ ĐỀ NGHỊ", f"{nominee.kind_label}: {nominee.name}")
    doc.picture(nominee.photo, photo_width_mm)
    doc.heading("I. THÔNG TIN CHUNG", 1)
    doc.table(_details(nominee), header=False, widths_mm=[50, 115])
    doc.heading("II. TÓM TẮT THÀNH TÍCH", 1)
    paragraphs = _paragraphs(nominee.summary)
    for text in paragraphs or ["(chưa có tóm tắt thành tích)"]:
        doc.paragraph(text)
    doc.page_numbers()
    doc.save(dest)


# -- book manuscript -------------------------------------------------------------------------
def book_manuscript_docx(
    title: str,
    nominees: list[NomineeData],
    dest: Dest,
    *,
    header: PartyHeader | None = None,
    profile: FormatProfile = PROFILE_36,
    photo_width_mm: float = 60,
) -> None:
    """One manuscript: the issuing body's header (as the other exports), title, a contents
    list, then each story as a chapter on a new page."""
    stories = sort_nominees(nominees)
    doc = PartyDocument(profile)
    if header is not None:
        doc.header(header)
    doc.title(title)
    doc.centered(f"Bản thảo: {len(stories):02d} câu chuyện", italic=True)
    doc.heading("MỤC LỤC", 1)
    for k, n in enumerate(stories, 1):
        doc.paragraph(f"{k}. {n.name} ({n.unit_name})" if n.unit_name else f"{k}. {n.name}")
    for k, n in enumerate(stories, 1):
        doc.page_break()
        doc.heading(f"{k}. {n.name}", 1)
        about = [n.kind_label, n.position_and_workplace, n.unit_name]
        doc.centered(" · ".join(x for x in about if x), italic=True)
        doc.picture(n.photo, photo_width_mm)
        for text in _paragraphs(n.summary):
            doc.paragraph(text)
    doc.page_numbers()
    doc.save(dest)


# -- exhibition list -------------------------------------------------------------------------
EXHIBITION_HEADERS = ["STT", "Ảnh", "Họ và tên / Tên tập thể", "Đơn vị", "Tóm tắt thành tích"]


def exhibition_list_docx(
    title: str,
    nominees: list[NomineeData],
    dest: Dest,
    *,
    header: PartyHeader | None = None,
    signature: Signature | None = None,
    recipients: list[str] | None = None,
    profile: FormatProfile = PROFILE_36,
    photo_width_mm: float = 30,
    summary_limit: int = 400,
) -> None:
    """A list with photos: the photo in its own table column, '(chưa có ảnh)' when missing;
    headed and signed like the proposal list when `header` and `signature` are given."""
    doc = PartyDocument(profile)
    if header is not None:
        doc.header(header)
    doc.title(title)
    rows: list[list[object]] = [list(EXHIBITION_HEADERS)]
    for k, n in enumerate(nominees, 1):
        unit = "\n".join(x for x in (n.position_and_workplace, n.unit_name) if x)
        rows.append(
            [
                str(k),
                Photo(n.photo, photo_width_mm),
                n.name,
                unit,
                shorten(n.summary, summary_limit),
            ]
        )
    doc.table(
        rows, header=True, widths_mm=[13, photo_width_mm + 4, 34, 34, 165 - 85 - photo_width_mm]
    )
    if signature is not None:
        doc.signature(signature, recipients)
    doc.page_numbers()
    doc.save(dest)
