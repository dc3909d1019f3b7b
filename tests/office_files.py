"""Small Word and PowerPoint files made in the tests, with what editors really receive."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def png(color: tuple[int, int, int], size: tuple[int, int] = (1200, 800)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _add_footnote(document: docx.document.Document, paragraph: docx.text.paragraph.Paragraph,
                  text: str) -> None:
    """python-docx cannot write footnotes: add the part and the reference by hand."""
    xml = (f'<w:footnotes {W_NS}>'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           '</w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
           '<w:continuationSeparator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
           '</w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(
        f'<w:r {W_NS}><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign '
        'w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))


def make_docx(path: Path, *, title: str = "Regnbede i Åparken") -> Path:
    """A case as a housing organisation sends it: title as Heading 1, æøå, a table, a
    footnote, two images (one without alt text), a fact box, a quote, a comment, a
    tracked deletion."""
    document = docx.Document()
    document.core_properties.title = title
    styles = document.styles
    styles.add_style("Faktaboks", WD_STYLE_TYPE.PARAGRAPH)
    styles.add_style("Billedtekst", WD_STYLE_TYPE.PARAGRAPH)
    document.add_heading(title, level=1)
    intro = document.add_paragraph("Afdelingen Åparken i Ølstykke har gravet tre regnbede, "
                                   "så regnvandet bliver på grunden.")
    _add_footnote(document, intro, "Tallene er fra afdelingens driftsplan.")
    document.add_heading("Baggrund", level=2)
    para = document.add_paragraph("Beboerne ønskede mere ")
    para.add_run("grøn").bold = True
    para.add_run(" natur og færre oversvømmede kældre.")
    document.add_comment(para.runs[0], text="Tjek årstallet med driftslederen",
                         author="Mette Jensen", initials="MJ")
    document.add_paragraph("Planter i bedene", style="List Bullet")
    document.add_paragraph("Sten og grus i bunden", style="List Bullet")
    box = document.add_paragraph("Et regnbed kan tage imod vand fra 100 m² tag.",
                                 style="Faktaboks")
    assert box.style is not None
    quote = document.add_paragraph("Vi kan se, at børnene leger ved bedene.", style="Quote")
    assert quote.style is not None
    table = document.add_table(rows=3, cols=2)
    for row, (a, b) in enumerate([("År", "Antal bede"), ("2022", "1"), ("2023", "3")]):
        table.cell(row, 0).text = a
        table.cell(row, 1).text = b
    with_alt = document.add_paragraph()
    with_alt.add_run().add_picture(io.BytesIO(png((40, 120, 60))), width=Cm(8))
    docpr = with_alt._p.xpath(".//wp:docPr")[0]
    docpr.set("descr", "Et regnbed med græsser foran en gul boligblok")
    document.add_paragraph("Det første regnbed. Foto: Åparkens drift", style="Billedtekst")
    without_alt = document.add_paragraph()
    without_alt.add_run().add_picture(io.BytesIO(png((200, 180, 40), (900, 600))),
                                      width=Cm(6))
    without_alt._p.xpath(".//wp:docPr")[0].set("descr", "")
    last = document.add_paragraph("Projektet fortsætter i 2024.")
    last._p.append(parse_xml(
        f'<w:del {W_NS} w:id="90" w:author="Mette Jensen" w:date="2024-01-01T00:00:00Z">'
        '<w:r><w:delText xml:space="preserve"> Og det bliver dyrt.</w:delText></w:r>'
        '</w:del>'))
    document.save(str(path))
    return path


def make_pptx(path: Path, *, title: str = "Grønne tage på Østerbro") -> Path:
    """A presenter's deck: a title slide with date and place, bullets on two levels,
    speaker notes, a picture with alt text, and a hidden slide."""
    deck = Presentation()
    deck.core_properties.title = title
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = "ERFA-møde, København, 23. maj 2023"
    second = deck.slides.add_slide(deck.slide_layouts[1])
    second.shapes.title.text = "Hvorfor grønne tage?"
    body = second.placeholders[1].text_frame
    body.text = "Mindre regnvand i kloakken"
    sub = body.add_paragraph()
    sub.text = "Op til halvdelen af årsnedbøren"
    sub.level = 1
    body.add_paragraph().text = "Flere bier og sommerfugle"
    second.notes_slide.notes_text_frame.text = "Her fortalte hun om de første målinger."
    third = deck.slides.add_slide(deck.slide_layouts[5])
    third.shapes.title.text = "Sådan ser det ud"
    picture = third.shapes.add_picture(io.BytesIO(png((60, 140, 80))), Inches(1), Inches(2),
                                       width=Inches(4))
    picture._element.nvPicPr.cNvPr.set("descr", "Sedumtag med gule blomster på en carport")
    hidden = deck.slides.add_slide(deck.slide_layouts[1])
    hidden.shapes.title.text = "Ekstra dias"
    hidden._element.set("show", "0")
    deck.save(str(path))
    return path


MEETING_DATE = dt.date(2023, 5, 23)
