from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.network import client_ip
from parvis.core.pagecache import cache_for_visitors
from parvis.core.permissions import can
from parvis.spaces.forms import add_service_errors

from . import notice, services
from .forms import (
    AnnouncementForm,
    AnswerForm,
    BrowseForm,
    CodeCreateForm,
    CodeForm,
    DoneForm,
    ListingEditForm,
    ListingForm,
    QuartierForm,
    ResidenceForm,
    ThanksForm,
)
from .models import (
    CODE_LENGTH,
    Direction,
    Exchange,
    Listing,
    ListingAnswer,
    ListingKind,
    Residence,
    ResidenceAnnouncement,
    ResidenceCode,
    Scope,
)

PAGE_SIZE = 20


def _report(request, error: Exception) -> None:
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)


@login_required
@cache_for_visitors
def index(request):
    """Browse the listings the person may see, by scope (standing for distance), kind and direction."""
    form = BrowseForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    listings = Listing.objects.visible_to(request.user).open().for_list()
    for field in ("scope", "kind", "direction"):
        if filters.get(field):
            listings = listings.filter(**{field: filters[field]})
    page = Paginator(listings.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "neighbours/index.html",
        {
            "page": page,
            "filters": filters,
            "scopes": Scope.choices,
            "kinds": ListingKind.choices,
            "directions": Direction.choices,
            "residence": services.verified_residence(request.user),
            "manages": services.managed_organisations(request.user).exists(),
        },
    )


