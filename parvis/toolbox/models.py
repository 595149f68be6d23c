"""A group's toolbox: posts pinned on top of the group, posts people save for later, and the group's files with
their versions. Every read goes through the visibility rule: a pin or a saved post shows only a post the viewer may
read (`Post.objects.visible_to`), a file only in a space the viewer may read (`GroupFile.objects.visible_to`)."""

from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core.media import private_storage
from parvis.posts.models import Post
from parvis.spaces.models import Space, SpaceContentQuerySet, VisibleContent

MAX_PINS = 3
TITLE_LIMIT = 200


class Pin(models.Model):
    """A post an administrator pinned on top of its group (at most three per group)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="pins")
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="pin")
    pinned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pinned post")
        indexes = [models.Index(fields=["space", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.space_id}"


class SavedPostQuerySet(models.QuerySet):
    def of(self, user):
        """The person's saved posts they may still read (a post hidden, deleted or in a group they left drops out),
        newest saved first."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user, post__in=Post.objects.visible_to(user)).order_by("-created_at", "-pk")


class SavedPost(models.Model):
    """A post a person keeps for later: private to the person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_posts")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved post")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="savedpost_unique_user_post")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.post_id}"


class FileStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by a moderator")
    REMOVED = "removed", _("removed by a moderator")


class GroupFileQuerySet(SpaceContentQuerySet):
    def published(self):
        return self.filter(status=FileStatus.PUBLISHED)

    def with_readable_status(self, user):
        return self.published()

    def for_list(self):
        return self.select_related("space", "author").order_by("-updated_at", "-pk")


class GroupFile(VisibleContent, models.Model):
    """A document of a group, with its versions: a new version keeps the earlier ones."""

    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="files")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_files")
    title = models.CharField(_("title"), max_length=TITLE_LIMIT)
    status = models.CharField(max_length=10, choices=FileStatus.choices, default=FileStatus.PUBLISHED)
    version_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = GroupFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("group file")
        indexes = [models.Index(fields=["space", "status", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("toolbox:file", kwargs={"slug": self.space.slug, "file_id": self.pk})


class FileVersion(models.Model):
    file = models.ForeignKey(GroupFile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # In the private storage, served by `toolbox.views.download` after the file's visibility rule.
    document = models.FileField(upload_to="groupfiles/%Y/%m/", storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file version")
        constraints = [models.UniqueConstraint(fields=["file", "number"], name="fileversion_unique_number")]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.file_id} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "toolbox:download",
            kwargs={"slug": self.file.space.slug, "file_id": self.file_id, "number": self.number},
        )

    @property
    def size_label(self) -> str:
        return filesizeformat(self.size)
