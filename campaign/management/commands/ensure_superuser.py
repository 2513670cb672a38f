import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a superuser from DJANGO_SUPERUSER_USERNAME/_PASSWORD/_EMAIL when set; otherwise, when no "
        "superuser exists yet, create 'admin' with a generated password and print it once."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME")
        if username:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"Superuser “{username}” already exists.")
            else:
                call_command("createsuperuser", interactive=False, verbosity=0)
                self.stdout.write(f"Created superuser “{username}” from DJANGO_SUPERUSER_* variables.")
            return
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already (forgot the password? `manage.py changepassword <name>`).")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@localhost", password)
        self.stdout.write(
            self.style.WARNING(f"Created superuser — username: admin  password: {password}  (shown only now)")
        )
        self.stdout.write(
            "On first login you set up two-factor login: scan the QR code with an authenticator app "
            "(or type the secret shown under it) and enter the code it gives."
        )
