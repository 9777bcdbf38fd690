from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from infra.registry import app_hooks
from members.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Create fictional demo people, accounts and content in every app. "
        "Idempotent. Refuses to run with DEBUG off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo accounts have a known "
                "password, so load_demo refuses. Use --force if you really mean it."
            )
        accounts: list[tuple[str, str]] = []
        # Each app may ship demo content in <app>/demo.py with a load() function;
        # apps are visited in dependency order (settings.G40_APPS).
        for _app, load in app_hooks("demo", "load"):
            accounts.extend(load() or [])
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        if not settings.MFA_REQUIRED:
            self.stdout.write(
                "Second factor: NOT required in this demo (MFA_REQUIRED is off because "
                "DEBUG is on). In production the secretariat, DB members and the admin "
                "must use one."
            )
        if accounts:
            self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
            width = max(len(username) for username, _ in accounts)
            for username, description in accounts:
                self.stdout.write(f"  {username.ljust(width)}  {description}")
