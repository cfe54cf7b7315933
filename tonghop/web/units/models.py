"""The organisation tree.  Units move and close; what they reported stays theirs."""

from __future__ import annotations

import datetime as dt

from django.db import models


class Unit(models.Model):
    class Kind(models.TextChoices):
        CITY = "thanh_uy", "Thành ủy, tỉnh ủy"
        DEPARTMENT = "ban_dang", "Ban, văn phòng của cấp ủy"
        DISTRICT = "quan_huyen", "Quận ủy, huyện ủy, thị ủy"
        BLOC = "dang_uy_khoi", "Đảng ủy khối"
        COMMITTEE = "dang_uy", "Đảng ủy trực thuộc"
        FRONT = "mttq", "Mặt trận Tổ quốc"
        MASS_ORG = "doan_the", "Tổ chức chính trị - xã hội"
        GRASSROOTS = "co_so", "Tổ chức cơ sở đảng"
        OTHER = "khac", "Khác"

    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=80, blank=True)
    kind = models.CharField("loại", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField("e-mail", blank=True)
    opened_on = models.DateField("ngày thành lập", null=True, blank=True)
    closed_on = models.DateField("ngày giải thể/sáp nhập", null=True, blank=True)
    # Materialised path of ids ("/1/5/12/"): a subtree is one indexed prefix query.
    tree_path = models.CharField(max_length=500, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["tree_path"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = (self.parent.tree_path if self.parent_id else "/") + f"{self.pk}/"
        if path != self.tree_path:
            old, self.tree_path = self.tree_path, path
            Unit.objects.filter(pk=self.pk).update(tree_path=path)
            if old:  # a move: the whole subtree follows
                below = list(Unit.objects.filter(tree_path__startswith=old).exclude(pk=self.pk))
                for u in below:
                    u.tree_path = path + u.tree_path[len(old) :]
                Unit.objects.bulk_update(below, ["tree_path"])

    def is_open(self, on: dt.date | None = None) -> bool:
        on = on or dt.date.today()
        if self.opened_on and self.opened_on > on:
            return False
        return not (self.closed_on and self.closed_on <= on)

    @property
    def depth(self) -> int:
        return self.tree_path.count("/") - 1

    def subtree(self, include_self: bool = True):
        qs = Unit.objects.filter(tree_path__startswith=self.tree_path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestors(self):
        ids = [int(x) for x in self.tree_path.strip("/").split("/")[:-1] if x]
        return Unit.objects.filter(pk__in=ids).order_by("tree_path")


class UnitMove(models.Model):
    """Where a unit stood before it was moved: reports keep the tree of their own time."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="moves")
    old_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moved_on = models.DateField()
    moved_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
