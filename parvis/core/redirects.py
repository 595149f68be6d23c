"""Where to send a person back after a form: a `next` field or the referer, only if it stays on this site."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, *, fallback, use_referer: bool = False):
    """A redirect to the request's `next` (POST, then GET), or the referer when asked, if it points to this site;
    otherwise to `fallback` (anything `redirect` takes). `//host`, `https:host`, `\\\\host` and other hosts are refused
    by Django's own check, which knows the browsers' quirks."""
    candidates = [request.POST.get("next", ""), request.GET.get("next", "")]
    if use_referer:
        candidates.append(request.headers.get("Referer", ""))
    for target in candidates:
        target = str(target).strip()
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
    return redirect(fallback)
