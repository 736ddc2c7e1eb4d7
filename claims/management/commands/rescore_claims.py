import time

from django.core.management.base import BaseCommand, CommandError

from claims import extraction
from claims.ingest.rescore import claims_rescore, stale_scores
from claims.models import Article


class Command(BaseCommand):
    help = (
        "Give the precise check-worthiness score to claims that have only the first (fast) score, or "
        f"one of an older model: the background re-scoring's catch-up. Current model: {extraction.PRECISE_MODEL}. "
        "Scores a reviewer gave are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="Only the claims of this article.")

    def handle(self, *args, article, verbosity, **options):
        if article is not None and not Article.objects.filter(pk=article).exists():
            raise CommandError(f"No article with id {article}.")
        ids = None if article is None else [article]
        waiting = stale_scores(ids).count()
        self.stdout.write(f"{waiting} claim(s) to re-score with {extraction.PRECISE_MODEL}.")
        started = time.perf_counter()

        def progress(done: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {done}/{waiting}")

        done = claims_rescore(ids, progress=progress)
        elapsed = time.perf_counter() - started
        rate = f" ({done / elapsed:,.0f} claims/s)" if done and elapsed > 0 else ""
        self.stdout.write(self.style.SUCCESS(f"{done} claim(s) re-scored in {elapsed:.1f}s{rate}."))
