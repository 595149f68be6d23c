"""A space's page: the space, its members, its polls, its TV channels, its pinned posts and its feed of posts (spaces
combined with posts, polls, the toolbox and the web TV, so it lives here)."""

from django.shortcuts import get_object_or_404

from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.polls.models import Poll
from parvis.posts import feeds
from parvis.posts.models import reactions_summarise
from parvis.posts.pages import organisations_of, render_feed
from parvis.posts.services import postable_videos
from parvis.spaces.models import Follow, Membership, Space, Visibility
from parvis.spaces.services.memberships import membership_of
from parvis.toolbox.reads import pinned_posts
from parvis.tv.models import Channel


@cache_for_visitors
def detail(request, slug: str):
    # A secret space is a 404 for outsiders: its existence is not disclosed. A suspended space is a 404 for
    # everyone but the operator's staff, who see its name and that it is suspended, not its content.
    see_suspended = can(request.user, "space.see_suspended")
    listed = Space.objects.listed_for(request.user, suspended=see_suspended)
    space = get_object_or_404(listed.select_related("territory"), slug=slug)
    membership = membership_of(space=space, user=request.user)
    can_read = space.is_readable_by(request.user)
    # Names for the members alone; visitors and outsiders read the count (Space.members_are_visible_to).
    members = (
        Membership.objects.active().filter(space=space).for_members_page()[:50]
        if space.members_are_visible_to(request.user)
        else None
    )
    can_post = can(request.user, "space.post", space)
    # The space's latest polls, a few: each links to its page, where one votes.
    polls = list(Poll.objects.visible_to(request.user).filter(space=space).for_list()[:5]) if can_read else []
    channels = Channel.objects.visible_to(request.user).filter(space=space).order_by("name")
    channels = list(channels[:10]) if can_read else []
    context = {
        "space": space,
        "is_suspended": see_suspended and space.is_suspended,
        "membership": membership,
        "can_read": can_read,
        "members": members,
        "member_count": Membership.objects.active().filter(space=space).count(),
        "can_post": can_post,
        "organisations": list(organisations_of(request.user)) if can_post else [],
        "draft": request.session.pop("parvis_draft", "") if can_post else "",
        "postable_videos": postable_videos(author=request.user, space=space) if can_post else [],
        "can_administer": can(request.user, "space.administer", space),
        "can_create_poll": can(request.user, "poll.create", space),
        "polls": polls,
        "channels": channels,
        "can_open_channel": can(request.user, "tv.channel_create", space),
        "is_following": (
            request.user.is_authenticated
            and space.visibility == Visibility.PUBLIC
            and Follow.objects.filter(user=request.user, space=space).exists()
        ),
    }
    # Pinned posts come first, once: the feed below leaves them out.
    pinned = list(pinned_posts(space, request.user)) if can_read else []
    reactions_summarise(pinned, request.user)
    context["pinned"] = pinned
    posts = feeds.space_feed(space, request.user) if can_read else feeds.space_feed(space, request.user).none()
    if pinned:
        posts = posts.exclude(pk__in=[post.pk for post in pinned])
    return render_feed(request, "spaces/detail.html", context, posts)
