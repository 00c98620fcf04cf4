"""The `virkplan` command: Django's management commands under the project's name.

`virkplan import FILE`, `virkplan export --format json`, `virkplan load_demo`,
`virkplan migrate` and every other management command run through here.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "virkplan.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["virkplan", *argv])
    args[0] = "virkplan"
    # `import` is a Python keyword, so the command module is named import_plans.
    if len(args) > 1 and args[1] == "import":
        args[1] = "import_plans"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
