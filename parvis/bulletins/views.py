"""The pages of the authorities' news: a space's news and its log, writing one (preview, then send), reading one,
and a person's themes. Thin: a form, one service, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from parvis.core.pagecache import cache_for_visitors
from parvis.core.submission import submit_once
from parvis.spaces.models import Space

from . import services
from .forms import BulletinForm, ThemesForm
from .models import Bulletin, Theme


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for each in errors:
                form.add_error(field if field in form.fields else None, each.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


@cache_for_visitors
def detail(request, bulletin_id: int):
    bulletin = get_object_or_404(Bulletin.objects.visible_to(request.user).for_list(), pk=bulletin_id)
    return render(request, "bulletins/detail.html", {"bulletin": bulletin, "space": bulletin.space})


@cache_for_visitors
def space_list(request, slug: str):
    """The space's news its visitor may read; for its administrators, the log of what was sent, with counts."""
    space = get_object_or_404(Space.objects.readable_by(request.user).select_related("territory"), slug=slug)
    bulletins = list(
        Bulletin.objects.visible_to(request.user).filter(space=space).for_list().prefetch_related("groups")[:50]
    )
    may_send = services.may_send(request.user, space)
    for bulletin in bulletins:
        bulletin.reached_shown = services.shown_count(bulletin.reached)
        bulletin.emailed_shown = services.shown_count(bulletin.emailed)
    return render(request, "bulletins/space_list.html", {"space": space, "bulletins": bulletins, "may_send": may_send})


@login_required
def compose(request, slug: str):
    space = get_object_or_404(Space.objects.listed_for(request.user).select_related("territory"), slug=slug)
    if not services.may_send(request.user, space):
        raise PermissionDenied(_("Only the administrators of an authority's official space send news."))
    choices = {
        "territories": services.territories_for(space).exclude(level__in=["departement", "epci"])[:2000]
        if space.territory.level in ("departement", "epci")
        else services.territories_for(space)[:2000],
        "groups": services.groups_for(request.user, space),
    }
    form = BulletinForm(request.POST or None, initial={"territory": space.territory_id}, **choices)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        segment = {"territory_id": data["territory"], "group_ids": data["groups"], "themes": data["themes"]}
        try:
            if request.POST.get("action") == "send":
                bulletin, _created = submit_once(
                    request,
                    kind="bulletin",
                    create=lambda: services.bulletin_send(
                        actor=request.user,
                        space=space,
                        title=data["title"],
                        text=data["text"],
                        link=data["link"],
                        public=data["public"],
                        **segment,
                    ),
                    find=lambda pk: Bulletin.objects.filter(pk=pk, space=space).first(),
                )
                messages.success(request, _("Your news is sent."))
                return redirect("bulletins:space_list", slug=space.slug)
            preview = services.bulletin_preview(actor=request.user, space=space, **segment)
        except ValidationError as error:
            _errors_to_form(form, error)
    return render(request, "bulletins/compose.html", {"space": space, "form": form, "preview": preview})


@login_required
def themes(request):
    chosen, consent = services.themes_of(person=request.user)
    form = ThemesForm(request.POST or None, initial={"themes": sorted(chosen), "email": consent})
    if request.method == "POST" and form.is_valid():
        try:
            services.themes_set(
                person=request.user, themes=form.cleaned_data["themes"], email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("bulletins:themes")
    selected = set(form["themes"].value() or [])
    return render(
        request, "bulletins/themes.html", {"form": form, "theme_choices": Theme.choices, "selected": selected}
    )
