"""The plan as an editable Word document (python-docx).

Word's own heading styles carry the structure (Heading 1 for parts and
sections, Heading 2 for focus areas, Heading 3 for goals, Heading 4 for
sub-goals), so Word's navigation pane and its table of contents work; the
follow-up is a two-column table, Documentation | Follow-up, as in print.
"""

import io

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from virkplan.core.display import content_language, markdown_blocks, number, target
from virkplan.plans.models import Goal, Plan, PlanFocusArea, PlanStatus

from .charts import chart_description, status_chart_png
from .combined import part_title
from .docx_ooxml import (
    ContentsEntry,
    bookmark,
    contents,
    contents_styles,
    describe_picture,
    embed_font,
    field,
    keep_rows_whole,
    repeat_as_header,
    set_language,
    set_widths,
    shade,
    text_upwards,
    use_font,
)
from .pdf import FONT_FAMILY, anchor_pages, font_file
from .selectors import PlanReport

# The PDF's typeface (reports.pdf), so both documents look alike; the layout follows
# print.css too (page, margins, sizes, where pages break), so a heading starts on the page
# the PDF shows it on, and the contents can give the PDF's page numbers.
FONT = FONT_FAMILY
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x45, 0x45, 0x45)
ACCENT = RGBColor(0x00, 0x4D, 0x99)
HEADER_FILL = "E6EEF7"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = Mm(27), Mm(20), Mm(20), Mm(22)
TEXT_WIDTH = Mm(210 - 22 - 20)
CHART_WIDTH = Mm(78)  # print.css's .vp-chart-image: the chart's text as large as the body's
CONTENTS_FIELD = 'TOC \\o "1-2" \\h \\z \\u'
# The files Word takes its regular, bold, italic and bold italic text from, embedded in the
# document (the typeface's licence, the SIL Open Font License, allows it).
EMBEDDED_FACES = {
    "Regular": "IBMPlexSans-Regular.ttf",
    "Bold": "IBMPlexSans-Bold.ttf",
    "Italic": "IBMPlexSans-Italic.ttf",
    "BoldItalic": "IBMPlexSans-BoldItalic.ttf",
}
# Heading level: size in points, colour, space after in mm, as print.css's h2, focus area, goal
HEADINGS = {1: (18, ACCENT, 5), 2: (15, TEXT, 3), 3: (10.5, TEXT, 2), 4: (10.5, TEXT, 2)}


def _language_tag(code: str) -> str:
    return {"da": "da-DK", "en": "en-GB"}.get(code, code)


def _bookmark_name(anchor: str) -> str:
    """A hidden bookmark (Word's "_Toc" kind) for the PDF element `anchor`."""
    return "_Toc_" + anchor.replace("-", "_")


def _set_styles(document: DocumentObject) -> None:
    """One font in every style, and print.css's sizes and spacing."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.font.color.rgb = TEXT
    normal.paragraph_format.line_spacing = 1.45
    normal.paragraph_format.space_after = Mm(2.5)
    for level, (size, colour, after) in HEADINGS.items():
        style = document.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = True
        style.font.italic = False
        style.paragraph_format.space_before = Mm(6) if level >= 3 else Pt(0)
        style.paragraph_format.space_after = Mm(after)
        style.paragraph_format.line_spacing = 1.25
    for name in ("Header", "Footer"):
        document.styles[name].font.size = Pt(7.5)
        document.styles[name].font.color.rgb = MUTED
    contents_styles(document, text_width=TEXT_WIDTH)
    use_font(document, FONT)
    # Embedded, so the document shows in it (and breaks its pages as the PDF does) on
    # computers that do not have it.
    found = {face: font_file(name) for face, name in EMBEDDED_FACES.items()}
    embed_font(document, FONT, {face: path.read_bytes() for face, path in found.items() if path})


def _add_markdown(container, text: str, *, heading_level: int) -> None:
    """Users' Markdown as paragraphs of the container; its headings at `heading_level`."""
    for block in markdown_blocks(text):
        if block.kind == "heading":
            paragraph = container.add_paragraph(style=f"Heading {heading_level}")
        elif block.kind == "bullet":
            style = "List Bullet" if block.level == 1 else f"List Bullet {min(block.level, 3)}"
            paragraph = container.add_paragraph(style=style)
        elif block.kind == "number":
            paragraph = container.add_paragraph(style="List Paragraph")
            paragraph.add_run(f"{block.marker} ")
        elif block.kind == "quote":
            paragraph = container.add_paragraph(style="Quote")
        else:
            paragraph = container.add_paragraph()
        for run in block.runs:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if run.code:
                added.font.name = "Consolas"


