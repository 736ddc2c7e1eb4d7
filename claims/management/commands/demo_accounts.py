import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.models import Role

DEMO_ACCOUNTS = {"reviewer": Role.REVIEWERS, "editor": Role.EDITORS}


class Command(BaseCommand):
    help = (
        "Local demo mode only: create (or reset) a demo reviewer and a demo editor with freshly "
        "generated passwords, and print how to log in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where the server listens.")

    @transaction.atomic
    def handle(self, *args, base_url, **options):
        if not settings.CLAIMTRACKER_DEMO_MODE:
            raise CommandError("Demo accounts exist only in the local demo mode (claimtracker.settings.demo).")
        User = get_user_model()
        lines = []
        for username, group_name in DEMO_ACCOUNTS.items():
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff, user.is_active = True, True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
            lines.append(f"  {username:<9} password {password}   ({group_name})")
        base_url = base_url.rstrip("/")
        self.stdout.write(self.style.SUCCESS("ClaimTracker is starting."))
        self.stdout.write(f"  Admin:   {base_url}/admin/")
        self.stdout.write(f"  API:     {base_url}/api/")
        self.stdout.write(f"  Public:  {base_url}/  (published fact-checks, for readers)")
        self.stdout.write("Log in with (passwords are new each run):")
        for line in lines:
            self.stdout.write(line)
