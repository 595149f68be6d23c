"""Every write on the authorities' news: choosing one's themes and e-mail consent, previewing a segment, sending.

Rules: only the administrators of an official space send (`bulletin.send`, and the space is official); a segment is
a territory at or below the space's (a commune, a quartier, a residence), the members of groups the sender
administers within that territory, or both, optionally narrowed to people who chose one of the themes; the segment
is resolved again when the bulletin goes out (people move, leave groups, change their themes); the preview and the
log give counts, never names, and under 5 only "fewer than 5"; e-mail goes only to people who said yes to it and did
not unsubscribe from every e-mail."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.bounds import has_nul
from parvis.core.permissions import can
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.spaces.models import Membership, Space
from parvis.territories.models import Level, Territory

from .models import (
    LINK_LIMIT,
    SMALL_COUNT,
    TEXT_LIMIT,
    TITLE_LIMIT,
    Bulletin,
    BulletinVerb,
    NewsConsent,
    Reception,
    Theme,
    ThemeChoice,
)

# A space sends at most this many bulletins a day: news that comes every hour is read by nobody.
SENDS_PER_DAY = 5


# --- A person's themes and consent -------------------------------------------------------------------------------


def themes_of(*, person) -> tuple[set[str], bool]:
    """The themes the person chose and whether they said yes to e-mails."""
    themes = set(ThemeChoice.objects.filter(person=person).values_list("theme", flat=True))
    consent = NewsConsent.objects.filter(person=person, email=True).exists()
    return themes, consent


@transaction.atomic
def themes_set(*, person, themes: list[str], email: bool) -> None:
    unknown = [theme for theme in themes if theme not in Theme.values]
    if unknown:
        raise ValidationError({"themes": _("Choose among the themes listed.")})
    ThemeChoice.objects.filter(person=person).exclude(theme__in=themes).delete()
    ThemeChoice.objects.bulk_create(
        [ThemeChoice(person=person, theme=theme) for theme in set(themes)], ignore_conflicts=True
    )
    NewsConsent.objects.update_or_create(person=person, defaults={"email": bool(email)})


# --- Segments ----------------------------------------------------------------------------------------------------


def may_send(user, space: Space) -> bool:
    """The administrators of an official space (a commune's, the département's): only an authority sends news."""
    return space.is_official and can(user, "bulletin.send", space)


def territories_for(space: Space):
    """The places a space may address: its own territory and the quartiers and residences below it, and, for a
    département or an intercommunality, its communes."""
    return (
        Territory.objects.within(space.territory)
        .filter(level__in=[Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE, Level.QUARTIER, Level.RESIDENCE])
        .order_by("path")
    )


def groups_for(user, space: Space):
    """The groups whose members the sender may address: the space itself and the spaces they administer in its
    territory (a commune's youth council, the département's network of libraries)."""
    return (
        Space.objects.where_can(user, "space.administer")
        .filter(territory__in=Territory.objects.within(space.territory))
        .order_by("name", "pk")
    )


def _check_segment(*, actor, space: Space, territory_id, group_ids, themes) -> tuple:
    if not may_send(actor, space):
        raise PermissionDenied(_("Only the administrators of an authority's official space send news."))
    territory = None
    if territory_id:
        territory = territories_for(space).filter(pk=territory_id).first()
        if territory is None:
            raise ValidationError(
                {
                    "territory": _("This place is outside the territory of %(space)s: choose a place within it.")
                    % {"space": space.name}
                }
            )
    group_ids = list(dict.fromkeys(int(pk) for pk in group_ids or []))
    groups = list(groups_for(actor, space).filter(pk__in=group_ids)) if group_ids else []
    if len(groups) != len(group_ids):
        raise ValidationError(
            {
                "groups": _("You can only address the members of groups you administer in %(space)s's territory.")
                % {"space": space.name}
            }
        )
    themes = list(dict.fromkeys(themes or []))
    if any(theme not in Theme.values for theme in themes):
        raise ValidationError({"themes": _("Choose among the themes listed.")})
    if territory is None and not groups:
        raise ValidationError({"territory": _("Choose a place or groups to send the news to.")})
    return territory, groups, themes


def segment_people(*, territory, groups, themes):
    """The active people of the segment: those living in the place (by the commune, quartier or residence of
    their profile) or members of the groups; narrowed, when themes are given, to those who chose one of them."""
    who = Q(pk__in=[])
    if territory is not None:
        if territory.level == Level.COMMUNE:
            who |= Q(home_commune=territory)
        elif territory.level == Level.QUARTIER:
            who |= Q(quartier=territory)
        elif territory.level == Level.RESIDENCE:
            who |= Q(residence=territory)
        else:
            who |= Q(home_commune__in=Territory.objects.within(territory).filter(level=Level.COMMUNE))
    if groups:
        who |= Q(pk__in=Membership.objects.active().filter(space__in=groups).values("user_id"))
    people = User.objects.filter(who, is_active=True, erased_at__isnull=True)
    if themes:
        people = people.filter(pk__in=ThemeChoice.objects.filter(theme__in=themes).values("person_id"))
    return people.order_by("pk")


def email_people(people):
    """Those of `people` who said yes to the news by e-mail and did not ask for no e-mail at all."""
    return people.filter(pk__in=NewsConsent.objects.filter(email=True).values("person_id")).exclude(
        pk__in=hooks.no_email_people()
    )


def shown_count(count: int) -> str:
    """A count as it may be shown: under 5, "fewer than 5", so that a small segment names nobody."""
    return _("fewer than %(count)s") % {"count": SMALL_COUNT} if count < SMALL_COUNT else str(count)


def bulletin_preview(*, actor, space: Space, territory_id=None, group_ids=(), themes=()) -> dict:
    """How many people the segment reaches in the app and by e-mail, as they may be shown (never who)."""
    territory, groups, themes = _check_segment(
        actor=actor, space=space, territory_id=territory_id, group_ids=group_ids, themes=themes
    )
    people = segment_people(territory=territory, groups=groups, themes=themes)
    return {"in_app": shown_count(people.count()), "email": shown_count(email_people(people).count())}


# --- Sending -----------------------------------------------------------------------------------------------------


def _clean_text(*, title: str, text: str, link: str) -> tuple[str, str, str]:
    errors = {}
    if has_nul(title) or has_nul(text) or has_nul(link):
        raise ValidationError({"text": _("The text holds an invisible control character: remove it.")})
    title = clean_name(title or "")
    text = (text or "").strip()
    link = (link or "").strip()
    if not title:
        errors["title"] = _("Give the news a title.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("The title is too long (at most %(limit)s characters).") % {"limit": TITLE_LIMIT}
    if not text:
        errors["text"] = _("Write the news you are sending.")
    elif len(text) > TEXT_LIMIT:
        errors["text"] = _("The text is too long (at most %(limit)s characters).") % {"limit": TEXT_LIMIT}
    if link and (len(link) > LINK_LIMIT or not link.startswith(("https://", "http://"))):
        errors["link"] = _("Give a web address starting with https://, or leave the link empty.")
    if errors:
        raise ValidationError(errors)
    return title, text, link


@transaction.atomic
def bulletin_send(
    *,
    actor,
    space: Space,
    title: str,
    text: str,
    link: str = "",
    public: bool = True,
    territory_id=None,
    group_ids=(),
    themes=(),
) -> Bulletin:
    """Write the bulletin and its log line (the journal's entry included); it reaches people after commit, in
    `bulletin_deliver`, which resolves the segment again."""
    territory, groups, themes = _check_segment(
        actor=actor, space=space, territory_id=territory_id, group_ids=group_ids, themes=themes
    )
    title, text, link = _clean_text(title=title, text=text, link=link)
    check_rate(f"bulletin:{space.pk}", SENDS_PER_DAY, 24 * 60 * 60, always=True)
    bulletin = Bulletin.objects.create(
        space=space,
        author=actor,
        title=title,
        text=text,
        link=link,
        public=bool(public),
        territory=territory,
        themes=themes,
    )
    bulletin.groups.set(groups)
    audit(
        actor=actor,
        verb=BulletinVerb.SENT,
        target=bulletin,
        space=space,
        label=title,
        details={"territory": territory.pk if territory else None, "groups": [g.pk for g in groups], "themes": themes},
    )
    from .tasks import bulletin_deliver  # the tasks import these services: a cycle at load time

    transaction.on_commit(lambda: bulletin_deliver.enqueue(bulletin_id=bulletin.pk))
    return bulletin


def bulletin_audience(bulletin_id: int):
    """The kind's audience (`core.kinds`): the segment as it is now, or None when the bulletin is gone."""
    from .kinds import NEWS_FROM_MY_AUTHORITY  # kinds imports these services for its audience

    bulletin = Bulletin.objects.published().select_related("space", "author", "territory").filter(pk=bulletin_id)
    bulletin = bulletin.first()
    if bulletin is None:
        return None
    people = segment_people(territory=bulletin.territory, groups=list(bulletin.groups.all()), themes=bulletin.themes)
    return bulletin, bulletin.author, [(people, NEWS_FROM_MY_AUTHORITY)]


def bulletin_deliver(*, bulletin_id: int) -> int:
    """Reach the segment: a `Reception` per person (what lets them read a targeted bulletin), a notification each,
    an e-mail to those who said yes. Idempotent: receptions and notifications are unique per person, and each
    e-mail is claimed before it leaves. Returns the number of e-mails sent."""
    planned = bulletin_audience(bulletin_id)
    if planned is None:
        return 0
    bulletin, actor, [(people, verb)] = planned
    Reception.objects.bulk_create(
        [Reception(bulletin=bulletin, person_id=pk) for pk in people.values_list("pk", flat=True).iterator()],
        ignore_conflicts=True,
        batch_size=1000,
    )
    reached = Reception.objects.filter(bulletin=bulletin).values("person_id")
    recipients = User.objects.filter(pk__in=reached, is_active=True)
    sent = hooks.notify_at_once(
        kind="bulletin",
        target=bulletin,
        actor=None,  # signed by the space: the agent who typed it is not the one speaking
        recipients=recipients,
        verb=verb,
        email_kind="bulletin",
        email_to=email_people(recipients),
    )
    Bulletin.objects.filter(pk=bulletin.pk).update(reached=recipients.count(), emailed=sent + bulletin.emailed)
    return sent
