"""Search across the answers of a campaign: words or "phrases", found by the
database's full-text index (FTS5 on SQLite, tsvector on PostgreSQL; see fts.py),
then shown as snippets with what matched marked."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from tonghop.model import SUPERSCRIPT_DIGITS
from tonghop.text import fold
from tonghop.web.campaigns.models import Assignment, Campaign, OutlineItem
from tonghop.web.dashboard import fts
from tonghop.web.dashboard.services import (
    VERSION_BULK,
    folded_name,
    read_version_ids,
)
from tonghop.web.submissions.models import Answer
from tonghop.web.units.models import Unit

SNIPPET = 110  # characters of context each side of a hit
# Characters that fold to nothing: combining accents, footnote markers.
_UNEVEN = re.compile(f"[\u0300-\u036f{SUPERSCRIPT_DIGITS}]")
HITS_PER_PAGE = 30
# A word as both indexes cut them: a run of letters and digits ("_" parts words too).
_WORD = re.compile(r"[^\W_]+")
_QUOTES = '"“”„«»'
_QUOTED = re.compile(f"[{_QUOTES}]([^{_QUOTES}]*)(?:[{_QUOTES}]|$)")
_BEFORE = r"(?<![^\W_])"  # not inside a word
_AFTER = r"(?![^\W_])"
_BETWEEN = r"[\W_]+"


def query_words(q: str) -> list[str]:
    return _WORD.findall(fold(q))


@dataclass(frozen=True)
class Query:
    """What was typed: phrases in quotes, whose words must stand together in that
    order (punctuation between them aside), and the other words, each somewhere in
    the section.  The last word typed outside quotes may be the start of a word, as
    people type ("tuyen gi" finds "tuyên giáo")."""

    phrases: tuple[tuple[str, ...], ...] = ()
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.words

    @property
    def ranked(self) -> bool:
        """Words typed without quotes: the sections where they stand together come first."""
        return not self.phrases and len(self.words) > 1


def parse_query(q: str) -> Query:
    phrases: list[tuple[str, ...]] = []

    def take(m: re.Match) -> str:
        words = tuple(query_words(m.group(1)))
        if words:
            phrases.append(words)
        return " "

    rest = _QUOTED.sub(take, q)
    return Query(tuple(dict.fromkeys(phrases)), tuple(query_words(rest)))


def _required(q: Query) -> list[tuple[str, bool]]:
    """The single words every hit holds: (word, may be the start of a word)."""
    out: dict[str, bool] = {}
    for k, w in enumerate(q.words):
        prefix = k == len(q.words) - 1
        out[w] = out.get(w, prefix) and prefix  # "tu soi tu": "tu" as a whole word
    return list(out.items())


def _fts5(q: Query, together: bool) -> str:
    """An FTS5 MATCH expression; every word in double quotes (no operator inside)."""
    parts = ['"' + " ".join(p) + '"' for p in q.phrases]
    if together:
        parts.append('"' + " ".join(q.words) + '"*')
    else:
        parts += [f'"{w}"' + ("*" if prefix else "") for w, prefix in _required(q)]
    return " AND ".join(parts)


def _tsquery(q: Query, together: bool) -> str:
    """A PostgreSQL tsquery; every word in single quotes (words hold no quote)."""

    def lexeme(w: str, prefix: bool = False) -> str:
        return f"'{w}'" + (":*" if prefix else "")

    parts = ["(" + " <-> ".join(map(lexeme, p)) + ")" for p in q.phrases]
    if together:
        last = len(q.words) - 1
        parts.append("(" + " <-> ".join(lexeme(w, k == last) for k, w in enumerate(q.words)) + ")")
    else:
        parts += [lexeme(w, prefix) for w, prefix in _required(q)]
    return " & ".join(parts)


def _matching(answers: QuerySet[Answer], q: Query, together: bool = False) -> QuerySet[Answer]:
    """Answers holding what was asked, found in the full-text index (dashboard/fts.py)."""
    if connection.vendor == "postgresql":
        return answers.filter(
            RawSQL(
                f'"{fts.ANSWERS}"."{fts.PG_COLUMN}" @@ to_tsquery(\'simple\'::regconfig, %s)',
                [_tsquery(q, together)],
                output_field=BooleanField(),
            )
        )
    if connection.vendor == "sqlite":
        table = fts.FTS_TABLE
        return answers.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [_fts5(q, together)])
        )
    # Another database: the folded text, read row by row.
    for w, _prefix in _required(q):
        answers = answers.filter(folded__contains=w)
    for p in q.phrases:
        for w in p:
            answers = answers.filter(folded__contains=w)
    return answers


def _together(q: Query) -> RawSQL:
    """A boolean column: the answer holds the words typed standing together."""
    if connection.vendor == "postgresql":
        return RawSQL(
            f'"{fts.ANSWERS}"."{fts.PG_COLUMN}" @@ to_tsquery(\'simple\'::regconfig, %s)',
            [_tsquery(q, True)],
            output_field=BooleanField(),
        )
    if connection.vendor == "sqlite":
        table = fts.FTS_TABLE
        return RawSQL(
            f'"{fts.ANSWERS}"."id" IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)',
            [_fts5(q, True)],
            output_field=BooleanField(),
        )
    return Value(True)  # another database: no ranking


@dataclass(slots=True)
class Match:
    """An answer found, before its text is read: enough to order, count and page."""

    answer_id: int
    version_id: int
    path: tuple[str, ...]
    item_order: int
    unit_key: tuple[str, str]  # folded name, code
    phrase: bool


@dataclass
class Hit:
    row_unit: Unit
    assignment: Assignment
    item: OutlineItem
    section_title: str
    snippet: SafeString
    phrase: bool  # the words stand together as typed, not only somewhere


@dataclass
class SearchResult:
    query: Query
    page: Page  # of Hit
    total: int


def item_and_below(campaign: Campaign, item: OutlineItem) -> list[int]:
    """The ids of an outline item and of every item under it."""
    items = list(campaign.outline.values_list("pk", "code", "parent_code"))
    wanted, codes, grew = {item.pk}, {item.code}, True
    while grew:
        grew = False
        for pk, code, parent in items:
            if parent in codes and code not in codes:
                wanted.add(pk)
                codes.add(code)
                grew = True
    return sorted(wanted)


def find(
    campaign: Campaign,
    q: Query | str,
    units: QuerySet[Unit],
    *,
    unit_text: str = "",
    item: OutlineItem | None = None,
) -> list[Match]:
    """Every answer of the version read for each unit the reader may see that holds
    what was asked, ordered: whole phrases first, then units by name, items in
    outline order.  No text is read: the index decides, a few numbers per answer come
    back, so thousands of hits cost little.  A section's answer repeats its
    subsections' text: a hit in a subsection is kept once, under the deepest item."""
    q = parse_query(q) if isinstance(q, str) else q
    if q.empty:
        return []
    answers = Answer.objects.filter(version_id__in=read_version_ids(campaign, units))
    if item is not None:
        answers = answers.filter(item_id__in=item_and_below(campaign, item))
    unit = "version__submission__assignment__unit__"
    # Whether the words typed stand together, asked in the same query (the section's
    # words are read once): the phrase is tested only on the answers found.
    together = _together(q) if q.ranked else Value(True)
    rows = list(
        _matching(answers, q)
        .annotate(stands_together=together)
        .order_by()
        .values_list(
            "pk",
            "version_id",
            "path",
            "item__order",
            f"{unit}name",
            f"{unit}short_name",
            f"{unit}code",
            "stands_together",
        )
    )
    wanted = " ".join(fold(unit_text).split())
    matches = []
    for pk, version_id, path, order, name, short, code, stands_together in rows:
        folded = folded_name(name)
        if wanted and not (wanted in folded or wanted in fold(short) or wanted in fold(code)):
            continue
        phrase = bool(q.phrases) or bool(stands_together)
        matches.append(Match(pk, version_id, tuple(path or ()), order, (folded, code), phrase))
    matches = _deepest(matches)
    matches.sort(key=lambda m: (not m.phrase, m.unit_key, m.item_order))
    return matches


