"""News sent by an authority's official space to a segment of inhabitants, and the themes people chose to hear about.

A bulletin lives in its official space like a post, but it is addressed: the segment (a territory, members of the
space's groups, people who chose a theme) is resolved when it is sent, and each person reached gets a `Reception`
row. Who reads a bulletin: anyone who may read the space when it is public; otherwise only those it reached and the
space's administrators. Every read goes through `visible_to(user)`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent
from parvis.territories.models import Territory

TITLE_LIMIT = 140
TEXT_LIMIT = 5000
LINK_LIMIT = 500
# Counts under this are shown as "fewer than 5": a segment of two people would name them to anyone who knows the
# street.
SMALL_COUNT = 5


class Theme(models.TextChoices):
    JEUNESSE = "jeunesse", _("youth")
    CULTURE = "culture", _("culture")
    SPORT = "sport", _("sport")
    TRAVAUX = "travaux", _("works")
    SOCIAL = "social", _("social")
    ENVIRONNEMENT = "environnement", _("environment")
    TRANSPORTS = "transports", _("transport")


class Status(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


class BulletinVerb(models.TextChoices):
    SENT = "bulletin_sent", _("news sent to inhabitants")


# Sending news to thousands of people speaks for the institution: an act of authority, in the space's journal.
register_verbs(BulletinVerb.choices)


class BulletinQuerySet(SpaceContentQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def with_readable_status(self, user):
        """Published, and public, or received by this person, or sent by a space they administer."""
        condition = Q(public=True)
        if user is not None and user.is_authenticated:
            condition |= Q(pk__in=Reception.objects.filter(person=user).values("bulletin_id"))
            condition |= Q(space__in=Space.objects.where_can(user, "space.administer"))
        return self.published().filter(condition)

    def received_by(self, user):
        return self.filter(pk__in=Reception.objects.filter(person=user).values("bulletin_id"))

    def for_list(self):
        return self.select_related("space__territory", "territory").order_by("-sent_at", "-pk")


class Bulletin(VisibleContent, models.Model):
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="bulletins")
    # The agent who sent it; the bulletin is signed by the space. SET_NULL: it stays the institution's.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    text = models.TextField(_("text"), max_length=TEXT_LIMIT)
    link = models.URLField(_("link"), max_length=LINK_LIMIT, blank=True)
    # Public: on the space's page and in its API list too; otherwise read only by those it reached.
    public = models.BooleanField(_("also shown on the space's page"), default=True)
    # The segment, as chosen: a territory (commune, quartier, residence) at or below the space's, groups of the
    # space's officers, themes. Kept so that the log says which segment it went to.
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    groups = models.ManyToManyField(Space, verbose_name=_("members of the groups"), blank=True, related_name="+")
    themes = models.JSONField(_("themes"), default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reached = models.PositiveIntegerField(default=0)
    emailed = models.PositiveIntegerField(default=0)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("news")
        verbose_name_plural = _("news")
        indexes = [models.Index(fields=["space", "status", "-sent_at"])]

    def __str__(self) -> str:
        return self.title[:60]

    def get_absolute_url(self) -> str:
        return reverse("bulletins:detail", kwargs={"bulletin_id": self.pk})

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(Theme.choices)
        return [str(labels[theme]) for theme in self.themes if theme in labels]


class Reception(models.Model):
    """One person reached by one bulletin: what makes a targeted bulletin readable to them, and their "news I
    received"."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="receptions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "person"], name="bulletin_reception_once")]
        indexes = [models.Index(fields=["person", "bulletin"])]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.person_id}"


class ThemeChoice(models.Model):
    """A theme a person chose to hear about from the authorities."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(_("theme"), max_length=16, choices=Theme.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "theme"], name="bulletin_theme_once")]
        indexes = [models.Index(fields=["theme", "person"])]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.theme}"


class NewsConsent(models.Model):
    """The person's explicit yes to receiving the authorities' news by e-mail (no row: no e-mail, in-app only)."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.BooleanField(_("e-mail me the news of my commune and my département"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person_id}: {'e-mail' if self.email else 'in the app only'}"
