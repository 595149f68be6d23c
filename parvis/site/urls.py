"""The URLs of the pages composed from several apps, under the names their apps gave them (accounts:profile,
territories:detail, spaces:detail), so that templates and `reverse` are unchanged: each app's own patterns, plus
the composed page."""

from django.urls import path

from parvis.accounts import urls as accounts_urls
from parvis.spaces import urls as spaces_urls
from parvis.territories import urls as territories_urls

from . import communes, profiles
from . import spaces as space_pages

account_patterns = (
    [
        *accounts_urls.urlpatterns,
        path("<int:user_id>/", profiles.profile, name="profile"),
        path("@<str:handle>/", profiles.mention, name="mention"),
    ],
    accounts_urls.app_name,
)
territory_patterns = (
    [*territories_urls.urlpatterns, path("<str:level>/<slug:slug>/", communes.detail, name="detail")],
    territories_urls.app_name,
)
# After the spaces' own patterns: "<slug>/" must not swallow their fixed words ("nouveau/", "invitations/").
space_patterns = (
    [*spaces_urls.urlpatterns, path("<slug:slug>/", space_pages.detail, name="detail")],
    spaces_urls.app_name,
)
