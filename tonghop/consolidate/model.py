"""The data of consolidation: indicators, unit values with their sources, totals, the draft.

Values are `Decimal` so that money in đồng and counts add up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tonghop.model import Figure

SUM = "sum"  # counts and money: the node's value is the sum of its units' values
RATIO = "ratio"  # a percentage: sum(numerator) / sum(denominator) * 100, never a mean


@dataclass
class Indicator:
    """One chỉ tiêu of a campaign's catalogue."""

    key: str  # stable within a catalogue: "hoi-nghi-dang-vien"
    name: str  # "Số đảng viên tham dự hội nghị học tập"
    unit: str  # the counted noun or unit: "đảng viên", "đồng", "%"
    outline_item: str = ""  # "II.1" ("" when it belongs to no item)
    year: int | None = None  # where the guideline's period spans several years
    aggregation: str = SUM  # SUM or RATIO
    numerator: str = ""  # RATIO: key of the indicator counted above the line
    denominator: str = ""  # RATIO: key of the indicator counted below the line
    # Words that a figure's sentence should carry to be this indicator ("hội nghị",
    # "học tập"); the counted noun alone is often shared by several indicators.
    keywords: list[str] = field(default_factory=list)


@dataclass
class Source:
    """Where a number or a quotation came from: enough to find it again and to cite it."""

    unit_id: str
    unit_name: str
    version: int | None = None  # the version number of the unit's report
    path: list[str] = field(default_factory=list)  # section path: ["II", "1"]
    sentence: str = ""  # the sentence, markers removed
    footnote: int | None = None  # the report's own footnote number, when it stood there
    file_name: str = ""
    # The stored figure it came from (UnitFigure.figure_id, in the web app the
    # ReportedFigure's id), so a value chosen by `match` can be tied back to its row.
    figure_id: str | None = None


@dataclass
class UnitValue:
    """A unit's value for one indicator: confirmed from its report or entered by hand."""

    indicator: str  # Indicator.key
    unit_id: str
    value: Decimal
    qualifier: str = ""  # "trên", "hơn" (lower bounds), "gần", "khoảng", "" ...
    source: Source | None = None
    corrected_from: Decimal | None = None  # the value the report gave, when staff corrected
    note: str = ""  # the reason of a correction
    # The year the figure is of ("năm 2023 ... 110.448 đảng viên") when the indicator has
    # none: a yearly figure is not the period's total, and the draft must say which year.
    year: int | None = None


@dataclass
class TreeNode:
    """A unit in the tree as it stood when the campaign was sent."""

    id: str
    name: str
    parent: str | None = None  # None at the top (the campaign's owner or its direct units)
    expected: bool = True  # addressed by the campaign: expected to report


@dataclass
class Total:
    """An indicator added up over a node's subtree (or the whole campaign)."""

    indicator: str
    node: str
    value: Decimal | None  # None when no unit reported it
    lower_bound: bool = False  # some part was "trên/hơn ...": the total is at least this
    approximate: bool = False  # some part was "khoảng/gần ..."
    reported: int = 0  # units below (and at) the node with a value
    expected: int = 0  # units below (and at) the node expected to report
    missing: list[str] = field(default_factory=list)  # unit ids expected with no value
    numerator: Decimal | None = None  # RATIO only
    denominator: Decimal | None = None  # RATIO only

    @property
    def coverage_text(self) -> str:
        return f"{self.reported}/{self.expected} đơn vị báo cáo"

    @property
    def missing_count(self) -> int:
        return self.expected - self.reported


@dataclass
class Rule:
    """A validation rule, DHIS2 style: left side, operator, right side."""

    key: str
    left: list[str]  # indicator keys added up
    operator: str  # "==", "<=", ">=", "<", ">", "!="
    right: list[str]  # indicator keys added up; empty means the number 0
    importance: str = "error"  # "error", "warning"
    message: str = ""  # Vietnamese


@dataclass
class Violation:
    rule: str
    node: str  # a unit id or a tree node id
    left: Decimal
    right: Decimal
    importance: str
    message: str  # Vietnamese, names both numbers


@dataclass
class Candidate:
    """An indicator proposed from the figures of many reports."""

    indicator: Indicator
    units: int  # how many units reported a figure of it
    figures: int  # how many figures in all
    samples: list[Source] = field(default_factory=list)  # a few sentences, different units
    values: dict[str, Decimal] = field(default_factory=dict)  # unit id -> value proposed
    # What staff should know before adopting it, in Vietnamese ("" = nothing): e.g. that
    # a percentage with no counts to pair is shown per unit and never added up.
    note: str = ""


