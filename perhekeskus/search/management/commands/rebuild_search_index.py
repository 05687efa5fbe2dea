"""`manage.py rebuild_search_index`: build the search index of every service again, from scratch.

The index follows every change made through the admin, the loader and the API by itself; this is
for bulk changes made around them (SQL, a restored backup) and for measuring the rebuild.
"""

from django.core.management.base import BaseCommand

from perhekeskus.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of all services (one transaction; searches see the old index until it ends)."

    def handle(self, *args, **options):
        def report(postings):
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {postings} postings written")

        built = rebuild(report=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {built['services']} services: {built['terms']} terms, {built['postings']} postings "
                f"in {built['seconds']:.1f} s."
            )
        )
