from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factchecks.importing import FORMATS, factchecks_import_files, factchecks_index

PROGRESS_EVERY = 10_000


class Command(BaseCommand):
    help = (
        "Import published fact-checks: schema.org ClaimReview JSON(-LD) (an object, a list, an @graph, a "
        "DataFeed; .json or JSON Lines), HTML pages with ClaimReview markup (JSON-LD or microdata), LIAR's "
        "TSV, the Snopes claim-retrieval verified_claims.docs.tsv, or any delimited file through --columns. "
        "A fact-check already stored (same review URL or dataset key) is left as it is, so importing twice "
        "reports 0 new. A bad item is reported as path:position: problem and skipped; the command fails "
        "only when a file cannot be read at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--format", choices=FORMATS, default="auto",
                            help="auto (default): by the file's name and first line.")
        parser.add_argument("--columns", help="For --format tsv: field=column (1-based number or header name) "
                                              "or field==literal, comma-separated; fields: key, url, "
                                              "claim_reviewed, claimant, claim_date, review_date, textual_rating, "
                                              "title, language, publisher, site. "
                                              "E.g. claim_reviewed=3,textual_rating=2,site==politifact.com")
        parser.add_argument("--source", help="What the import is called on its fact-checks (default: by format).")
        parser.add_argument("--progress-every", type=int, default=PROGRESS_EVERY,
                            help=f"A progress line on stderr every this many items (default {PROGRESS_EVERY}).")
        parser.add_argument("--no-index", action="store_true",
                            help="Do not index the new fact-checks for matching (matching.index_factchecks) nor "
                                 "recompute claims' stale matches after the import.")

    def handle(self, *args, paths, format, columns, source, progress_every, no_index, verbosity, **options):
        def progress(report):
            if verbosity >= 1:
                rate = report.read / report.seconds if report.seconds else 0
                self.stderr.write(f"  {report.path}: {report.read} read, {report.summary()} ({rate:,.0f}/s)")

        reports, unreadable = factchecks_import_files(
            paths, format=format, columns=columns, source=source, progress=progress,
            every=max(1, progress_every), index=False)
        for report in reports:
            rate = report.read / report.seconds if report.seconds else 0
            if verbosity >= 1:
                for problem in report.problems:
                    self.stderr.write(problem)
                if report.skipped > len(report.problems):
                    self.stderr.write(f"{report.path}: ... and {report.skipped - len(report.problems)} more skipped")
            style = self.style.SUCCESS if not report.skipped else self.style.NOTICE
            self.stdout.write(style(f"{report.path}: {report.summary()}") +
                              (f" ({report.seconds:.1f} s, {rate:,.0f}/s)" if verbosity >= 2 else ""))
            if report.unmapped:
                self.stdout.write(self.style.NOTICE(f"{report.path}: unmapped ratings: {report.unmapped_summary()}"))
        for path, why in unreadable.items():
            self.stderr.write(self.style.ERROR(f"{path}: cannot be read: {why}"))
        new_ids = [i for report in reports for i in report.new_ids]
        if not no_index and new_ids:
            factchecks_index(new_ids)
            if verbosity >= 1:
                self.stdout.write(f"Indexed {len(new_ids)} new fact-checks for matching.")
        if unreadable:
            raise CommandError(f"{len(unreadable)} file(s) could not be read: {', '.join(unreadable)}")
