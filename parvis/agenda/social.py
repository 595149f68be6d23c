"""The pages of events as social objects: inviting people, answering an invitation, the organisers' decisions on
participation requests, and each person's choices about reminders and news of events. Thin: the rules are in
`services/invitations.py`, `services/rsvps.py` and `services/reminders.py`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from parvis.core.permissions import can

from .models import Event, Rsvp, RsvpStatus
from .participation import AgendaPreference, EventPhoto, Invitation
from .services.invitations import event_invite, invitable_groups, invitable_people, invitation_answer
from .services.photos import event_photo_add, may_add_photos
from .services.reminders import agenda_preference_set
from .services.rsvps import participation_decide


def _errors(error) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


def social_extras(request, event: Event, *, can_manage: bool) -> dict:
    """What the event page shows of invitations and requests: the person's pending invitation, and for the
    organisers the number of requests waiting."""
    album = list(EventPhoto.objects.visible_to(request.user).filter(event=event).select_related("author")[:ALBUM_SIZE])
    if not request.user.is_authenticated:
        return {"album": album}
    return {
        "album": album,
        "photo_form": PhotoForm() if may_add_photos(request.user, event) else None,
        "my_invitation": Invitation.objects.visible_to(request.user).pending().filter(event=event).first(),
        "pending_requests": event.rsvps.filter(status=RsvpStatus.PENDING).count() if can_manage else 0,
    }


# Photos an event page shows (the newest first past this are for a later version of the album's page).
ALBUM_SIZE = 60


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Photo"), help_text=gettext_lazy("JPEG, PNG, WebP or GIF, 10 MB at most.")
    )
    alt_text = forms.CharField(label=gettext_lazy("Describe the photo for people who cannot see it"), max_length=300)


@login_required
@require_POST
def album_add(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=event_id)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(event.get_absolute_url() + "#album")
    try:
        event_photo_add(
            author=request.user, event=event, upload=form.cleaned_data["image"], alt_text=form.cleaned_data["alt_text"]
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Your photo is in the album."))
    return redirect(event.get_absolute_url() + "#album")


class InviteForm(forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("Invite every member of a group"), required=False)
    people = forms.MultipleChoiceField(
        label=gettext_lazy("Or choose people you share a group with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, groups=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("No group")), *((str(g.pk), g.name) for g in groups)]
        self.fields["people"].choices = [(str(p.pk), p.public_name) for p in people]


# People listed on the invitation page: a big group is invited whole, not ticked one by one.
PEOPLE_LISTED = 200


@login_required
def invite(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("space"), pk=event_id)
    groups = list(invitable_groups(inviter=request.user))
    people = list(invitable_people(inviter=request.user, event=event)[:PEOPLE_LISTED])
    form = InviteForm(request.POST or None, groups=groups, people=people)
    if request.method == "POST" and form.is_valid():
        chosen = {str(g.pk): g for g in groups}.get(form.cleaned_data["group"])
        try:
            count = event_invite(
                inviter=request.user, event=event, group=chosen, people=[int(pk) for pk in form.cleaned_data["people"]]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _errors(error))
        else:
            if count:
                messages.success(request, _("Invitations sent: %(count)s.") % {"count": count})
            else:
                messages.info(request, _("Nobody new to invite: everyone chosen is already invited or registered."))
            return redirect(event)
    return render(request, "agenda/invite.html", {"event": event, "space": event.space, "form": form})


@login_required
@require_POST
def answer_invitation(request, invitation_id: int):
    invitation = Invitation.objects.visible_to(request.user).filter(pk=invitation_id).select_related("event").first()
    if invitation is None:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    try:
        _invitation, rsvp = invitation_answer(
            user=request.user, invitation_id=invitation.pk, accept=accept, answer=request.POST.get("question", "")
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        if not accept:
            messages.success(request, _("You declined the invitation."))
        elif rsvp.status == RsvpStatus.PENDING:
            messages.success(request, _("Your request is sent: the organisers will tell you their answer."))
        elif rsvp.status == RsvpStatus.WAITING:
            messages.info(request, _("The event is full: you are on the waiting list."))
        else:
            messages.success(request, _("You are going."))
    return redirect(invitation.event)


@login_required
def requests(request, event_id: int):
    """The organisers' list of participation requests, with each person's answer to their question."""
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("space"), pk=event_id)
    if not can(request.user, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers see the requests to take part."))
    if request.method == "POST":
        try:
            rsvp_id = int(request.POST.get("request", ""))
        except ValueError:
            messages.error(request, _("Choose a request."))
        else:
            if not event.rsvps.filter(pk=rsvp_id).exists():
                raise Http404
            approve = request.POST.get("decision") == "approve"
            try:
                participation_decide(organiser=request.user, rsvp_id=rsvp_id, approve=approve)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, _("Request accepted.") if approve else _("Request declined."))
        return redirect("agenda:requests", event_id=event.pk)
    pending = Rsvp.objects.filter(event=event, status=RsvpStatus.PENDING).select_related("user").order_by("created_at")
    return render(request, "agenda/requests.html", {"event": event, "space": event.space, "pending": pending})


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = AgendaPreference
        fields = ["remind_day_before", "remind_hour_before", "new_events_in_my_groups"]


@login_required
def preferences(request):
    current = AgendaPreference.objects.filter(user=request.user).first() or AgendaPreference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        agenda_preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("agenda:preferences")
    return render(request, "agenda/preferences.html", {"form": form})
