"""Posts and comments over two years, most of them in the busiest spaces, with their counters kept exact.

Bodies come from a small pool rendered once through the real Markdown pipeline: rendering a million texts one by
one would cost more than inserting them, and a feed does not read differently for it.
"""

from datetime import timedelta

from django.utils import timezone

from bench.targets import SESSION, target
from parvis.core.markdown import render_markdown
from parvis.posts.models import Comment, Post
from parvis.spaces.models import Membership, MembershipStatus, Role, Visibility

PRODUCES = ("posts_and_comments",)
# Four posts for six comments: a feed page shows posts, a post page shows its thread.
POST_SHARE = 0.4
# Posts are created and committed this many at a time, with their comments, to bound memory at full scale.
CHUNK = 20_000
REPLY_SHARE = 0.25
TWO_YEARS = 2 * 365 * 86_400
POST_TEXTS = (
    "Le marché de samedi est avancé à **7 h** à cause de la fête du village.",
    "Quelqu'un a trouvé un chat tigré près de l'école ? Il répond au nom de *Pilou*.",
    "Rappel : la déchetterie est fermée le lundi. Horaires sur https://www.example.org/decheterie",
    "Merci à tous les bénévoles pour le nettoyage des berges ! Prochaine sortie :\n\n- rendez-vous au lavoir\n"
    "- gants fournis\n- café offert",
    "Travaux rue de la République du 3 au 14 : circulation alternée, bus dévié par la place.",
    "Vide-grenier dimanche, encore trois emplacements libres. Écrivez-nous !",
    "> Le conseil municipal se réunit jeudi à 19 h.\n\nL'ordre du jour est affiché en mairie.",
    "Le club cherche un entraîneur pour les moins de 11 ans, le mercredi après-midi.",
    "Nouvelle ligne de covoiturage vers Compiègne le matin : départ 7 h 15 devant la boulangerie.",
    "La médiathèque prolonge ses horaires le samedi jusqu'à 18 h à partir du mois prochain.",
    "Coupure d'eau prévue mardi matin dans le quartier de la gare, de 8 h à 11 h.",
    "Bravo à l'équipe pour la victoire de dimanche ! Photos bientôt.",
)
COMMENT_TEXTS = (
    "Merci pour l'info !",
    "Je peux aider samedi matin.",
    "Est-ce que c'est ouvert aux enfants ?",
    "Super initiative 👏",
    "On sera là.",
    "Il faudrait le signaler à la mairie.",
    "Même problème de notre côté de la rue.",
    "À quelle heure exactement ?",
)


def generate(ctx) -> None:
    rng = ctx.rng
    total = ctx.sizes["posts_and_comments"]
    post_count = int(total * POST_SHARE)
    comment_count = total - post_count
    posts_pool = [(text, render_markdown(text)) for text in POST_TEXTS]
    comments_pool = [(text, render_markdown(text)) for text in COMMENT_TEXTS]

    # Who may write where: active members; in official and organisation spaces, only their administrators.
    writers: dict[int, list[int]] = {}
    readers: dict[int, list[int]] = {}
    restricted = set()
    for space_id, user_id, role, official, kind in (
        Membership.objects.filter(status=MembershipStatus.ACTIVE)
        .order_by("pk")
        .values_list("space_id", "user_id", "role", "space__is_official", "space__organisation_kind")
    ):
        readers.setdefault(space_id, []).append(user_id)
        if official or kind:
            restricted.add(space_id)
            if role in (Role.OWNER, Role.ADMIN, Role.MODERATOR):
                writers.setdefault(space_id, []).append(user_id)
        else:
            writers.setdefault(space_id, []).append(user_id)
    # Official spaces have no administrators in the generated data: their members' first one speaks for them.
    for space_id in restricted:
        if space_id not in writers and readers.get(space_id):
            writers[space_id] = readers[space_id][:1]
    spaces = sorted(writers)
    # Busy spaces post more: weight by audience, dampened so that small groups still have a feed.
    weights = [len(readers[space_id]) ** 0.7 for space_id in spaces]
    post_spaces = rng.choices(spaces, weights=weights, k=post_count)
    # A few posts gather most comments, as on any forum.
    popularity = [rng.paretovariate(1.5) for _ in range(post_count)]
    comments_per_post = [0] * post_count
    for index in rng.choices(range(post_count), weights=popularity, k=comment_count):
        comments_per_post[index] += 1

    now = timezone.now()
    with ctx.own_dates(Post, Comment):
        for start in range(0, post_count, CHUNK):
            stop = min(start + CHUNK, post_count)
            posts = []
            for index in range(start, stop):
                space_id = post_spaces[index]
                body, html = rng.choice(posts_pool)
                posts.append(
                    Post(
                        space_id=space_id,
                        author_id=rng.choice(writers[space_id]),
                        body=body,
                        body_html=html,
                        created_at=now - timedelta(seconds=rng.randrange(TWO_YEARS)),
                        comment_count=comments_per_post[index],
                    )
                )
            posts = ctx.bulk(Post, posts)
            top_level, replies = [], []
            for index, post in zip(range(start, stop), posts, strict=True):
                audience = readers[post.space_id]
                for _ in range(comments_per_post[index]):
                    body, html = rng.choice(comments_pool)
                    created = min(post.created_at + timedelta(seconds=rng.randrange(3 * 86_400)), now)
                    comment = Comment(
                        post=post, author_id=rng.choice(audience), body=body, body_html=html, created_at=created
                    )
                    (
                        replies
                        if top_level and top_level[-1].post is post and rng.random() < REPLY_SHARE
                        else top_level
                    ).append(comment)
            top_level = ctx.bulk(Comment, top_level)
            # A reply answers the post's latest top-level comment (one level of replies, as the model allows).
            latest = {}
            for comment in top_level:
                latest[comment.post_id] = comment
            for reply in replies:
                reply.parent = latest[reply.post.pk]
                reply.created_at = max(reply.created_at, reply.parent.created_at)
            ctx.bulk(Comment, replies)
            ctx.produced("posts_and_comments", len(posts) + len(top_level) + len(replies))


def targets(inhabitant) -> list[dict]:
    """The inhabitant's home feed, and the most commented public post (the longest thread)."""
    post = (
        Post.objects.filter(space__visibility=Visibility.PUBLIC, status="published")
        .order_by("-comment_count", "pk")
        .first()
    )
    return [
        target("home feed", "/fil/", SESSION),
        target("post", post.get_absolute_url()),
        target("post", post.get_absolute_url(), SESSION),
        target("api post", f"/api/v1/posts/{post.pk}", kind="api object"),
    ]
