"""The static files storage used with DEBUG off."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names (cached for a year by browsers) and gzip/brotli copies, made by `collectstatic`.

    Not strict: an instance started without `collectstatic` (the benchmark's gunicorn) still renders its pages, with
    plain file names, instead of failing on every `{% static %}`."""

    manifest_strict = False