def _deepest(matches: list[Match]) -> list[Match]:
    """Drop an answer when a deeper one of the same version, inside its section, was
    found too (or, for two items read from one section, the later item's)."""
    by_version: dict[int, list[Match]] = defaultdict(list)
    for m in matches:
        by_version[m.version_id].append(m)
    out = []
    for group in by_version.values():
        for m in group:
            n = len(m.path)
            covered = any(
                o is not m
                and o.path[:n] == m.path
                and (len(o.path) > n or o.item_order > m.item_order)
                for o in group
            )
            if not covered:
                out.append(m)
    return out


def search_page(
    campaign: Campaign,
    q: str,
    units: QuerySet[Unit],
    *,
    unit_text: str = "",
    item: OutlineItem | None = None,
    page: int | str | None = 1,
    per_page: int | None = None,
) -> SearchResult:
    """One page of hits with their snippets; the text of that page's answers only."""
    query = parse_query(q)
    matches = find(campaign, query, units, unit_text=unit_text, item=item)
    pg = Paginator(matches, per_page or HITS_PER_PAGE).get_page(page)
    pg.object_list = hits_for(list(pg.object_list), query)
    return SearchResult(query, pg, len(matches))


def search(campaign: Campaign, q: str, units: QuerySet[Unit], **filters) -> list[Hit]:
    """Every hit with its snippet (tests, small campaigns); pages: `search_page`."""
    query = parse_query(q)
    return hits_for(find(campaign, query, units, **filters), query)