@dataclass
class UnitFigure:
    """A figure the engine read in one unit's report, with the outline item it answers."""

    unit_id: str
    unit_name: str
    version: int | None
    figure: Figure  # value, counted noun, qualifier, year, sentence, path, footnote
    outline_item: str = ""  # the outline item its section answers ("" = none)
    figure_id: str | None = None  # the stored figure (in the web app, its row id)


@dataclass
class Span:
    """A run of a draft paragraph: plain text, or a number/quotation with its sources."""

    text: str
    sources: list[Source] = field(default_factory=list)
    footnote: str = ""  # text of a real Word footnote placed after this run ("" = none)
    quote: bool = False
    indicator: str = ""  # Indicator.key when the run is a total of that indicator


@dataclass
class DraftParagraph:
    kind: str  # "heading", "para"
    spans: list[Span]
    level: int = 0  # heading level: 1 for "I.", 2 for "1."
    outline_item: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Draft:
    """The consolidated report before it is written: everything the writer needs."""

    issuer: str  # "BAN TUYÊN GIÁO"
    superior: str  # "THÀNH ỦY HÀ NỘI"
    number: str  # "   -BC/BTGTU": a place for the number
    place: str  # "Hà Nội"
    date: str  # ISO date
    kind: str  # "BÁO CÁO"
    summary: str  # the summary line
    paragraphs: list[DraftParagraph] = field(default_factory=list)
    signer_capacity: str = ""  # "K/T TRƯỞNG BAN"
    signer_position: str = ""  # "PHÓ TRƯỞNG BAN"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    # The annex: indicator names (columns) × units (rows), then the totals row(s).
    annex_title: str = "PHỤ LỤC\nSố liệu tổng hợp theo đơn vị"
    annex_header: list[str] = field(default_factory=list)
    annex_rows: list[list[str]] = field(default_factory=list)
    # Beside annex_rows, cell for cell: the numbers themselves (Decimal, None when missing;
    # text cells as text), so a spreadsheet gets numbers; and each row's kind: "unit",
    # "subtotal" (a top node of the tree) or "total" (the whole campaign).
    annex_values: list[list[object]] = field(default_factory=list)
    annex_row_kinds: list[str] = field(default_factory=list)


@dataclass
class Answer:
    """A unit's answer to one outline item: the text of the section aligned to it."""

    unit_id: str
    unit_name: str
    version: int | None
    outline_item: str  # "II.4"
    path: list[str]  # the report's section path: ["II", "4"]
    text: str  # the section's paragraphs (its sub-sections' too), markers removed, "\n" between
    file_name: str = ""


@dataclass
class Quote:
    """Sentences quoted word for word from one answer."""

    answer: Answer
    text: str  # a substring of answer.text, exactly
    score: float = 0.0

    @property
    def source(self) -> Source:
        a = self.answer
        return Source(
            a.unit_id,
            a.unit_name,
            a.version,
            list(a.path),
            sentence=self.text,
            file_name=a.file_name,
        )


@dataclass
class DraftSpec:
    """What the consolidated report says about itself: header, guideline cited, signer."""

    superior: str  # "THÀNH ỦY HÀ NỘI"
    issuer: str  # "BAN TUYÊN GIÁO"
    number: str = "     -BC/"  # a blank place for the number: "     -BC/BTGTU"
    place: str = ""
    date: str = ""  # ISO; "" = today
    kind: str = "BÁO CÁO"
    summary: str = ""
    # The guideline cited in the opening, as the engine read it from its Document header.
    guideline_kind: str = "Hướng dẫn"  # "Hướng dẫn", "Kế hoạch", ...
    guideline_number: str = ""  # "153-HD/BTGTU"
    guideline_date: str = ""  # ISO
    guideline_issuer: str = ""  # "Ban Tuyên giáo Thành ủy Hà Nội"
    guideline_summary: str = ""  # its summary line: "Đánh giá tình hình thực hiện ..."
    signer_capacity: str = ""  # "K/T TRƯỞNG BAN"
    signer_position: str = ""  # "PHÓ TRƯỞNG BAN"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    quotes_per_item: int = 3
