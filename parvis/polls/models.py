"""Polls: a question asked in a space, its options and people's votes. Every read goes through `visible_to(user)`.

A poll is content of its space like a post: whoever may read the space reads the poll (`SpaceContentQuerySet`),
members vote (`poll.vote` in the permission table), and its results show to a person once they voted or once the
poll is closed, so that early counts do not steer the later votes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent

QUESTION_LIMIT = 300
OPTION_LIMIT = 200
MIN_OPTIONS = 2
MAX_OPTIONS = 10


class Status(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


class PollVerb(models.TextChoices):
    CLOSED = "poll_closed", _("poll closed by a moderator")


# A moderator closing someone else's poll is an act of authority; hiding and removing are moderation's decisions,
# which moderation writes in the journal itself.
register_verbs(PollVerb.choices)


class PollQuerySet(SpaceContentQuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def with_readable_status(self, user):
        """A hidden or removed poll is read by nobody, its author included (as a post)."""
        return self.published()

    def for_page(self):
        """What a poll's page and the API show, in a fixed number of queries: the poll, its space and author, and
        its options with their vote counts."""
        return self.select_related("space__territory", "author").prefetch_related(
            Prefetch(
                "options",
                queryset=PollOption.objects.annotate(votes_total=Count("votes")).order_by("position", "pk"),
            )
        )

    def for_list(self):
        return self.select_related("space", "author").order_by("-created_at", "-pk")


class Poll(VisibleContent, models.Model):
    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="polls")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(_("question"), max_length=QUESTION_LIMIT)
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    # Named results show who chose what to the space's members (those who may vote); otherwise only counts show.
    named = models.BooleanField(_("members see who voted for what"), default=False)
    closes_at = models.DateTimeField(_("closes on"), null=True, blank=True)
    # Set when its author or a moderator closes it before `closes_at` (or when it had none).
    closed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # People who voted, kept by the services so that "12 people voted" costs no count per poll.
    voter_count = models.PositiveIntegerField(default=0)

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        indexes = [models.Index(fields=["space", "status", "-created_at"])]

    def __str__(self) -> str:
        return self.question[:60]

    def get_absolute_url(self) -> str:
        return reverse("polls:detail", kwargs={"poll_id": self.pk})

    @property
    def is_closed(self) -> bool:
        now = timezone.now()
        return self.closed_at is not None or (self.closes_at is not None and self.closes_at <= now)

    @cached_property
    def closes_label(self) -> str:
        when = self.closed_at or self.closes_at
        return formats.date_format(timezone.localtime(when), "j F Y, H:i") if when else ""

    def results(self) -> list[dict]:
        """Each option with its votes and its share of the voters, from the counts `for_page` annotated. In a
        multiple-choice poll the shares do not add up to 100: each is the share of voters who chose it."""
        options = list(self.options.all())
        voters = self.voter_count
        rows = []
        for option in options:
            votes = getattr(option, "votes_total", None)
            if votes is None:
                votes = option.votes.count()
            percent = round(100 * votes / voters) if voters else 0
            rows.append({"option": option, "votes": votes, "percent": percent})
        return rows


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("option"), max_length=OPTION_LIMIT)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    """One person's choice of one option; a multiple-choice ballot is several rows. A person's ballot is replaced
    as a whole when they change it (`poll_vote`), under the poll's row lock."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="poll_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "voter"], name="poll_vote_once_per_option")]
        indexes = [models.Index(fields=["poll", "voter"])]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.option_id}"
