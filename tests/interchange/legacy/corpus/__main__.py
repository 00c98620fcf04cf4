"""`python -m tests.interchange.legacy.corpus [--check] [NAME ...]`: see build.py."""

import argparse
import sys

from .build import stale, write


def main() -> int:
    parser = argparse.ArgumentParser(description="Write the legacy-plan test corpus.")
    parser.add_argument("names", nargs="*", help="only these plans (folder names)")
    parser.add_argument("--check", action="store_true", help="only check it is up to date")
    args = parser.parse_args()
    if args.check:
        problems = stale()
        print("\n".join(problems) or "The corpus is up to date.")
        return 1 if problems else 0
    write(args.names or None)
    return 0


sys.exit(main())
