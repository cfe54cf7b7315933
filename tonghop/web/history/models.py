"""Across campaigns: a campaign's catalogue linked once to the previous campaign of the
same kind (indicator by indicator), and the tree's mergers and splits, so an earlier
value is shown beside this one under the unit of today."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tonghop.web.campaigns.models import Campaign
from tonghop.web.units.models import Unit


class CatalogueLink(models.Model):
    """This campaign's indicators compared with those of `previous`."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="previous_link"
    )
    previous = models.ForeignKey(
        Campaign, verbose_name="đợt báo cáo trước", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class IndicatorLink(models.Model):
    link = models.ForeignKey(CatalogueLink, on_delete=models.CASCADE, related_name="pairs")
    indicator = models.ForeignKey(
        "consolidation.Indicator", on_delete=models.CASCADE, related_name="+"
    )
    previous = models.ForeignKey(
        "consolidation.Indicator", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        unique_together = [("link", "indicator")]


class UnitChange(models.Model):
    """A merger (several `source`s into one `unit`) or a split (one `source` into several
    `unit`s), dated.  A rename keeps the unit; a move is a UnitMove."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Sáp nhập"
        SPLIT = "split", "Chia tách"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="came_from")
    source = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="went_into")
    on = models.DateField("ngày")

    class Meta:
        unique_together = [("unit", "source")]
        ordering = ["on", "pk"]
