from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from parvis.accounts import views as accounts_views
from parvis.api import api
from parvis.core import media
from parvis.core import styleguide as core_styleguide
from parvis.core import views as core_views
from parvis.core.pagecache import cache_urls_for_visitors
from parvis.hosting import views as hosting_views
from parvis.moderation import views as moderation_views
from parvis.site import dashboard, onboarding, queue_views
from parvis.site import home as site_home
from parvis.site import urls as site_urls
from parvis.spaces import journal as spaces_journal

urlpatterns = [
    path("", site_home.home, name="home"),
    path("publier/", site_home.home_publish, name="home_publish"),
    path("communes/", site_home.communes, name="communes"),
    path("bienvenue/", onboarding.welcome, name="welcome"),
    path("bienvenue/rejoindre/<slug:slug>/", onboarding.welcome_join, name="welcome_join"),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_views.metrics_view, name="metrics"),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("hors-ligne/", core_views.offline, name="offline"),
    path("style/", core_styleguide.style_guide, name="style_guide"),
    path("a-traiter/", queue_views.queues, name="queues"),
    path("mon-espace/", dashboard.dashboard, name="dashboard"),
    # Django's switch, which also remembers the language of a signed-in person's e-mails.
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("profil/mes-donnees/", include("parvis.rights.urls")),
    path("profil/", include(site_urls.account_patterns)),
    path("", include("parvis.posts.urls")),
    path("", include("parvis.polls.urls")),
    path("", include("parvis.toolbox.urls")),
    path("alertes/", include("parvis.alerts.urls")),
    path("", include("parvis.bulletins.urls")),
    path("", include("parvis.tv.urls")),
    path("", include("parvis.counter.urls")),
    path("", include("parvis.procedures.urls")),
    path("", include("parvis.network.urls")),
    path("recherche/", include("parvis.search.urls")),
    path("", include("parvis.federation.urls")),
    path("agenda/", include("parvis.agenda.urls")),
    path("territoires/", include(site_urls.territory_patterns)),
    path("espaces/", include(site_urls.space_patterns)),
    path("moderation/", include("parvis.moderation.urls")),
    path("notifications/", include("parvis.notifications.urls")),
    path("voisins/", include("parvis.neighbours.urls")),
    path("messages/", include("parvis.messaging.urls")),
    path("annuaire/", include("parvis.directory.urls")),
    path("chiffres/", include("parvis.figures.urls")),
    path("donnees/", include("parvis.opendata.urls")),
    path("", include("parvis.digest.urls")),
    path("facile/", include("parvis.easyread.urls")),
    # Files of posts, listings, events: served after their carrier's visibility rule (parvis/core/media.py).
    path("fichiers/<slug:kind>/<int:pk>/<slug:field>/", media.media_file, name="media_file"),
    path("charte/", moderation_views.charter, name="charter"),
    # Mentions légales, privacy notice, accessibility statement, terms of use, contact, source code.
    path("", include("parvis.legal.urls")),
    path("journal/", spaces_journal.operator_journal, name="audit_journal"),
    path("registre-hebergement/", hosting_views.hosting_log, name="hosting_log"),
    path("api/v1/", cache_urls_for_visitors(api.urls)),
    # Before the administration's URLs: its own sign-in form would skip the second factor and the limits.
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "parvis.core.views.error_404"
handler500 = "parvis.core.views.error_500"
