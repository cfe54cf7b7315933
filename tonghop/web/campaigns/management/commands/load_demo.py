from django.core.management.base import BaseCommand

from tonghop.web.demo import describe, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cây đơn vị, người dùng, đợt báo cáo Kết luận 01-KL/TW, báo cáo)."

    def handle(self, *args, **options):
        for line in describe(load_demo()):
            self.stdout.write(line)
