"""Django's STORAGES from the environment (read by parvis/settings.py, so nothing here imports Django's models).

Two media storages beside the static files: "default", public (a web server or a CDN may publish it as it is:
avatars), and "private", whose files only leave through `parvis.core.media.serve`, after the visibility rule of
what carries them. On the filesystem the private files live outside MEDIA_ROOT; on S3 they are in their own
location (or bucket), never public, and a reader who passed the rule is sent to a signed URL that expires."""

from collections.abc import Mapping

S3_BACKEND = "storages.backends.s3.S3Storage"
PRIVATE_FILESYSTEM_BACKEND = "parvis.core.media.PrivateFileSystemStorage"


def storages_from(env: Mapping[str, str]) -> dict:
    """Filesystem storages by default; S3-compatible ones when PARVIS_S3_BUCKET is given."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": PRIVATE_FILESYSTEM_BACKEND},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    bucket = env.get("PARVIS_S3_BUCKET", "")
    if not bucket:
        return storages
    common = {
        "endpoint_url": env.get("PARVIS_S3_ENDPOINT_URL") or None,
        "access_key": env.get("PARVIS_S3_ACCESS_KEY_ID") or None,
        "secret_key": env.get("PARVIS_S3_SECRET_ACCESS_KEY") or None,
        "region_name": env.get("PARVIS_S3_REGION") or None,
        # Names are random and files never rewritten: an existing name is a collision to avoid, not to overwrite.
        "file_overwrite": False,
    }
    storages["default"] = {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            **common,
            "bucket_name": bucket,
            "location": env.get("PARVIS_S3_PUBLIC_LOCATION", "public"),
            # Public files are read through plain URLs (the bucket policy, or a CDN, publishes this location).
            "querystring_auth": False,
            "custom_domain": env.get("PARVIS_S3_PUBLIC_DOMAIN") or None,
        },
    }
    storages["private"] = {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            **common,
            "bucket_name": env.get("PARVIS_S3_PRIVATE_BUCKET") or bucket,
            "location": env.get("PARVIS_S3_PRIVATE_LOCATION", "private"),
            "default_acl": "private",
            # Every URL of a private file is signed and expires: one given by the checking view cannot be passed on
            # for long, and one built by mistake elsewhere does not work without the signature.
            "querystring_auth": True,
            "querystring_expire": int(env.get("PARVIS_S3_URL_EXPIRE", "300")),
        },
    }
    return storages