def hits_for(matches: list[Match], q: Query) -> list[Hit]:
    answers = {
        a.pk: a
        for a in Answer.objects.filter(pk__in=[m.answer_id for m in matches])
        .select_related("item", "version__submission__assignment__unit")
        .defer(*VERSION_BULK)
    }
    hits = []
    for m in matches:
        ans = answers.get(m.answer_id)
        if ans is None:  # a new upload between the two queries: found next time
            continue
        text = "\n".join(p for p in [ans.title, ans.text] if p)
        patterns = _patterns(q, m.phrase)
        body = len(ans.title) + 1 if ans.title and ans.text else 0  # where the text starts
        snip = snippet(text, ans.folded, patterns, body)
        a = ans.version.submission.assignment
        hits.append(
            Hit(
                row_unit=a.unit,
                assignment=a,
                item=ans.item,
                section_title=ans.title,
                snippet=snip,
                phrase=m.phrase,
            )
        )
    return hits


def _patterns(q: Query, together: bool) -> list[re.Pattern]:
    """What to mark, as patterns over folded text: each phrase, each word alone (or
    the words typed standing together, when that is how the hit was found)."""

    def phrase(words, prefix: bool) -> re.Pattern:
        joined = _BETWEEN.join(map(re.escape, words))
        return re.compile(_BEFORE + joined + ("" if prefix else _AFTER))

    out = [phrase(p, False) for p in q.phrases]
    if q.ranked and together:
        out.append(phrase(q.words, True))
    else:
        out += [phrase([w], prefix) for w, prefix in _required(q)]
    return out


def _folded_with_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text as the upload service folds answers (footnote markers
    dropped), and for each of its characters where it came from; None when
    offsets are unchanged, the usual case: precomposed Vietnamese letters fold
    one to one."""
    folded = fold(text)
    if len(folded) == len(text) and not _UNEVEN.search(text):
        return folded, None
    out, where = [], []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return "" if ch in SUPERSCRIPT_DIGITS else fold(ch)


def _spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Where the pattern stands in `text`, in the original's offsets."""
    folded, where = _folded_with_map(text)
    out = []
    for m in pattern.finditer(folded):
        if m.end() == m.start():
            continue
        if where is None:
            out.append((m.start(), m.end()))
        else:
            out.append((where[m.start()], where[m.end() - 1] + 1))
    return out


def _first(text: str, folded: str, pattern: re.Pattern) -> tuple[int, int] | None:
    """The first place of the pattern in the original text.  Found in the stored
    folded text first, then read again only in a window of the original around it
    (sections run to thousands of words; offsets differ by the markers dropped)."""
    m = pattern.search(folded)
    if m is None:
        return None
    slack = abs(len(text) - len(folded)) + 40
    lo = max(0, m.start() - slack)
    found = _spans(text[lo : m.end() + slack], pattern)
    if found:
        return found[0][0] + lo, found[0][1] + lo
    found = _spans(text, pattern)  # the window guessed wrong: read it all
    return found[0] if found else None


def snippet(
    text: str, folded: str, patterns: list[re.Pattern], floor: int = 0, width: int = SNIPPET
) -> SafeString:
    """The text around what was found, every hit in it marked: one window around
    the first place of each phrase or word (merged when they are near), so that the
    snippet holds all that matched.  Nothing before `floor` (the section's title,
    shown apart) unless a hit stands only in the title."""
    anchors = sorted(a for a in (_first(text, folded, p) for p in patterns) if a)
    if not anchors:
        return mark_safe(escape(text[: 2 * width]) + (" …" if len(text) > 2 * width else ""))
    lo_limit = floor if all(a >= floor for a, _ in anchors) else 0
    each = max(40, width // len(anchors))
    windows: list[list[int]] = []
    for a, b in anchors:
        start, end = max(lo_limit, a - each), min(len(text), b + each)
        if start > lo_limit:  # cut at spaces, not inside words
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < a else start
        if end < len(text):
            space = text.rfind(" ", b, end)
            end = space if space > 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    parts = []
    for start, end in windows:
        piece = text[start:end]
        spans = sorted({s for p in patterns for s in _spans(piece, p)})
        out, pos = [], 0
        for a, b in spans:
            if a < pos:
                continue
            out.append(escape(piece[pos:a]))
            out.append(format_html("<mark>{}</mark>", piece[a:b]))
            pos = b
        out.append(escape(piece[pos:]))
        parts.append("".join(out))
    head = "… " if windows[0][0] > lo_limit else ""
    tail = " …" if windows[-1][1] < len(text) else ""
    return mark_safe(head + " … ".join(parts) + tail)
