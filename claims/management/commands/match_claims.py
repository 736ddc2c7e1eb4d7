import time

from django.core.management.base import BaseCommand, CommandError

from claims.models import Article, Claim
from claims.review.matches import MATCHES_KEPT, claims_match, matcher_version, stale_matches


class Command(BaseCommand):
    help = (
        f"Compute claims' already-checked matches (the best {MATCHES_KEPT} among imported fact-checks and "
        "published claims) and store them: every claim, or with --stale only those never matched, matched "
        "by another matcher version or before the newest fact-check import (the background matching's "
        "catch-up). Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="Only the claims of this article.")
        parser.add_argument("--stale", action="store_true", help="Only claims whose matches are stale.")
        parser.add_argument("--dry-run", action="store_true", help="Say how many claims would be matched.")

    def handle(self, *args, article, stale, dry_run, verbosity, **options):
        if article is not None and not Article.objects.filter(pk=article).exists():
            raise CommandError(f"No article with id {article}.")
        articles = None if article is None else [article]
        if stale:
            waiting = stale_matches(article_ids=articles).count()
        else:
            waiting = (Claim.objects.filter(article_id=article) if article is not None else Claim.objects).count()
        version = matcher_version()
        self.stdout.write(f"{waiting} claim(s) to match with {version}.")
        if dry_run:
            return
        started = time.perf_counter()

        def progress(done: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {done}/{waiting}")

        done = claims_match(article_ids=articles, only_stale=stale, progress=progress)
        elapsed = time.perf_counter() - started
        rate = f" ({done / elapsed:,.0f} claims/s)" if done and elapsed > 0 else ""
        self.stdout.write(self.style.SUCCESS(f"{done} claim(s) matched in {elapsed:.1f}s{rate}."))