def _criterion(paragraph: Paragraph, criterion) -> None:
    paragraph.add_run(criterion.text)
    if criterion.has_target:
        paragraph.add_run(" ")
        label = paragraph.add_run(_("Target:") + " " + target(criterion))
        label.bold = True
        label.font.color.rgb = ACCENT


class _Writer:
    """Writes one plan into a Word document, part by part."""

    def __init__(self, report: PlanReport) -> None:
        self.report = report
        self.plan = report.plan
        self.document = Document()
        self.toc: list[tuple[int, str, str]] = []  # level, text, the PDF's id for it
        # The name the unit signs its documents with, as in print.
        self.unit_name = report.plan.unit.display_formal_name

    def heading(self, text: str, level: int, *, anchor: str, new_page: bool) -> Paragraph:
        """A part's, section's or focus area's heading, where the PDF has it: `anchor` is its
        id there, `new_page` whether the PDF starts a page with it."""
        paragraph = self.document.add_heading(text, level=level)
        paragraph.paragraph_format.page_break_before = new_page or None
        bookmark(paragraph, _bookmark_name(anchor), len(self.toc) + 1)
        self.toc.append((level, text, anchor))
        return paragraph

    def write(self) -> bytes:
        self.page_setup()
        self.properties()
        self.front_page()
        contents = self.contents_placeholder()
        for n, section in enumerate(self.plan.sections.all(), start=1):
            self.heading(section.title, 1, anchor=f"section-{n}", new_page=n == 1)
            for highlight in section.highlights:
                self.document.add_paragraph(highlight, style="Intense Quote")
            _add_markdown(self.document, section.body, heading_level=2)
        if self.report.status_part:
            self.status_overview()
        if self.plan.plan_focus_areas.all():
            self.focus_areas()
        if self.report.previous:
            self.previous_follow_up(self.report.previous)
        self.fill_contents(contents)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def page_setup(self) -> None:
        """print.css's page: A4, its margins, the running header and page number in them."""
        _set_styles(self.document)
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.right_margin = MARGIN_TOP, MARGIN_RIGHT
        section.bottom_margin, section.left_margin = MARGIN_BOTTOM, MARGIN_LEFT
        section.header_distance = section.footer_distance = Mm(10)
        section.different_first_page_header_footer = True
        section.header.paragraphs[0].text = f"{self.plan.title} · {self.unit_name}"
        footer = section.footer.paragraphs[0]
        footer.add_run(_("Page") + " ")
        field(footer, "PAGE", "1")
        set_language(self.document, _language_tag(content_language()))

    def properties(self) -> None:
        properties = self.document.core_properties
        properties.title = f"{self.plan.title} – {self.unit_name}"
        properties.author = self.unit_name
        properties.last_modified_by = self.unit_name
        properties.subject = str(self.plan.get_kind_display())
        properties.language = _language_tag(content_language())
        properties.created = self.plan.created_at
        properties.modified = self.plan.updated_at
        properties.revision = self.plan.version
        properties.comments = ""
        properties.keywords = self.plan.period_label
        # python-docx's template carries a picture of another document, which file
        # browsers would show as this plan's thumbnail.
        package_relationships = self.document.part.package.rels
        for key, relationship in list(package_relationships.items()):
            if relationship.reltype == RT.THUMBNAIL:
                package_relationships.pop(key)

    def front_page(self) -> None:
        document, plan, report = self.document, self.plan, self.report
        municipality = report.municipality if report.municipality != plan.unit else None
        if municipality:
            above = document.add_paragraph().add_run(municipality.name)
            above.bold = True
            above.font.color.rgb = MUTED
        title = document.add_paragraph(plan.title, style="Title")
        title.paragraph_format.space_before = Pt(120)
        unit = document.add_paragraph().add_run(self.unit_name)
        unit.font.size = Pt(18)
        unit.font.color.rgb = ACCENT
        if plan.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
            status = document.add_paragraph().add_run(capfirst(str(plan.get_status_display())))
            status.bold = True
        contact = document.add_paragraph()
        contact.paragraph_format.space_before = Pt(160)
        groups = self.contact_lines()
        for n, group in enumerate(groups):
            if n:
                contact.add_run().add_break()
            for m, line in enumerate(group):
                run = contact.add_run(line)
                run.font.size = Pt(9)
                run.bold = (n, m) == (0, 0) or None
                if m < len(group) - 1 or n < len(groups) - 1:
                    run.add_break()

    def contact_lines(self) -> list[list[str]]:
        """The front page's contact block: who, where; web and e-mail; telephone and fax."""
        plan, report, contact = self.plan, self.report, self.report.contact
        who = [self.unit_name]
        if report.municipality and report.municipality != plan.unit:
            who.append(report.municipality.name)
        if contact is None:
            return [who]
        who += [part.strip() for part in contact.address.split(",") if part.strip()]
        online = [line for line in (contact.web, contact.email) if line]
        phones = []
        if contact.phone:
            phones.append(_("Tel. %(number)s") % {"number": contact.phone})
        if contact.fax:
            phones.append(_("Fax %(number)s") % {"number": contact.fax})
        return [group for group in (who, online, phones) if group]

    def contents_placeholder(self) -> Paragraph:
        heading = self.document.add_paragraph(_("Contents"), style="TOC Heading")
        heading.paragraph_format.page_break_before = True
        return self.document.add_paragraph()

    def fill_contents(self, paragraph: Paragraph) -> None:
        """The contents as a field Word can refresh, written out with the PDF's page numbers.

        The document is laid out as the PDF is (same page, font, sizes and page breaks), so
        each heading starts on the page the PDF starts it on, as far as two programs' line
        breaking agree; Word is never asked to update fields when the file is opened.
        """
        pages = anchor_pages(self.report)
        entries = [
            ContentsEntry(level, text, _bookmark_name(anchor), pages.get(anchor))
            for level, text, anchor in self.toc
        ]
        contents(paragraph, CONTENTS_FIELD, entries)

    def status_overview(self) -> None:
        summary = self.report.summary
        self.heading(_("Status overview"), 1, anchor="status", new_page=True)
        total = summary.total
        self.document.add_paragraph(summary.lead()).runs[0].font.size = Pt(11.5)
        self.status_chart()
        self.document.add_paragraph(
            _("Goals by status, per focus area and in total"), style="Caption"
        )
        headings = [
            _("Focus area"),
            _("Goals"),
            *(capfirst(str(status.label)) for status in summary.statuses),
            _("Follow-ups written"),
        ]
        table = self.document.add_table(rows=1, cols=len(headings), style="Table Grid")
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, headings, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            shade(cell, HEADER_FILL)
        # The numbers' headings run upwards, so eleven columns fit across the page.
        for cell in table.rows[0].cells[1:]:
            text_upwards(cell)
        table.rows[0].height = Mm(28)
        repeat_as_header(table.rows[0])
        for row in [*summary.rows, total]:
            values = [
                row.title,
                number(row.goals),
                *(number(count) for _status, count in row.cells()),
                number(row.follow_ups),
            ]
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
                if row is total:
                    cell.paragraphs[0].runs[0].bold = True
        widths = [Mm(46)] + [Mm(12)] * (len(headings) - 1)
        set_widths(table, widths)
        keep_rows_whole(table)
        for row in table.rows:
            for n, cell in enumerate(row.cells):
                if n and row is not table.rows[0]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8)

    def status_chart(self) -> None:
        """The status page's chart as a picture, its title and note above it, as in the PDF."""
        title = self.document.add_paragraph().add_run(_("Goals by status for each focus area"))
        title.bold = True
        title.font.size = Pt(11)
        note = self.document.add_paragraph().add_run(_("The numbers are in the table below."))
        note.font.size = Pt(9)
        note.font.color.rgb = MUTED
        picture = status_chart_png(summary=self.report.summary, font_family=FONT)
        run = self.document.add_paragraph().add_run()
        run.add_picture(io.BytesIO(picture), width=CHART_WIDTH)
        describe_picture(run, chart_description())

    def focus_areas(self) -> None:
        plan = self.plan
        title = _("Follow-up") if self.report.followed_up else _("Focus areas")
        self.heading(title, 1, anchor="focus-areas", new_page=True)
        _add_markdown(self.document, plan.follow_up_intro, heading_level=2)
        _add_markdown(self.document, plan.focus_area_intro, heading_level=2)
        for n, pfa in enumerate(plan.plan_focus_areas.all(), start=1):
            self.focus_area(pfa, plan, anchor=f"focus-area-{n}")

    def focus_area(self, pfa: PlanFocusArea, plan: Plan, *, anchor: str) -> None:
        """A focus area, following the one before it on the same page, as in print."""
        self.heading(str(pfa.focus_area), 2, anchor=anchor, new_page=False)
        set_by = pfa.focus_area.set_by
        if set_by and set_by != plan.unit:
            note = self.document.add_paragraph().add_run(
                _("Set by %(unit)s for every department's plan.") % {"unit": set_by.name}
            )
            note.italic = True
            note.font.color.rgb = MUTED
        _add_markdown(self.document, pfa.focus_area.body, heading_level=4)
        _add_markdown(self.document, pfa.unit_text, heading_level=4)
        for goal in pfa.top_goals:
            self.goal(goal, level=3)

    def previous_follow_up(self, previous: PlanReport) -> None:
        """The previous plan's follow-up as the document's last part (reports.combined)."""
        plan = previous.plan
        self.heading(part_title(plan), 1, anchor="previous-follow-up", new_page=True)
        self.document.add_paragraph(f"{plan.unit.name} · {plan.period_label}").runs[
            0
        ].font.color.rgb = MUTED
        _add_markdown(self.document, plan.follow_up_intro, heading_level=2)
        for n, pfa in enumerate(plan.plan_focus_areas.all(), start=1):
            self.focus_area(pfa, plan, anchor=f"previous-focus-area-{n}")

    def goal(self, goal: Goal, *, level: int) -> None:
        label = _("Goal") + (f" {goal.ref}" if goal.ref else "") + ": "
        heading = self.document.add_heading(level=min(level, 9))
        heading.add_run(label)
        heading.add_run(goal.statement)
        status = self.report.printed_status(goal)
        if status is not None:
            words = capfirst(status.label)
            if status.progress is not None:
                reached = _("%(percent)s %% reached") % {"percent": number(status.progress)}
                words = f"{words}, {reached}"
            heading.add_run(f" · {words}").font.color.rgb = MUTED
        if goal.responsible_unit:
            responsible = _("Responsible:")  # outside the f-string, where makemessages looks
            self.document.add_paragraph(f"{responsible} {goal.responsible_unit.name}").runs[
                0
            ].font.color.rgb = MUTED
        if goal.follow_ups.all():
            self.follow_up_table(goal)
        elif goal.criteria.all():
            self.document.add_paragraph().add_run(_("Documentation") + ":").bold = True
            for criterion in goal.criteria.all():
                _criterion(self.document.add_paragraph(style="List Bullet"), criterion)
        for sub in goal.subgoal_list:
            self.goal(sub, level=level + 1)

    def follow_up_table(self, goal: Goal) -> None:
        table = self.document.add_table(rows=1, cols=2, style="Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, text in zip(
            table.rows[0].cells, (_("Documentation"), _("Follow-up")), strict=True
        ):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            shade(cell, HEADER_FILL)
        repeat_as_header(table.rows[0])
        for row in goal.followup_rows:
            left, right = table.add_row().cells
            if row.criteria:
                for n, criterion in enumerate(row.criteria):
                    _criterion(left.paragraphs[0] if n == 0 else left.add_paragraph(), criterion)
            else:
                left.paragraphs[0].add_run(_("The goal as a whole")).italic = True
            if not row.follow_ups:
                right.paragraphs[0].add_run(_("No follow-up")).italic = True
            # No status on each paragraph: the goal's heading carries its one status.
            for follow_up in row.follow_ups:
                if follow_up.date:
                    dated = right.add_paragraph().add_run(
                        date_format(follow_up.date, "DATE_FORMAT")
                    )
                    dated.bold = True
                _add_markdown(right, follow_up.text, heading_level=5)
            if len(right.paragraphs) > 1 and not right.paragraphs[0].text:
                # The cell's own first paragraph stayed empty: drop it, not leave a blank line.
                right._tc.remove(right.paragraphs[0]._p)
        set_widths(table, [Mm(84), Mm(84)])
        keep_rows_whole(table)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9.5)
        self.document.add_paragraph()


def plan_docx(report: PlanReport) -> bytes:
    """The plan as a .docx file, titled and authored by its unit, in the active language."""
    return _Writer(report).write()
