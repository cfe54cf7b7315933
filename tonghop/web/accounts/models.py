"""People and their roles.  A role always comes with a unit: the part of the tree
a staff member runs or a leader reads, or the one unit a reporter reports for."""

from django.conf import settings
from django.db import models

from tonghop.web.units.models import Unit


class Profile(models.Model):
    class Role(models.TextChoices):
        STAFF = "staff", "Chuyên viên (ban hành, theo dõi đợt báo cáo)"
        REPORTER = "reporter", "Cán bộ báo cáo của đơn vị"
        LEADER = "leader", "Lãnh đạo (chỉ xem)"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField("vai trò", max_length=10, choices=Role.choices)
    unit = models.ForeignKey(Unit, verbose_name="đơn vị", on_delete=models.PROTECT)
    full_name = models.CharField("họ và tên", max_length=120, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)

    class Meta:
        verbose_name = "hồ sơ người dùng"

    def __str__(self) -> str:
        return f"{self.full_name or self.user.username} ({self.get_role_display()})"
