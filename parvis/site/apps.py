from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "parvis.site"
    # "site" alone reads like django.contrib.sites' object; the label names the app in migrations and templates.
    label = "parvis_site"
