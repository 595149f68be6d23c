"""The static files storage used with DEBUG off."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names (cached for a year by browsers) and gzip copies, made by `collectstatic`.

    Not strict: an instance started without `collectstatic` (the benchmark's gunicorn) still renders its pages, with
    plain file names, instead of failing on every `{% static %}`. Only the stylesheets' `url()` and `@import` are
    rewritten: the vendored scripts name source maps that are not shipped (leaflet.js.map), which would stop
    `collectstatic`, and no script of ours imports another by a relative path."""

    manifest_strict = False
    patterns = (
        (
            "*.css",
            (
                r"""(?P<matched>url\(['"]{0,1}\s*(?P<url>.*?)["']{0,1}\))""",
                (r"""(?P<matched>@import\s*["']\s*(?P<url>.*?)["'])""", """@import url("%(url)s")"""),
            ),
        ),
    )

    def url(self, name, force=False):
        """The hashed URL of `name`, worked out once per process: the manifest does not change while it runs, and a
        page asks for a few dozen icons and stylesheets (each a manifest lookup and a URL join otherwise)."""
        if force:
            return super().url(name, force)
        urls = self.__dict__.setdefault("_parvis_urls", {})
        found = urls.get(name)
        if found is None:
            found = urls[name] = super().url(name)
        return found
