from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.middleware import answers_nul_in_query
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.spaces.forms import add_service_errors
from parvis.spaces.models import OrganisationKind, Space

from . import services
from .forms import BrowseForm, OfferForm, ProfileForm, RecommendationForm, SchoolClassForm, TeacherForm
from .models import (
    RECOMMENDABLE_KINDS,
    Offer,
    OrganisationProfile,
    Recommendation,
    SchoolClass,
    code_visible_to,
    directory_communes,
    directory_spaces,
    filtered_entries,
)

PAGE_SIZE = 20


@answers_nul_in_query
@cache_for_visitors
def index(request):
    communes = list(directory_communes(request.user))
    form = BrowseForm(request.GET, communes=communes)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filtered_entries(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/index.html",
        {"form": form, "page": page, "filtered": any(filters.values())},
        status=200 if form.is_valid() else 400,
    )


def _entry(request, slug: str) -> Space:
    return get_object_or_404(directory_spaces(request.user), slug=slug)


@cache_for_visitors
def entry(request, slug: str, recommendation_form=None):
    space = _entry(request, slug)
    profile = getattr(space, "profile", None)
    can_edit = can(request.user, "space.administer", space)
    offers = list(Offer.objects.of_shop(space).current()) if space.organisation_kind == OrganisationKind.SHOP else []
    classes = (
        list(SchoolClass.objects.filter(school=space).listed_for(request.user).for_list())
        if space.organisation_kind == OrganisationKind.SCHOOL
        else []
    )
    return render(
        request,
        "directory/entry.html",
        {
            "space": space,
            "profile": profile,
            "offers": offers,
            "show_codes": can_edit or code_visible_to(request.user, space),
            "classes": classes,
            "can_edit": can_edit,
            **_recommendations(request, space, recommendation_form),
        },
        status=400 if recommendation_form is not None else 200,
    )


LATEST_RECOMMENDATIONS = 10


def _recommendations(request, space: Space, form) -> dict:
    """The count and the latest recommendations of an entry, and the person's own (to edit) or the form to write one."""
    if space.organisation_kind not in RECOMMENDABLE_KINDS:
        return {"recommendable": False}
    visible = Recommendation.objects.visible_to(request.user).filter(space=space)
    mine = (
        Recommendation.objects.filter(space=space, author=request.user).first()
        if request.user.is_authenticated
        else None
    )
    may_recommend = can(request.user, "directory.recommend") and not can(request.user, "space.administer", space)
    if form is None and may_recommend:
        form = RecommendationForm(initial={"text": mine.text} if mine else None)
    return {
        "recommendable": True,
        "recommendation_count": visible.count(),
        "recommendations": list(visible.for_list()[:LATEST_RECOMMENDATIONS]),
        "my_recommendation": mine,
        "recommendation_form": form if may_recommend else None,
    }


@login_required
@require_POST
def recommend(request, slug: str):
    """Write or edit the person's recommendation of an entry (one per person: the same form edits it)."""
    space = _entry(request, slug)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return entry(request, slug, recommendation_form=form)
    mine = Recommendation.objects.filter(space=space, author=request.user).first()
    try:
        if mine is None:
            services.recommendation_create(author=request.user, space=space, text=form.cleaned_data["text"])
        else:
            services.recommendation_update(author=request.user, recommendation=mine, text=form.cleaned_data["text"])
    except ValidationError as error:
        add_service_errors(form, error)
        return entry(request, slug, recommendation_form=form)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your recommendation is updated.") if mine else _("Thank you: your recommendation is published.")
        )
    return redirect("directory:entry", slug=space.slug)


def _editable(request, slug: str) -> Space:
    space = _entry(request, slug)
    if not can(request.user, "space.administer", space):
        raise PermissionDenied(_("Only the page's administrators edit its directory entry."))
    return space


@login_required
def edit(request, slug: str):
    space = _editable(request, slug)
    profile = OrganisationProfile.objects.filter(space=space).first()
    initial = {}
    if profile is not None:
        initial = {
            field: getattr(profile, field)
            for field in ("activities", "email", "phone", "website", "address", "shop_category", "opening_hours")
        }
        initial["themes"] = profile.theme_list
    form = ProfileForm(request.POST or None, initial=initial, kind=space.organisation_kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The directory entry is saved."))
            return redirect("directory:entry", slug=space.slug)
    offers = (
        list(Offer.objects.of_shop(space).filter(valid_until__gt=timezone.now()))
        if space.organisation_kind == OrganisationKind.SHOP
        else []
    )
    return render(
        request,
        "directory/edit.html",
        {"space": space, "form": form, "offers": offers, "offer_form": OfferForm()},
        status=400 if form.errors else 200,
    )


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
def offer_create(request, slug: str):
    space = _editable(request, slug)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        today = timezone.localdate()
        starts = data["valid_from"]
        try:
            services.offer_create(
                actor=request.user,
                space=space,
                title=data["title"],
                description=data["description"],
                code=data["code"],
                valid_from=None if starts is None or starts <= today else _day_start(starts),
                # "Until" is a day included: the offer ends at the following midnight.
                valid_until=_day_start(data["valid_until"] + timedelta(days=1)),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offer is published."))
            return redirect("directory:edit", slug=space.slug)
    return render(
        request, "directory/offer_create.html", {"space": space, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def offer_end(request, slug: str, offer_id: int):
    space = _editable(request, slug)
    offer = get_object_or_404(Offer, pk=offer_id, space=space)
    services.offer_end(actor=request.user, offer=offer)
    messages.success(request, _("The offer has ended."))
    return redirect("directory:edit", slug=space.slug)


@login_required
def class_create(request):
    schools = list(services.schools_for(request.user))
    form = SchoolClassForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            school_class = services.school_class_create(
                creator=request.user,
                school=next((s for s in schools if s.pk == data["school"]), None),
                school_name=data["school_name"],
                year=data["year"],
                class_name=data["class_name"],
                school_year=data["school_year"],
                teacher_handle=data["teacher"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The class space is open. Share its address with the other parents: they ask to join.")
            )
            return redirect(school_class.space)
    return render(
        request,
        "directory/class_create.html",
        {"form": form, "schools": schools, "my_classes": SchoolClass.objects.owned_by(request.user).for_list()[:50]},
        status=400 if form.errors else 200,
    )


@login_required
def class_teacher(request, slug: str):
    school_class = get_object_or_404(
        SchoolClass.objects.listed_for(request.user).select_related("space__territory"), space__slug=slug
    )
    if not SchoolClass.objects.owned_by(request.user).filter(pk=school_class.pk).exists():
        raise PermissionDenied(_("Only the person who opened the class names its teacher."))
    space = school_class.space
    form = TeacherForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_class_set_teacher(
                actor=request.user, school_class=school_class, handle=form.cleaned_data["handle"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The teacher is named: they approve parents' requests too."))
            return redirect("spaces:members", slug=space.slug)
    return render(
        request,
        "directory/class_teacher.html",
        {"space": space, "form": form},
        status=400 if form.errors else 200,
    )
