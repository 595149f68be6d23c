"""The `parvis` command: the same commands as manage.py (`parvis territories import --departement 60`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
    from django.core.management import execute_from_command_line  # once the settings module is named

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
