"""HTML built in Python, escaped where it is built, so that templates never need `|safe` on data."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Inside <script>, the HTML parser ends the element at the first "</script" whatever the JSON around it: "<", ">"
# and "&" written as JSON escapes keep a title such as "</script><script>…" data (the escapes of `json_script`).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_script(data) -> SafeString:
    """JSON that can stand between <script> and </script> without ending the element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped just above


def json_ld_script(data: dict) -> SafeString:
    """A schema.org JSON-LD block: a data block, never run as a script, so it needs no CSP nonce."""
    return format_html('<script type="application/ld+json">{}</script>', json_for_script(data))
