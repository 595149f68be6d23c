"""What federation keeps: the keys of local actors, the remote actors met, who follows whom, every delivery, the
ids of activities already received (replays), what followed actors published, and the operator's blocks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parvis.core.audit import register_verbs


class FederationVerb(models.TextChoices):
    INSTANCE_BLOCKED = "federation_instance_blocked", _("remote instance blocked")
    ACCOUNT_BLOCKED = "federation_account_blocked", _("remote account blocked")


register_verbs(FederationVerb.choices)


class ActorKind(models.TextChoices):
    SPACE = "space", _("space")
    PERSON = "person", _("person")
    # The instance itself: signs the GETs this site makes (authorized fetch), served to anyone without a signature.
    INSTANCE = "instance", _("instance")


class ActorKey(models.Model):
    """The RSA key pair of one local actor, made the first time the actor is served or signs."""

    actor_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    actor_id = models.PositiveBigIntegerField()
    private_pem = models.TextField()
    public_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor_kind", "actor_id"], name="actorkey_once_per_actor")]

    def __str__(self) -> str:
        return f"{self.actor_kind}:{self.actor_id}"


class PersonActor(models.Model):
    """A person's choice to be reachable from the fediverse (off unless they say so)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="federation_choice")
    enabled = models.BooleanField(_("my public posts may be followed from Mastodon or Mobilizon"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.enabled}"


class RemoteActor(models.Model):
    """An actor of another server, as its document said when last fetched."""

    uri = models.URLField(max_length=500, unique=True)
    domain = models.CharField(max_length=255, db_index=True)
    inbox = models.URLField(max_length=500)
    shared_inbox = models.URLField(max_length=500, blank=True)
    key_id = models.URLField(max_length=600)
    public_pem = models.TextField()
    actor_type = models.CharField(max_length=20)
    username = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=120, blank=True)
    # The local account their comments and reactions are written under, made at their first accepted reply.
    shadow = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="remote_actor"
    )
    fetched_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.uri

    @property
    def address(self) -> str:
        return f"@{self.username}@{self.domain}" if self.username else self.uri


class FollowerQuerySet(models.QuerySet):
    def of_actor(self, kind: str, pk: int):
        return self.filter(actor_kind=kind, actor_id=pk)

    def for_list(self):
        return self.select_related("remote").order_by("-created_at", "-pk")


class Follower(models.Model):
    """A remote actor following a local one."""

    actor_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    actor_id = models.PositiveBigIntegerField()
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="follows")
    follow_id = models.URLField(max_length=600)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["actor_kind", "actor_id", "remote"], name="follower_once_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.remote} follows {self.actor_kind}:{self.actor_id}"


class Following(models.Model):
    """A local actor following a remote one (what it publishes lands in `ReceivedObject`)."""

    actor_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    actor_id = models.PositiveBigIntegerField()
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="followed_by")
    follow_id = models.URLField(max_length=600, unique=True)
    accepted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.actor_kind}:{self.actor_id} follows {self.remote}"


class ReceivedObject(models.Model):
    """A Note or an Event that a followed remote actor published, kept as sanitised values."""

    uri = models.URLField(max_length=600, unique=True)
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="objects_received")
    object_type = models.CharField(max_length=20)
    name = models.CharField(max_length=300, blank=True)
    content_html = models.TextField(blank=True)
    url = models.URLField(max_length=600, blank=True)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    place_name = models.CharField(max_length=300, blank=True)
    place_address = models.CharField(max_length=500, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    in_reply_to = models.URLField(max_length=600, blank=True)
    deleted = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.uri


class Landed(models.Model):
    """What a remote object or activity became here (a reply → a comment, a Like → a reaction), so that its author's
    Delete or Undo removes it, and the Delete of the whole account removes all of it. `undo` names the kind's hook
    (`ContentKind.extra`) that takes it back."""

    uri = models.URLField(max_length=600)
    remote = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="landed")
    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    undo = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["remote", "uri"], name="landed_once_per_uri")]

    def __str__(self) -> str:
        return f"{self.uri} → {self.kind}:{self.object_id}"


class SeenActivity(models.Model):
    """The id of every activity accepted in an inbox: the same id again is a replay, refused."""

    activity_id = models.CharField(max_length=600, unique=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.activity_id


class Published(models.Model):
    """What left for a local object of a federated kind: Create once, Update after, Delete when it stops being
    public. Lets a re-run of the same sync send nothing twice."""

    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    # Its space when it left: a Delete is signed by the space even once the object itself is gone.
    space_id = models.PositiveBigIntegerField()
    fingerprint = models.CharField(max_length=64)
    deleted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="published_once_per_object")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENT = "sent", _("sent")
    FAILED = "failed", _("given up")
    WITHHELD = "withheld", _("withheld: no longer public")


class DeliveryQuerySet(models.QuerySet):
    def in_state(self, state: str):
        return self.filter(state=state) if state else self

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class Delivery(models.Model):
    """One activity to one inbox. Kept after sending: what left, to whom, is always answerable."""

    activity_id = models.CharField(max_length=600)
    activity_type = models.CharField(max_length=20)
    kind = models.CharField(max_length=32, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor_kind = models.CharField(max_length=8, choices=ActorKind.choices)
    actor_id = models.PositiveBigIntegerField()
    inbox = models.URLField(max_length=500)
    body = models.JSONField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity_id", "inbox"], name="delivery_once_per_inbox")]

    def __str__(self) -> str:
        return f"{self.activity_type} → {self.inbox}"


class BlockedDomain(models.Model):
    """An instance the operator refuses: nothing from it is accepted, nothing is sent to it."""

    domain = models.CharField(_("domain"), max_length=255, unique=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocked instance")
        verbose_name_plural = _("blocked instances")

    def __str__(self) -> str:
        return self.domain


class BlockedActor(models.Model):
    """A remote account the operator refuses."""

    uri = models.URLField(_("address of the account"), max_length=500, unique=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blocked remote account")
        verbose_name_plural = _("blocked remote accounts")

    def __str__(self) -> str:
        return self.uri
