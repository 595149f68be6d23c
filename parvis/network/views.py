"""The network's pages, all under /reseau/: the home (agenda of sessions, themes), the directory, a theme (its
documents, a link to its discussions and polls), a document and its versions, a session (questions, votes, answers,
replay). Everyone outside the network gets a 404 for all of them but the home, which says what the network is."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.core.media import media_url
from parvis.core.permissions import can
from parvis.spaces.models import Space
from parvis.tv.models import Video

from . import services
from .forms import AnswerForm, DocumentForm, InviteForm, QuestionForm, RegisterFileForm, RoleForm, SessionForm
from .models import NETWORK, Document, DocumentVersion, NetworkRole, Question, QuestionVote, RoleKind, Session, Theme
from .rne import MAX_BYTES, rne_import


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for each in errors:
                form.add_error(field if field in form.fields else None, each.messages[0])
    else:
        for message in error.messages:
            form.add_error(None, message)


def _member_or_404(user) -> None:
    if not can(user, "network.read", NETWORK):
        raise Http404


def _theme(user, slug: str) -> Theme:
    _member_or_404(user)
    theme = get_object_or_404(Theme.objects.select_related("space__territory"), slug=slug)
    if not theme.space.is_readable_by(user):
        raise Http404
    return theme


def home(request):
    if not can(request.user, "network.read", NETWORK):
        return render(request, "network/outside.html", {"may_verify": can(request.user, "network.verify", NETWORK)})
    sessions = Session.objects.visible_to(request.user).for_list()
    themes = Theme.objects.filter(space__in=_readable_spaces(request.user)).select_related("space")
    return render(
        request,
        "network/home.html",
        {
            "space": services.hub_space(),
            "upcoming": list(sessions.upcoming()[:20]),
            "past": list(sessions.past()[:20]),
            "themes": themes,
            "may_open": can(request.user, "network.session_open", NETWORK),
            "may_verify": can(request.user, "network.verify", NETWORK),
        },
    )


def _readable_spaces(user):
    return Space.objects.readable_by(user)


def directory(request):
    """Who is in the network, by commune, function and theme: its members only read it."""
    _member_or_404(request.user)
    roles = NetworkRole.objects.active().for_directory()
    kind = request.GET.get("role", "")
    if kind in RoleKind.values:
        roles = roles.filter(kind=kind)
    commune = request.GET.get("commune", "").strip()
    if commune:
        roles = roles.filter(commune__code=commune[:10])
    return render(
        request,
        "network/directory.html",
        {
            "space": services.hub_space(),
            "roles": list(roles[:500]),
            "kinds": RoleKind.choices,
            "kind": kind,
            "filtered": bool(kind or commune),
        },
    )


@login_required
def accept(request, token: str):
    if request.method == "POST":
        try:
            services.role_accept(user=request.user, token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("network:home")
        messages.success(request, _("Welcome to the network of élus and agents."))
        return redirect("network:home")
    return render(request, "network/accept.html", {"token": token})


def theme(request, theme: str):
    theme = _theme(request.user, theme)
    documents = Document.objects.visible_to(request.user).filter(space=theme.space).for_list()
    sessions = Session.objects.visible_to(request.user).filter(theme=theme).for_list()
    return render(
        request,
        "network/theme.html",
        {
            "theme": theme,
            "space": theme.space,
            "documents": list(documents[:100]),
            "sessions": list(sessions[:50]),
            "form": DocumentForm(),
            "may_share": can(request.user, "network.share", NETWORK),
            "may_open": can(request.user, "network.session_open", NETWORK),
        },
    )


@login_required
@require_POST
def document_share(request, theme: str):
    theme = _theme(request.user, theme)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.document_share(
                author=request.user,
                space=theme.space,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(theme)
        else:
            messages.success(request, _("Document shared."))
            return redirect(document)
    documents = Document.objects.visible_to(request.user).filter(space=theme.space).for_list()
    return render(
        request,
        "network/theme.html",
        {
            "theme": theme,
            "space": theme.space,
            "documents": list(documents[:100]),
            "sessions": list(Session.objects.visible_to(request.user).filter(theme=theme).for_list()[:50]),
            "form": form,
            "may_share": True,
            "may_open": can(request.user, "network.session_open", NETWORK),
        },
        status=400,
    )


def document(request, document_id: int):
    _member_or_404(request.user)
    document = get_object_or_404(
        Document.objects.visible_to(request.user).select_related("space__territory", "author"), pk=document_id
    )
    form = DocumentForm()
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.document_revise(author=request.user, document=document, upload=form.cleaned_data["file"])
            except ValidationError as error:
                _errors_to_form(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("New version shared."))
                return redirect(document)
    versions = list(DocumentVersion.objects.filter(document=document).select_related("uploaded_by"))
    for version in versions:
        version.url = media_url(version, "file")
    return render(
        request,
        "network/document.html",
        {"document": document, "space": document.space, "versions": versions, "form": form},
        status=400 if form.errors else 200,
    )


def _session_page(request, session: Session, *, ask_form=None, status=200):
    questions = list(Question.objects.visible_to(request.user).filter(session=session).for_session())
    voted = (
        set(
            QuestionVote.objects.filter(voter=request.user, question__session=session).values_list(
                "question_id", flat=True
            )
        )
        if request.user.is_authenticated
        else set()
    )
    for question in questions:
        question.voted = question.pk in voted
        question.mine = question.author_id == request.user.pk
        answer = getattr(question, "answer", None)
        question.shown_answer = answer if answer is not None and not answer.hidden else None
    is_expert = session.expert_id == request.user.pk
    may_replay = is_expert or can(request.user, "network.session_open", NETWORK)
    # The replay is shown to those who may watch it (a members-only video of another space stays closed to others).
    replay = Video.objects.visible_to(request.user).filter(pk=session.replay_id).first() if session.replay_id else None
    return render(
        request,
        "network/session.html",
        {
            "session": session,
            "space": session.space,
            "questions": questions,
            "ask_form": ask_form or QuestionForm(),
            "may_ask": session.questions_open and can(request.user, "network.ask", NETWORK),
            "may_vote": session.questions_open and can(request.user, "network.vote", NETWORK),
            "is_expert": is_expert,
            "may_close": session.questions_open and (is_expert or can(request.user, "network.session_open", NETWORK)),
            "replay": replay,
            "may_replay": may_replay,
            "replay_candidates": services.replay_candidates(request.user) if may_replay else [],
        },
        status=status,
    )


def _session(user, session_id: int) -> Session:
    _member_or_404(user)
    return get_object_or_404(
        Session.objects.visible_to(user).select_related("space__territory", "theme", "expert", "replay"),
        pk=session_id,
    )


def session(request, session_id: int):
    return _session_page(request, _session(request.user, session_id))


@login_required
@require_POST
def ask(request, session_id: int):
    session = _session(request.user, session_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_ask(author=request.user, session=session, text=form.cleaned_data["text"])
        except ValidationError as error:
            _errors_to_form(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your question is asked."))
            return redirect(session)
    return _session_page(request, session, ask_form=form, status=400)


@login_required
@require_POST
def vote(request, network_question_id: int):
    _member_or_404(request.user)
    question = get_object_or_404(Question.objects.visible_to(request.user), pk=network_question_id)
    try:
        services.question_vote(voter=request.user, question=question)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Your vote is counted."))
    return redirect(question.get_absolute_url())


@login_required
@require_POST
def answer(request, network_question_id: int):
    _member_or_404(request.user)
    question = get_object_or_404(
        Question.objects.visible_to(request.user).select_related("session"), pk=network_question_id
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your answer."))
        return redirect(question.get_absolute_url())
    try:
        services.question_answer(expert=request.user, question=question, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied as error:
        raise Http404 from error
    else:
        messages.success(request, _("Your answer is published."))
    return redirect(question.get_absolute_url())


@login_required
@require_POST
def close(request, session_id: int):
    session = _session(request.user, session_id)
    try:
        services.session_close(actor=request.user, session=session)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Questions are closed. The page keeps them with their answers."))
    return redirect(session)


@login_required
@require_POST
def replay(request, session_id: int):
    session = _session(request.user, session_id)
    chosen = request.POST.get("video", "")
    video = None
    if chosen:
        video = Video.objects.visible_to(request.user).filter(pk=chosen if chosen.isdigit() else 0).first()
        if video is None:
            messages.error(request, _("Choose one of the videos you manage on the web TV."))
            return redirect(session)
    try:
        services.session_set_replay(actor=request.user, session=session, video=video)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The replay is on the session's page.") if video else _("The replay is removed."))
    return redirect(session)


@login_required
def session_new(request, theme: str):
    theme = _theme(request.user, theme)
    if not can(request.user, "network.session_open", NETWORK):
        raise Http404
    experts = [
        (role.user, f"{role.full_name} ({role.theme or ''})")
        for role in NetworkRole.objects.active().filter(kind=RoleKind.EXPERT).select_related("user", "theme")
    ]
    form = SessionForm(request.POST or None, experts=experts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expert = next((user for user, _name in experts if user.pk == data["expert"]), None)
        try:
            session = services.session_schedule(
                actor=request.user,
                theme=theme,
                title=data["title"],
                description=data["description"],
                expert=expert,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The session is scheduled and announced to the network."))
            return redirect(session)
    return render(
        request,
        "network/session_form.html",
        {"theme": theme, "space": theme.space, "form": form},
        status=400 if form.errors else 200,
    )


# The operator's page: verify roles, import the register of élus, send the invitations -------------------------


def _operator_or_404(user) -> None:
    if not can(user, "network.verify", NETWORK):
        raise Http404


def _roles_page(request, *, role_form=None, file_form=None, report=None, status=200):
    themes = list(Theme.objects.all())
    roles = list(NetworkRole.objects.for_directory().order_by("-verified_at", "pk")[:300])
    return render(
        request,
        "network/roles.html",
        {
            "space": services.hub_space(),
            "roles": roles,
            "role_form": role_form or RoleForm(themes=themes),
            "file_form": file_form or RegisterFileForm(),
            "report": report,
        },
        status=status,
    )


@login_required
def roles(request):
    _operator_or_404(request.user)
    return _roles_page(request)


@login_required
@require_POST
def role_add(request):
    _operator_or_404(request.user)
    form = RoleForm(request.POST, themes=list(Theme.objects.all()))
    if form.is_valid():
        data = form.cleaned_data
        try:
            role = services.role_add(operator=request.user, **{key: data[key] for key in form.fields})
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if role.invited_at:
                messages.success(request, _("The role is verified and the invitation is sent."))
            else:
                messages.success(request, _("The role is verified. Send its invitation from the list."))
            return redirect("network:roles")
    return _roles_page(request, role_form=form, status=400)


@login_required
@require_POST
def role_invite(request, role_id: int):
    _operator_or_404(request.user)
    role = get_object_or_404(NetworkRole, pk=role_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid e-mail address to send the invitation to."))
        return redirect("network:roles")
    try:
        services.role_invite(operator=request.user, role=role, email=form.cleaned_data["email"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The invitation is sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("network:roles")


@login_required
@require_POST
def register_import(request):
    _operator_or_404(request.user)
    form = RegisterFileForm(request.POST, request.FILES)
    upload = form.cleaned_data.get("file") if form.is_valid() else None
    if upload is None:
        form.add_error("file", _("Choose the register's file to import."))
    elif upload.size > MAX_BYTES:
        form.add_error(
            "file",
            _("This file is too big (%(size)s MB): the limit is %(limit)s MB. Import your département's extract.")
            % {"size": round(upload.size / 1_000_000, 1), "limit": MAX_BYTES // 1_000_000},
        )
    if form.errors:
        return _roles_page(request, file_form=form, status=400)
    report = rne_import(upload.read(), ends_on=form.cleaned_data["ends_on"], operator=request.user)
    return _roles_page(request, report=report, status=200 if report.imported or not report.errors else 400)
