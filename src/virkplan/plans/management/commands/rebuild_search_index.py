"""`virkplan rebuild_search_index`: make the search's rows again from every plan.

The services keep the index current on every write; this is for a database
filled another way (restored from an older version, changed by hand) or after
the search's rules change.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from virkplan.plans.search.indexing import search_index_rebuild


class Command(BaseCommand):
    help = "Make the search index again from every plan."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            rows = search_index_rebuild()
        self.stdout.write(_("The search index holds %(rows)s rows.") % {"rows": rows})
