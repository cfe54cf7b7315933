"""What the reminders button says it will do, counted where it is shown."""

from django import template

from tonghop.web.reminders import services

register = template.Library()


@register.simple_tag
def reminder_confirm(campaign, unit=None) -> str:
    """ "Gửi nhắc nhở tới 32 đơn vị chưa nộp?" (and who cannot be reached)."""
    if unit:  # a template passes "" for a variable it does not have
        return f"Gửi thư nhắc nộp báo cáo tới {unit.name}?"
    count, no_email = services.pending_count(campaign)
    text = f"Gửi nhắc nhở tới {count} đơn vị chưa nộp?"
    if no_email:
        text += f" ({no_email} đơn vị chưa có địa chỉ e-mail sẽ không nhận được.)"
    return text
