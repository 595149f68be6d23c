"""Private conversations over the last year, mostly one-to-one between people of the same commune, some of them
answers to listings, a few small groups; with each participant's read state and unread count as the services would
have left them."""

from datetime import timedelta

from django.utils import timezone

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.messaging.models import Conversation, Message, Participant
from parvis.neighbours.models import ListingAnswer

PRODUCES = ("messages",)
YEAR = 365 * 86_400
# Messages per conversation on average: most exchanges are short, a few threads run long.
MESSAGES_PER_CONVERSATION = 8
# Share of conversations opened by answering a listing, and of group conversations (3 to 6 people).
LISTING_SHARE = 0.3
GROUP_SHARE = 0.1
# Share of seats that have read everything; the others left their last few messages unread.
ALL_READ_SHARE = 0.75
# The signed-in inhabitant of the load test takes part in about this many conversations.
INHABITANT_CONVERSATIONS = 40
CHUNK = 5_000
SUBJECTS = ("", "", "Fête des voisins", "Covoiturage", "Réunion de copropriété", "Le chat de la voisine")
BODIES = (
    "Bonjour, c'est toujours d'actualité ?",
    "Oui, passez samedi vers 10 h si ça vous va.",
    "Parfait, à samedi !",
    "Merci encore pour l'autre jour.",
    "Je vous laisse mon numéro pour la suite : on s'appelle ?",
    "Je serai en retard de dix minutes, désolé·e.",
    "Quelqu'un peut arroser mes plantes la semaine prochaine ?",
    "C'est noté 👍",
)


def generate(ctx) -> None:
    rng = ctx.rng
    now = timezone.now()
    total = ctx.sizes["messages"]
    people = list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk").values_list("pk", "home_commune_id"))
    everyone = [pk for pk, _commune in people]
    by_commune: dict[int, list[int]] = {}
    for pk, commune_id in people:
        by_commune.setdefault(commune_id, []).append(pk)
    inhabitant_id = User.objects.get(email=INHABITANT_EMAIL).pk
    conversation_count = max(total // MESSAGES_PER_CONVERSATION, 1)
    # Answers to listings become their conversations, as listing_answer opens them.
    answers = list(
        ListingAnswer.objects.order_by("pk").values_list("pk", "user_id", "listing__author_id", "listing_id", "message")
    )
    answers = rng.sample(answers, min(len(answers), int(conversation_count * LISTING_SHARE)))
    # Sizes first, so that messages add up to the figure exactly: a Pareto tail of long threads.
    sizes = [1] * conversation_count
    weights = [rng.paretovariate(1.3) for _ in range(conversation_count)]
    for index in rng.choices(range(conversation_count), weights=weights, k=max(total - conversation_count, 0)):
        sizes[index] += 1
    inhabitant_every = max(conversation_count // INHABITANT_CONVERSATIONS, 1)

    made = 0
    with ctx.own_dates(Conversation, Participant, Message):
        for start in range(0, conversation_count, CHUNK):
            plans, conversations = [], []
            for index in range(start, min(start + CHUNK, conversation_count)):
                listing_id, answer_id = None, None
                if index < len(answers):
                    answer_id, asker, author, listing_id, first = answers[index]
                    seats = [asker, author]
                else:
                    first = None
                    commune = rng.choice(people)[1]
                    local = by_commune.get(commune) or everyone
                    count = rng.randint(3, 6) if rng.random() < GROUP_SHARE else 2
                    seats = list(dict.fromkeys(rng.sample(local, min(count, len(local)))))
                    if index % inhabitant_every == 0 and inhabitant_id not in seats:
                        seats[0] = inhabitant_id
                    if len(seats) < 2:
                        seats.append(rng.choice([pk for pk in everyone if pk != seats[0]]))
                opened = now - timedelta(seconds=rng.randrange(YEAR))
                conversations.append(
                    Conversation(
                        subject="" if listing_id else rng.choice(SUBJECTS),
                        created_by_id=seats[0],
                        context_listing_id=listing_id,
                        created_at=opened,
                        last_message_at=opened,
                    )
                )
                plans.append((seats, sizes[index], first, answer_id))
            conversations = ctx.bulk(Conversation, conversations)
            messages, threads = [], []
            for conversation, (seats, size, first, _answer) in zip(conversations, plans, strict=True):
                moment = conversation.created_at
                thread = []
                for position in range(size):
                    # The initiator writes first; then whoever answers, a few hours or days apart.
                    sender = seats[0] if position == 0 else rng.choice(seats)
                    if position:
                        moment = min(moment + timedelta(seconds=rng.randrange(60, 3 * 86_400)), now)
                    body = first if position == 0 and first else rng.choice(BODIES)
                    thread.append(Message(conversation=conversation, sender_id=sender, body=body, created_at=moment))
                conversation.last_message_at = moment
                messages += thread
                threads.append(thread)
            ctx.bulk(Message, messages)
            Conversation.objects.bulk_update(conversations, ["last_message_at"], batch_size=2_000)
            participants = []
            for conversation, (seats, _size, _first, _answer), thread in zip(
                conversations, plans, threads, strict=True
            ):
                for user_id in seats:
                    # Sending marks the thread read up to one's own message: nobody is behind their last one.
                    own = max((i for i, m in enumerate(thread) if m.sender_id == user_id), default=-1)
                    if rng.random() < ALL_READ_SHARE:
                        read = len(thread) - 1
                    else:
                        read = max(own, len(thread) - 1 - rng.randint(1, 5))
                    unread = sum(1 for m in thread[read + 1 :] if m.sender_id != user_id)
                    participants.append(
                        Participant(
                            conversation=conversation,
                            user_id=user_id,
                            joined_at=conversation.created_at,
                            last_read_message_id=thread[read].pk if read >= 0 else 0,
                            last_read_at=thread[read].created_at if read >= 0 else None,
                            unread_count=unread,
                            last_emailed_message_id=thread[-1].pk if unread else 0,
                        )
                    )
            ctx.bulk(Participant, participants)
            linked = [
                ListingAnswer(pk=answer_id, conversation_id=conversation.pk)
                for conversation, (_seats, _size, _first, answer_id) in zip(conversations, plans, strict=True)
                if answer_id
            ]
            ListingAnswer.objects.bulk_update(linked, ["conversation_id"], batch_size=2_000)
            made += len(messages)
    ctx.produced("messages", made)


def targets(inhabitant) -> list[dict]:
    """The inhabitant's conversations, and their longest conversation (a full page of thread)."""
    from django.db.models import Count

    conversation = (
        Conversation.objects.for_participant(inhabitant)
        .annotate(length=Count("messages"))
        .order_by("-length", "pk")
        .first()
    )
    return [
        target("conversations", "/messages/", SESSION),
        target("conversation", conversation.get_absolute_url(), SESSION),
    ]
