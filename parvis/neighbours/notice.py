"""The residence notice: the sheet a landlord pins in each building's hall and slips into letterboxes, with the
residence code and a QR code that opens the page where a resident types it (already filled in)."""

from dataclasses import dataclass

import segno
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from parvis.core.links import absolute_url

from .models import Residence, ResidenceCode
from .services import residence_can_manage

# One sheet per building; past this a landlord prints the same sheet several times (a page of hundreds of identical
# sheets would only slow the browser down).
MAX_SHEETS = 60


@dataclass(frozen=True)
class Sheet:
    building: int  # 1-based; 0 when the residence has a single building
    code: ResidenceCode
    join_url: str
    qr_svg: SafeString


def may_print(*, user, residence: Residence) -> bool:
    """Who may open the notice: whoever manages the residence (the one check, to swap for the permission module)."""
    return residence_can_manage(user=user, residence=residence)


def chosen_code(codes: list[ResidenceCode], asked: str) -> ResidenceCode | None:
    """The code the landlord picked (?code=<id>) among the usable ones; otherwise the newest code meant for several
    homes (a notice in a hall is read by every household), otherwise the newest usable one."""
    by_id = {str(code.pk): code for code in codes}
    if asked in by_id:
        return by_id[asked]
    shared = [code for code in codes if code.max_uses > 1]
    return (shared or codes or [None])[0]


def join_url(code: ResidenceCode) -> str:
    """The page where a resident enters the code, with the code already typed: scanning is joining in one step."""
    return absolute_url(reverse("neighbours:code") + f"?code={code.code}")


def qr_svg(url: str) -> SafeString:
    # Medium error correction survives a folded or slightly dirty sheet. The SVG is built by segno from the URL
    # (which only shapes the squares, never appears as text), so it carries nothing a visitor could inject; the
    # picture is hidden from screen readers, since the address is printed as text beside it.
    svg = segno.make(url, error="m").svg_inline(omitsize=True, svgclass="notice__qr-image", lineclass=None)
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308


def sheets(*, residence: Residence, code: ResidenceCode) -> list[Sheet]:
    url = join_url(code)
    svg = qr_svg(url)  # the same for every building: drawn once
    count = min(residence.buildings or 1, MAX_SHEETS)
    numbers = [0] if count == 1 else range(1, count + 1)
    return [Sheet(building=number, code=code, join_url=url, qr_svg=svg) for number in numbers]