@login_required
def listing_create(request):
    form = ListingForm(request.POST or None, initial={"direction": Direction.OFFER, "scope": Scope.COMMUNE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        alt_texts = [line.strip() for line in data["alt_texts"].splitlines() if line.strip()]
        photos = request.FILES.getlist("photos")
        try:
            listing = services.listing_create(
                author=request.user,
                direction=data["direction"],
                kind=data["kind"],
                scope=data["scope"],
                title=data["title"],
                description=data["description"],
                availability=data["availability"],
                price=data["price"],
                photos=[(photo, alt_texts[i] if i < len(alt_texts) else "") for i, photo in enumerate(photos)],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your listing is published for 30 days."))
            return redirect(listing)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "neighbours/listing_create.html",
        {"form": form, "residence": services.verified_residence(request.user)},
        status=status,
    )


@login_required
def listing_edit(request, listing_id: int):
    listing = _visible_listing(request, listing_id)
    if listing.author_id != request.user.pk:
        raise Http404  # the page exists for the author only
    initial = {
        "direction": listing.direction,
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "availability": listing.availability,
        "price": "" if listing.price is None else str(listing.price),
    }
    form = ListingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(user=request.user, listing=listing, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your listing is updated."))
            return redirect(listing)
    status = 400 if form.errors else 200
    return render(request, "neighbours/listing_edit.html", {"form": form, "listing": listing}, status=status)


def _visible_listing(request, listing_id: int) -> Listing:
    # Outside its scope a listing is a 404: its existence is not disclosed.
    return get_object_or_404(
        Listing.objects.visible_to(request.user).select_related("author", "territory"), pk=listing_id
    )


@login_required
@cache_for_visitors
def listing_detail(request, listing_id: int):
    listing = _visible_listing(request, listing_id)
    is_author = listing.author_id == request.user.pk
    answers = list(listing.answers.select_related("user")) if is_author else []
    my_answer = None if is_author else ListingAnswer.objects.filter(listing=listing, user=request.user).first()
    exchange = Exchange.objects.filter(listing=listing).select_related("author", "partner").first()
    return render(
        request,
        "neighbours/listing_detail.html",
        {
            "listing": listing,
            "photos": list(listing.photos.all()),
            "is_author": is_author,
            "answers": answers,
            "my_answer": my_answer,
            "answer_form": AnswerForm(),
            "done_form": DoneForm(answers=answers) if answers else None,
            "exchange": exchange,
            "thanks_form": ThanksForm()
            if exchange and request.user.pk in (exchange.author_id, exchange.partner_id)
            else None,
        },
    )


@login_required
@require_POST
def listing_answer(request, listing_id: int):
    listing = _visible_listing(request, listing_id)
    form = AnswerForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.listing_answer(user=request.user, listing=listing, message=message)
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Your message is sent to the author: a private conversation is open."))
    return redirect(listing)


@login_required
@require_POST
def listing_action(request, listing_id: int, action: str):
    """The author's buttons: withdraw, renew, mark done."""
    listing = _visible_listing(request, listing_id)
    try:
        if action == "withdraw":
            services.listing_withdraw(user=request.user, listing=listing)
            done = _("Your listing is withdrawn.")
        elif action == "renew":
            services.listing_renew(user=request.user, listing=listing)
            done = _("Your listing is open for 30 more days.")
        else:
            answers = listing.answers.select_related("user") if listing.author_id == request.user.pk else []
            form = DoneForm(request.POST, answers=answers)
            partner = form.cleaned_data.get("partner") if form.is_valid() else None
            services.listing_mark_done(user=request.user, listing=listing, partner_id=partner or 0)
            done = _("Well done! The exchange is in your history, and in your neighbour's.")
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, done)
    return redirect(listing)


@login_required
@require_POST
def exchange_thank(request, exchange_id: int):
    exchange = get_object_or_404(Exchange.objects.of_user(request.user), pk=exchange_id)
    form = ThanksForm(request.POST)
    try:
        services.exchange_thank(
            user=request.user, exchange=exchange, message=form.cleaned_data["message"] if form.is_valid() else ""
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Your thanks are shown on the exchange."))
    return redirect(exchange.listing)


@login_required
@cache_for_visitors
def history(request):
    exchanges = Paginator(Exchange.objects.of_user(request.user).for_history(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mine = Listing.objects.filter(author=request.user).exclude(status="removed").select_related("territory")
    return render(
        request,
        "neighbours/history.html",
        {"page": exchanges, "my_listings": mine.order_by("-created_at", "-pk")[:50]},
    )


@login_required
def code_redeem(request):
    # The QR code of a residence notice opens this page with its code already typed (?code=…).
    initial = {"code": services.normalise_code(request.GET.get("code", ""))[:CODE_LENGTH]}
    form = CodeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            verification = services.residence_code_redeem(
                user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
            status = 429 if getattr(error, "code", "") == "rate_limited" else 400
        except PermissionDenied as error:
            form.add_error(None, str(error))
            status = 403
        else:
            residence = verification.residence
            messages.success(
                request,
                _("You are a verified resident of %(residence)s, and a member of its space.")
                % {"residence": residence.territory.name},
            )
            return redirect(residence.space)
    return render(request, "neighbours/code.html", {"form": form}, status=status)


# --- Operator -------------------------------------------------------------------------------------------------------


@login_required
def quartier_create(request):
    if not can(request.user, "quartier.create"):
        raise PermissionDenied(_("Only the operator creates neighbourhoods."))
    form = QuartierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quartier = services.quartier_create(
                operator=request.user, commune=form.cleaned_data["commune"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The neighbourhood %(name)s of %(commune)s is created.")
                % {"name": quartier.name, "commune": quartier.parent.name},
            )
            return redirect("neighbours:quartier_create")
    return render(request, "neighbours/quartier_create.html", {"form": form})


# --- Landlords and condo managers -----------------------------------------------------------------------------------


@login_required
def residence_list(request):
    managers = list(services.managed_organisations(request.user))
    residences = Residence.objects.managed_by(request.user).for_list()
    return render(request, "neighbours/residence_list.html", {"managers": managers, "residences": residences})


@login_required
def residence_create(request):
    managers = list(services.managed_organisations(request.user))
    if not managers:
        raise PermissionDenied(
            _("Only the administrators of a verified landlord or condo manager page create residences.")
        )
    form = ResidenceForm(request.POST or None, managers=managers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            residence = services.residence_create(
                actor=request.user,
                manager=next(m for m in managers if m.pk == data["manager"]),
                parent=data.get("parent"),
                name=data["name"],
                address=data["address"],
                buildings=data["buildings"],
                homes=data["homes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The residence %(name)s is open.") % {"name": residence.territory.name})
            return redirect(residence)
    return render(request, "neighbours/residence_create.html", {"form": form}, status=400 if form.errors else 200)


def _managed_residence(request, residence_id: int) -> Residence:
    residence = get_object_or_404(Residence.objects.for_list(), pk=residence_id)
    if not services.residence_can_manage(user=request.user, residence=residence):
        raise PermissionDenied(_("Only the residence's landlord or condo manager does this."))
    return residence


@login_required
def residence_detail(request, residence_id: int):
    residence = _managed_residence(request, residence_id)
    codes = ResidenceCode.objects.filter(residence=residence)[:100]
    announcements = (
        ResidenceAnnouncement.objects.filter(residence=residence).select_related("post").order_by("-created_at")[:20]
    )
    return render(
        request,
        "neighbours/residence_detail.html",
        {
            "residence": residence,
            "space": residence.space,
            "codes": codes,
            "announcements": announcements,
            "resident_count": residence.verifications.count(),
            "code_form": CodeCreateForm(),
            "announcement_form": AnnouncementForm(),
        },
    )


@login_required
def residence_notice(request, residence_id: int):
    """The notice a landlord prints for the letterboxes and the hall of each building: a page of its own, without
    the site's header, one A4 sheet per building. Others get a 404: the page names a code that lets one in."""
    residence = get_object_or_404(Residence.objects.for_list(), pk=residence_id)
    if not notice.may_print(user=request.user, residence=residence):
        raise Http404
    codes = list(ResidenceCode.objects.filter(residence=residence).usable())
    code = notice.chosen_code(codes, request.GET.get("code", ""))
    return render(
        request,
        "neighbours/notice.html",
        {
            "residence": residence,
            "codes": codes,
            "code": code,
            "sheets": notice.sheets(residence=residence, code=code) if code else [],
        },
    )


@login_required
@require_POST
def code_create(request, residence_id: int):
    residence = _managed_residence(request, residence_id)
    form = CodeCreateForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        code = services.residence_code_create(
            actor=request.user,
            residence=residence,
            max_uses=data.get("max_uses", ""),
            valid_days=data.get("valid_days", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("New code: %(code)s") % {"code": code.display})
    return redirect(residence)


@login_required
@require_POST
def code_revoke(request, code_id: int):
    code = get_object_or_404(ResidenceCode.objects.select_related("residence"), pk=code_id)
    try:
        services.residence_code_revoke(actor=request.user, code=code)
    except PermissionDenied as error:
        _report(request, error)
    else:
        messages.success(request, _("The code %(code)s no longer works.") % {"code": code.display})
    return redirect(code.residence)


@login_required
@require_POST
def announcement_create(request, residence_id: int):
    residence = _managed_residence(request, residence_id)
    form = AnnouncementForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        services.announcement_publish(
            actor=request.user, residence=residence, category=data.get("category", ""), body=data.get("body", "")
        )
    except (ValidationError, PermissionDenied) as error:
        _report(request, error)
    else:
        messages.success(request, _("Your announcement is pinned and every resident is told."))
    return redirect(residence)


@login_required
@require_POST
def announcement_unpin(request, announcement_id: int):
    announcement = get_object_or_404(ResidenceAnnouncement.objects.select_related("residence"), pk=announcement_id)
    try:
        services.announcement_unpin(actor=request.user, announcement=announcement)
    except PermissionDenied as error:
        _report(request, error)
    else:
        messages.success(request, _("The announcement is no longer pinned."))
    return redirect(announcement.residence)
