"""The demo campaign carries the whole consolidation flow: a catalogue with values, an
indicator page with sources, a roll-up and a draft a new user can download."""

from io import BytesIO

import pytest
from django.urls import reverse

from tonghop.web import demo
from tonghop.web.consolidation.models import IndicatorValue

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_indicators_values_and_a_draft(client, soffice):
    import docx

    result = demo.load_demo()
    c = result.campaign
    values = IndicatorValue.objects.filter(indicator__campaign=c)
    assert c.indicators.filter(retired=False).count() >= 5
    assert values.count() >= 20
    assert values.filter(reported_value__isnull=False).count() == 1  # the corrected one
    client.login(username="chuyenvien", password=demo.PASSWORD)
    best = max(c.indicators.filter(aggregation="sum"), key=lambda i: i.values.count())
    page = client.get(reverse("consolidation:indicator", args=[best.pk])).content.decode()
    assert f"{best.values.count()}/{c.assignments.count()}</strong>đơn vị báo cáo" in page
    assert best.values.first().sentence in page
    roll = client.get(reverse("consolidation:rollup", args=[c.pk]))
    assert roll.status_code == 200 and "Toàn đợt báo cáo" in roll.content.decode()
    run = c.draft_runs.get()
    assert run.status == "done"
    draft_page = client.get(reverse("consolidation:draft", args=[c.pk])).content.decode()
    assert reverse("consolidation:draft_file", args=[run.pk, "docx"]) in draft_page
    got = client.get(reverse("consolidation:draft_file", args=[run.pk, "docx"]))
    document = docx.Document(BytesIO(b"".join(got.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "đơn vị" in text
    # Loading twice adds nothing.
    before = values.count()
    demo.load_demo()
    assert IndicatorValue.objects.filter(indicator__campaign=c).count() == before
    assert c.draft_runs.count() == 1
