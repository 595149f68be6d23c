"""The replays of an event: the organisers' page that links and unlinks videos of the web TV, and the link back
from the player page to the events it shows (registered with `parvis.tv.links` in `AgendaConfig.ready`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parvis.tv.models import Video

from .pages import _managed_event
from .services.replays import events_of_replay, replay_candidates, replay_link, replay_unlink, replays_for


class ReplayForm(forms.Form):
    video = forms.TypedChoiceField(
        label=gettext_lazy("Video of the session"),
        help_text=gettext_lazy("Among the videos you manage on the channels of your spaces."),
        coerce=int,
        choices=(),
    )

    def __init__(self, *args, videos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["video"].choices = [(video.pk, f"{video.title} ({video.channel.name})") for video in videos]


@login_required
def replays(request, event_id: int):
    event = _managed_event(request, event_id)
    candidates = replay_candidates(request.user, event)
    form = ReplayForm(request.POST if request.POST.get("action") == "link" else None, videos=candidates)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unlink":
                video_id = request.POST.get("video", "")
                replay_unlink(actor=request.user, event=event, video_id=int(video_id) if video_id.isdigit() else 0)
                messages.success(request, _("The video is no longer a replay of this event."))
                return redirect("agenda:replays", event_id=event.pk)
            if form.is_valid():
                video = Video.objects.visible_to(request.user).get(pk=form.cleaned_data["video"])
                replay_link(actor=request.user, event=event, video=video)
                messages.success(request, _("The replay is on the event's page."))
                return redirect(event)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        except PermissionDenied as error:
            form.add_error(None, str(error))
    return render(
        request,
        "agenda/replays.html",
        {
            "event": event,
            "space": event.space,
            "form": form,
            "candidates": candidates,
            "replays": replays_for(request.user, event),
        },
    )


def backlinks(user, video) -> tuple[str, list[tuple[str, str]]]:
    return _("This video is the replay of"), [
        (event.title, event.get_absolute_url()) for event in events_of_replay(user, video)
    ]
