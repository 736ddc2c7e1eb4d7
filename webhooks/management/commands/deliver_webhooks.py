from django.core.management.base import BaseCommand, CommandError

from webhooks.delivery import deliver_due, deliveries_due


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries that are due now (first attempts a crash or a lost job left, and "
        "retries whose time has come), in this process. For cron, e.g. every few minutes, in every "
        "CLAIMTRACKER_WEBHOOKS mode; safe beside the background senders (each delivery is sent once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="At most this many deliveries.")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many are due.")

    def handle(self, *args, limit, dry_run, verbosity, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1.")
        due = deliveries_due().count()
        if dry_run or not due:
            self.stdout.write(f"{due} webhook deliver{'y' if due == 1 else 'ies'} due.")
            return
        if verbosity >= 1:
            self.stdout.write(f"{due} due; sending {min(due, limit) if limit else due}.")
        counts = deliver_due(limit=limit)
        summary = f"{counts['delivered']} delivered, {counts['pending']} to retry later, {counts['failed']} failed"
        style = self.style.SUCCESS if not counts["failed"] else self.style.NOTICE
        self.stdout.write(style(f"Sent: {summary}."))
