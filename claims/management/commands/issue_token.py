from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Issue the API token of a user (send it as 'Authorization: Token <key>'), print it, or revoke "
        "it. A user has one token: issuing again prints the same key unless --rotate."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--rotate", action="store_true", help="Replace the user's token with a new one.")
        group.add_argument("--revoke", action="store_true", help="Delete the user's token.")

    @transaction.atomic
    def handle(self, *args, username, rotate, revoke, verbosity, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            message = f"Revoked the token of {username}." if deleted else f"{username} had no token."
            self.stdout.write(self.style.SUCCESS(message) if deleted else self.style.NOTICE(message))
            return
        if not user.is_active:
            raise CommandError(f"{username} is not active; activate the account first.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if verbosity >= 2:
            self.stderr.write(f"{'New' if created else 'Existing'} token of {username}:")
        self.stdout.write(token.key)
