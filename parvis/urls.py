from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from parvis.accounts import views as accounts_views
from parvis.api import api
from parvis.core import media
from parvis.core import views as core_views
from parvis.moderation import views as moderation_views
from parvis.site import queue_views
from parvis.site import views as site_views
from parvis.spaces import journal as spaces_journal

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("a-traiter/", queue_views.queues, name="queues"),
    # Django's switch, which also remembers the language of a signed-in person's e-mails.
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("profil/", include("parvis.accounts.urls")),
    path("", include("parvis.posts.urls")),
    path("recherche/", include("parvis.search.urls")),
    path("agenda/", include("parvis.agenda.urls")),
    path("territoires/", include("parvis.territories.urls")),
    path("espaces/", include("parvis.spaces.urls")),
    path("moderation/", include("parvis.moderation.urls")),
    path("notifications/", include("parvis.notifications.urls")),
    path("voisins/", include("parvis.neighbours.urls")),
    path("messages/", include("parvis.messaging.urls")),
    path("annuaire/", include("parvis.directory.urls")),
    # Files of posts, listings, events: served after their carrier's visibility rule (parvis/core/media.py).
    path("fichiers/<slug:kind>/<int:pk>/<slug:field>/", media.media_file, name="media_file"),
    path("charte/", moderation_views.charter, name="charter"),
    path("journal/", spaces_journal.operator_journal, name="audit_journal"),
    path("api/v1/", api.urls),
    # Before the administration's URLs: its own sign-in form would skip the second factor and the limits.
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "parvis.core.views.error_404"
handler500 = "parvis.core.views.error_500"
