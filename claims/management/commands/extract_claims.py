from django.core.management.base import BaseCommand, CommandError

from claims import extraction
from claims.models import Article
from claims.review.articles import article_reextract


class Command(BaseCommand):
    help = (
        "Run claim extraction again on stored articles. Claims a reviewer has touched are never "
        "changed; new spans are added; --replace also swaps untouched claims of older extractor "
        f"versions for those of the current one ({extraction.EXTRACTOR_VERSION})."
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--article", type=int, help="The id of one article.")
        target.add_argument("--all", action="store_true", help="Every article.")
        parser.add_argument("--replace", action="store_true",
                            help="Replace untouched claims made by another extractor version.")

    def handle(self, *args, article, all, replace, verbosity, **options):
        articles = Article.objects.order_by("id")
        if article is not None:
            articles = articles.filter(pk=article)
            if not articles.exists():
                raise CommandError(f"No article with id {article}.")
        totals = {"articles": 0, "added": 0, "removed": 0, "kept": 0}
        for item in articles.only("id").iterator(chunk_size=500):
            result = article_reextract(article=item, actor=None, replace=replace)
            totals["articles"] += 1
            totals["added"] += result.added
            totals["removed"] += result.removed
            totals["kept"] += result.kept
            if verbosity >= 2:
                self.stdout.write(f"article {item.pk}: {result.added} added, {result.removed} removed, "
                                  f"{result.kept} kept")
        self.stdout.write(self.style.SUCCESS(
            f"{totals['articles']} article(s): {totals['added']} claims added, {totals['removed']} "
            f"replaced, {totals['kept']} kept."))
