"""`tonghop manage ...`: Django's management commands with the project's settings."""

import os
import sys


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tonghop.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tonghop manage", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
