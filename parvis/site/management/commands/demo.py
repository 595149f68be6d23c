from django.core.management.base import BaseCommand

from parvis.site.demo import (
    AGENT_EMAIL,
    DEMO_PASSWORD,
    INHABITANT_EMAIL,
    OPERATOR_EMAIL,
    OPERATOR_TOTP_SECRET,
    demo_load,
)


class Command(BaseCommand):
    help = "Load the demo: a story of Beauvais and the communes around it (once; loading again does nothing)."

    def handle(self, *args, **options):
        if demo_load():
            self.stdout.write(self.style.SUCCESS("Demo loaded."))
        else:
            self.stdout.write("Demo already loaded: nothing to do.")
        self.stdout.write(
            f"Sign in with the password {DEMO_PASSWORD} as:\n"
            f"  {INHABITANT_EMAIL}  Camille Martin, an inhabitant of Beauvais (résidence Les Tilleuls)\n"
            f"  {AGENT_EMAIL}  Dominique Lefèvre, agent: official spaces, agenda reviews\n"
            f"  {OPERATOR_EMAIL}  Alex Moreau, the operator (second factor: TOTP secret {OPERATOR_TOTP_SECRET})\n"
            "Every other demo person signs in with the same password (their addresses are in the administration)."
        )
