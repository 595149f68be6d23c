"""The page behind the menu's queue entries (a file of its own: the site's views.py holds the home page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from . import queues as queue_reads


@login_required
def queues(request):
    """Everything waiting for the person, queue by queue, and the requests to join space by space: where the menu's
    entry leads when requests wait in several spaces. A 404 for people who hold no queue."""
    roles = queue_reads.roles_of(request.user)
    if not roles.any:
        raise Http404
    return render(
        request,
        "site/queues.html",
        {
            "queues": queue_reads.queues_for(request.user),
            "join_requests": queue_reads.join_requests(request.user) if roles.space_moderator else [],
        },
    )
