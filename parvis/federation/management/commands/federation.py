"""`manage.py federation follow|reply|retry|block`: what the operator does by hand, and what runs periodically."""

from django.core.management.base import BaseCommand, CommandError

from parvis.federation import actors, outgoing, remote, services


class Command(BaseCommand):
    help = "Federation: follow a remote account, answer a remote object, retry failed deliveries, block an instance."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        follow = commands.add_parser("follow", help="a local actor follows @name@host (or an actor URI)")
        follow.add_argument("actor")
        follow.add_argument("address")
        reply = commands.add_parser("reply", help="a local actor answers a remote object publicly")
        reply.add_argument("actor")
        reply.add_argument("object")
        reply.add_argument("text")
        commands.add_parser("retry", help="send again the deliveries whose next attempt is due")
        block = commands.add_parser("block", help="refuse an instance (a domain)")
        block.add_argument("domain")
        block.add_argument("--reason", default="")

    def handle(self, *args, action, **options):
        try:
            if action == "retry":
                self.stdout.write(f"{outgoing.retry_due()} deliveries enqueued")
            elif action == "block":
                services.instance_block(operator=None, domain=options["domain"], reason=options["reason"])
                self.stdout.write(f"{options['domain']} blocked")
            else:
                actor = actors.actor_by_name(options["actor"])
                if actor is None:
                    raise CommandError(f"no public local actor named {options['actor']}")
                if action == "follow":
                    following = services.remote_follow(actor=actor, address=options["address"])
                    self.stdout.write(following.remote.uri)
                else:
                    self.stdout.write(
                        services.remote_reply(actor=actor, object_uri=options["object"], text=options["text"])
                    )
        except remote.Refused as refused:
            raise CommandError(str(refused)) from refused
