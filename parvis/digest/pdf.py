"""The weekly digest as an A4 PDF, drawn with reportlab (pure Python: nothing to install on the server).

Text only in the standard Helvetica, whose Windows-1252 encoding covers French; each entry with its QR code. The
page streams are left uncompressed: the file stays small (a few dozen kilobytes, text and squares) and its words
remain searchable by the tests that look for what must never be printed."""

import io
from xml.sax.saxutils import escape

import segno
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

QR_SIZE = 24 * mm
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=20, leading=24, spaceAfter=4 * mm)
SUBTITLE = ParagraphStyle("subtitle", fontName="Helvetica", fontSize=12, leading=16, spaceAfter=6 * mm)
HEADING = ParagraphStyle(
    "heading", fontName="Helvetica-Bold", fontSize=15, leading=19, spaceBefore=5 * mm, spaceAfter=3 * mm
)
ENTRY = ParagraphStyle("entry", fontName="Helvetica-Bold", fontSize=12, leading=15)
DETAIL = ParagraphStyle("detail", fontName="Helvetica", fontSize=11, leading=14)


class QrCode(Flowable):
    """A QR code drawn as one filled path, a rectangle per run of dark modules in a row: segno computes the matrix
    (the same code as the page's SVG), and the PDF holds a few hundred rectangles instead of one shape per module."""

    def __init__(self, url: str, size: float = QR_SIZE):
        super().__init__()
        self.matrix = segno.make(url, error="m").matrix
        self.width = self.height = size

    def draw(self):
        border = 4  # the quiet zone the QR standard asks for around the code, inside its square
        count = len(self.matrix) + 2 * border
        module = self.width / count
        path = self.canv.beginPath()
        for row_index, row in enumerate(self.matrix):
            y = self.height - (row_index + border + 1) * module
            column = 0
            while column < len(row):
                if row[column]:
                    start = column
                    while column < len(row) and row[column]:
                        column += 1
                    path.rect((start + border) * module, y, (column - start) * module, module)
                else:
                    column += 1
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "l j F, H:i") if value else ""


def _entry(line) -> list:
    entry = line.entry
    text = [Paragraph(escape(entry.title), ENTRY)]
    detail = " · ".join(part for part in (_when(entry.when), entry.where) if part)
    if detail:
        text.append(Paragraph(escape(detail), DETAIL))
    if entry.summary:
        text.append(Paragraph(escape(entry.summary), DETAIL))
    text.append(Paragraph(escape(entry.url), DETAIL))
    return [text, QrCode(entry.url)]


def render(*, title: str, subtitle: str, sections, footer: str) -> bytes:
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        lang="fr",
        pageCompression=0,
        invariant=1,
    )
    story = [Paragraph(escape(title), TITLE), Paragraph(escape(subtitle), SUBTITLE)]
    for section in sections:
        story.append(Paragraph(escape(section.heading), HEADING))
        if not section.lines:
            story.append(Paragraph(escape(section.empty), DETAIL))
            continue
        for line in section.lines:
            table = Table([_entry(line)], colWidths=[document.width - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm])
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                    ]
                )
            )
            story.append(KeepTogether([table, Spacer(1, 2 * mm)]))

    def page_footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(15 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, _("Page %(number)d") % {"number": doc.page})
        canvas.restoreState()

    document.build(story, onFirstPage=page_footer, onLaterPages=page_footer)
    return out.getvalue()
