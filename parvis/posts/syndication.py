"""Atom feeds of public spaces and communes. Only what an anonymous visitor may read ever goes out."""

from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from parvis.core.links import BaseUrlFeed
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

from . import feeds
from .models import Post

ITEMS = 30


class _PostFeed(BaseUrlFeed):
    feed_type = Atom1Feed

    def items(self, obj):
        return (
            self.posts(obj).select_related("author", "as_organisation", "space").order_by("-created_at", "-id")[:ITEMS]
        )

    def item_title(self, item: Post):
        text = " ".join(item.body.split())
        return (text[:80] + "…") if len(text) > 80 else (text or _("Photos"))

    def item_description(self, item: Post):
        return item.body_html

    def item_author_name(self, item: Post):
        signature = item.signature
        return signature.name if isinstance(signature, Space) else signature.public_name

    def item_pubdate(self, item: Post):
        return item.created_at

    def item_updateddate(self, item: Post):
        return item.edited_at or item.created_at


class SpaceAtomFeed(_PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Space.objects.readable_by(None), slug=slug)

    def title(self, obj):
        return obj.name

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return obj.description or obj.get_nature_display()

    def posts(self, obj):
        return feeds.space_feed(obj, None)


class CommuneAtomFeed(_PostFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Territory, level=Level.COMMUNE, slug=slug)

    def title(self, obj):
        return _("News of %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def posts(self, obj):
        return feeds.commune_feed(obj)
