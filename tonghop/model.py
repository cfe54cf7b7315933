"""The document model: plain dataclasses shared by every stage of the pipeline.

Readers turn a file into `Block`s (the page flow as the source lays it out);
`repair` turns blocks into clean paragraphs and footnotes; `structure` builds
the `Document`; later stages add figures, references and findings.  Nothing
here imports Django, so the engine runs alike in the CLI, tests and the web app.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

# Inline footnote markers travel through the pipeline as Unicode superscript
# digits (the way text exports of Word documents write them: "thực hiện¹.").
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUP = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUP = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")


def superscript(n: int) -> str:
    """Footnote marker text for number `n` (3 -> '³')."""
    return str(n).translate(_TO_SUP)


def from_superscript(s: str) -> int:
    return int(s.translate(_FROM_SUP))


@dataclass
class Block:
    """One paragraph as a reader found it, before page-flow repair.

    kind: "para" (body text, headings included), "footnote" (a footnote's text,
    its number in `footnote`) or "table" (cells in `rows`).
    text: inline footnote markers written as superscript digits; a hard line
    break inside the paragraph (signature block, Nơi nhận list) kept as "\\n".
    """

    text: str
    kind: str = "para"
    footnote: int | None = None
    bold: bool = False  # every letter of the paragraph is bold
    italic: bool = False  # every letter of the paragraph is italic
    heading_level: int | None = None  # from a Word heading style (1 = Heading 1)
    centered: bool = False
    page: int | None = None  # 1-based page the block starts on (PDF)
    page_break_before: bool = False  # first body block of a new page (PDF)
    # The reader knows this block continues the previous paragraph (a PDF page cut
    # with no first-line indent).
    continues: bool = False
    rows: list[list[str]] | None = None  # kind == "table"
    header_rows: int = 0  # kind == "table": how many of its first rows are column headers


@dataclass
class RawDocument:
    """What a reader returns: the blocks in reading order, plus facts about the file."""

    blocks: list[Block]
    format: str  # "txt", "md", "docx", "pdf"
    pages: int | None = None
    # Pages read by OCR (a scan): (1-based page, mean confidence of its words, 0-100).
    ocr_pages: list[tuple[int, float]] = field(default_factory=list)


@dataclass
class Footnote:
    n: int
    text: str
    marker_path: list[str] | None = None  # section holding the marker; None if no marker


@dataclass
class Table:
    rows: list[list[str]]
    header_rows: int = 0  # the first rows name the columns


@dataclass
class Section:
    """A numbered (or styled) heading and what stands under it."""

    number: str  # as a path element: "III", "2", "1" (for "2.1."), "Phần 1", "Điều 3"
    label: str  # the numbering exactly as written: "2.2", "2.1.", "I.", "a)"
    style: str  # "part", "article", "roman", "arabic", "decimal", "letter", "styled"
    path: list[str]
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Header:
    superior: str = ""  # e.g. "ĐẢNG BỘ TỈNH HÀ TĨNH"
    issuer: str = ""  # e.g. "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    number: str = ""  # "60-BC/ĐUK" (without "Số")
    place: str = ""
    date: str = ""  # ISO yyyy-mm-dd when complete


@dataclass
class Signer:
    capacity: str = ""  # "T/M BAN THƯỜNG VỤ", "K/T TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN"
    position: str = ""  # "PHÓ BÍ THƯ"
    name: str = ""


@dataclass
class Annex:
    """A part after the signature with its own numbering: ĐỀ CƯƠNG, PHỤ LỤC."""

    kind: str  # "ĐỀ CƯƠNG", "PHỤ LỤC", ...
    title: str
    paragraphs: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # before its first numbered heading


@dataclass
class Figure:
    value: float | int
    unit: str  # "%", "đồng", or the counted noun: "điểm cầu", "đảng viên"
    qualifier: str  # "trên", "hơn", "gần", "khoảng", "" ...
    text: str  # the sentence it came from (markers removed)
    raw: str  # the number as written: "4.320", "98,9%"
    path: list[str] = field(default_factory=list)
    footnote: int | None = None  # set when the figure stands in a footnote
    year: int | None = None  # year stated in the same clause/sentence
    # 1.0 when the words around the number make it a quantity; lower when the reading is a
    # guess (no counted noun, a noun that may name a kind): shown as doubtful, not as fact.
    confidence: float = 1.0
    # For a figure read in a table: its row label (the unit, the item counted); the
    # counted noun comes from the column header.
    subject: str = ""


@dataclass
class Reference:
    """A cited document: "Kế hoạch số 25-KH/ĐUK, ngày 10/11/2021"."""

    type: str  # "Kế hoạch", "Kết luận", ...
    number: str  # "25" ("" when the text gives none)
    symbol: str  # "KH/ĐUK"
    issuer: str  # "ĐUK" or the body named after it, when stated
    date: str  # ISO date or ""
    text: str  # as written
    path: list[str] = field(default_factory=list)
    footnote: int | None = None


@dataclass
class SumCheck:
    total: float | int
    parts: list[float | int]
    holds: bool
    unit: str
    path: list[str]
    footnote: int | None
    text: str


@dataclass
class Finding:
    code: str  # stable identifier: "duplicate-number", "total-mismatch", ...
    severity: str  # "error", "warning", "minor"
    path: list[str]
    message: str  # Vietnamese, for the user


@dataclass
class Document:
    kind: str = ""  # "BÁO CÁO", "HƯỚNG DẪN", ...
    title: str = ""  # the summary line (trích yếu)
    header: Header = field(default_factory=Header)
    preamble: list[str] = field(default_factory=list)  # opening paragraphs before section I
    tables: list[Table] = field(default_factory=list)  # tables before section I
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # "Trân trọng./." and the like
    annexes: list[Annex] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    sum_checks: list[SumCheck] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    format: str = ""
    pages: int | None = None
    ocr_pages: list[tuple[int, float]] = field(default_factory=list)  # see RawDocument

    def walk(self):
        """Every section of the body, depth first."""
        for s in self.sections:
            yield from s.walk()

    def texts(self) -> Iterator[tuple[list[str], str, bool]]:
        """(section path, text, is_title) for every piece of body text, in reading order."""
        for p in self.preamble:
            yield [], p, False
        for section in self.walk():
            yield section.path, section.title, True
            for p in section.paragraphs:
                yield section.path, p, False
        for annex in self.annexes:
            for p in annex.paragraphs:
                yield [annex.kind], p, False
            for top in annex.sections:
                for section in top.walk():
                    yield [annex.kind, *section.path], section.title, True
                    for p in section.paragraphs:
                        yield [annex.kind, *section.path], p, False

    def to_dict(self) -> dict:
        return asdict(self)


class ReadError(Exception):
    """A file that cannot be read; the message is Vietnamese and meant for the user."""


@dataclass
class OutlineItem:
    """One point of an outline (ĐỀ CƯƠNG) that every report must answer."""

    id: str  # "I", "II.1", "III.3"
    title: str
    level: int  # 1 for "I", 2 for "II.1"
    parent: str | None = None


@dataclass
class Programme:
    """A programme the exemplars are selected into, with its quota."""

    name: str
    collective: int | None = None
    individual: int | None = None
    model: int | None = None  # mô hình
    exemplar: int | None = None  # điển hình
    exemplar_min: int | None = None
    exemplar_max: int | None = None
    note: str = ""
    text: str = ""  # the sentence it was read from


@dataclass
class CampaignFacts:
    """What a campaign needs from its guideline; every field may be corrected by staff."""

    period_from: str = ""  # "2023-05" or "2023-05-01"
    period_to: str = ""
    period_text: str = ""
    deadline_before: str = ""  # ISO: reports are due strictly before this day
    deadline_last_day: str = ""  # ISO: the last day a report is on time
    deadline_text: str = ""
    receiver: str = ""
    email: str = ""
    nomination_collective: int | None = None
    nomination_individual: int | None = None
    programmes: list[Programme] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    source: str  # "ĐỀ CƯƠNG" when read from the annex, "sections" from a document's own tree
    items: list[OutlineItem]
    campaign: CampaignFacts = field(default_factory=CampaignFacts)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Match:
    path: list[str]
    title: str
    score: float


@dataclass
class ItemAlignment:
    id: str
    title: str
    matched: Match | None
    missing_parts: list[str] = field(
        default_factory=list
    )  # "nguyên nhân" of "Ưu điểm và nguyên nhân"


@dataclass
class Alignment:
    items: list[ItemAlignment]
    findings: list[Finding]

    @property
    def missing(self) -> list[str]:
        return [i.id for i in self.items if i.matched is None]

    def to_dict(self) -> dict:
        d = asdict(self)
        d["missing"] = self.missing
        return d
