"""What an official reading the draft and the pages would trip on (found walking the
demo): each test fails on the code before its fix."""

import re
from io import BytesIO

import pytest

from tests.web import factories_consolidation as fc
from tonghop.text import MARKER_RE
from tonghop.web.consolidation import services
from tonghop.web.submissions.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    world = fc.world()
    world["cat"] = fc.catalogue(world["campaign"], world["people"]["staff"])
    return world


def _paragraphs(data: bytes) -> list[str]:
    import docx

    return [p.text for p in docx.Document(BytesIO(data)).paragraphs]


def test_a_quotation_leaves_the_units_own_footnote_markers_out(w):
    """“kế hoạch riêng²” in a unit's report points to that report's note 2; in the draft
    a ² would read as the draft's own footnote 2 (a breakdown of another total)."""
    lesson = (
        "Phải gắn việc học tập với nêu gương của người đứng đầu¹, coi đó là khâu then "
        "chốt² trong xây dựng Đảng."
    )
    Answer.objects.filter(
        version__submission__assignment__unit=w["units"]["Q1"], item__code="III.3"
    ).update(text=lesson)
    data, _xlsx, _draft = services.draft_campaign(w["campaign"], {})
    quoted = [p for p in _paragraphs(data) if "Quận ủy Ba Đình: “" in p]
    assert any("người đứng đầu, coi đó là khâu then chốt trong xây dựng Đảng." in p for p in quoted)
    assert not [p for p in quoted if MARKER_RE.search(p)]
    assert not re.search(r"đầu¹|chốt²", "\n".join(_paragraphs(data)))
