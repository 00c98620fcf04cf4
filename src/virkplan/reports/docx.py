"""The plan as an editable Word document (python-docx).

Word's own heading styles carry the structure (Heading 1 for parts and
sections, Heading 2 for focus areas, Heading 3 for goals, Heading 4 for
sub-goals), so Word's navigation pane and its table of contents work; the
follow-up is a two-column table, Documentation | Follow-up, as in print.
"""

import io
from collections.abc import Sequence
from dataclasses import replace

from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from virkplan.core.display import content_language, markdown_blocks, number, target
from virkplan.plans.models import Goal, Plan, PlanFocusArea, PlanStatus

from .combined import part_title
from .orgchart import OrganisationChart, organisation_chart_svg
from .pictures import Picture, fitted, logo_picture, svg_png
from .selectors import PlanReport

# Arial is on every office computer, and LibreOffice has a metric twin of it,
# so the document looks the same wherever it is opened and edited.
FONT = "Arial"
MUTED = RGBColor(0x45, 0x45, 0x45)
ACCENT = RGBColor(0x00, 0x4D, 0x99)
HEADER_FILL = "E6EEF7"


def _language_tag(code: str) -> str:
    return {"da": "da-DK", "en": "en-GB"}.get(code, code)


def _field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (page number, table of contents) whose result Word fills in."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    if shown:
        paragraph.add_run(shown)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _set_language(document: DocumentObject, code: str) -> None:
    """The language Word checks spelling in: the plans' language."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(qn("w:rPrDefault"))
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), _language_tag(code))


def _use_font(document: DocumentObject) -> None:
    """Every style in one font: the template's theme fonts (Calibri, Cambria) are not everywhere."""
    for element in document.styles.element.iter(qn("w:rFonts")):
        for attribute in list(element.attrib):
            if attribute.endswith("Theme"):
                del element.attrib[attribute]
        for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            element.set(qn(script), FONT)
    document.styles["Normal"].font.name = FONT
    document.styles["Normal"].font.size = Pt(10)
    for name in ("Header", "Footer"):
        document.styles[name].font.size = Pt(8)
        document.styles[name].font.color.rgb = MUTED


def _update_fields_on_open(document: DocumentObject) -> None:
    """Ask Word to fill in the table of contents' page numbers when the file is opened."""
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _set_widths(table: Table, widths: Sequence[Length]) -> None:
    """Column widths, in the table's grid and in each cell, as Word and LibreOffice read them."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _text_upwards(cell: _Cell) -> None:
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "btLr")
    cell._tc.get_or_add_tcPr().append(direction)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


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
        self.toc: list[tuple[int, str]] = []
        # The name the unit signs its documents with, as in print.
        self.unit_name = report.plan.unit.display_formal_name

    def heading(self, text: str, level: int) -> Paragraph:
        if level <= 2:
            self.toc.append((level, text))
        return self.document.add_heading(text, level=level)

    def write(self) -> bytes:
        self.page_setup()
        self.properties()
        self.front_page()
        contents = self.contents_placeholder()
        for section in self.plan.sections.all():
            self.heading(section.title, 1)
            for highlight in section.highlights:
                self.document.add_paragraph(highlight, style="Intense Quote")
            _add_markdown(self.document, section.body, heading_level=2)
            if section.organisation_chart and self.report.organisation_chart:
                self.organisation_chart(self.report.organisation_chart)
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
        _use_font(self.document)
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(22)
        section.different_first_page_header_footer = True
        section.header.paragraphs[0].text = f"{self.plan.title} · {self.unit_name}"
        footer = section.footer.paragraphs[0]
        footer.add_run(_("Page") + " ")
        _field(footer, "PAGE", "1")
        language = content_language()
        _set_language(self.document, language)
        _update_fields_on_open(self.document)

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

    def picture(self, picture: Picture, paragraph: Paragraph) -> None:
        """The picture in the paragraph, with its text alternative for screen readers."""
        shape = paragraph.add_run().add_picture(
            io.BytesIO(picture.png), width=Mm(picture.width_mm), height=Mm(picture.height_mm)
        )
        shape._inline.docPr.set("descr", picture.alt)

    def organisation_chart(self, chart: OrganisationChart) -> None:
        svg = organisation_chart_svg(chart=replace(chart, font_family=FONT))
        png = svg_png(svg.encode(), width=3 * chart.width)
        picture = png and fitted(png, width_mm=110, height_mm=160, alt=chart.description)
        if picture:
            self.document.add_paragraph(chart.title, style="Caption")
            self.picture(picture, self.document.add_paragraph())

    def front_page(self) -> None:
        document, plan, report = self.document, self.plan, self.report
        logo = logo_picture(report.logo, width_mm=40, height_mm=20)
        if logo:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self.picture(logo, paragraph)
        municipality = report.municipality if report.municipality != plan.unit else None
        if municipality:
            above = document.add_paragraph().add_run(municipality.name)
            above.bold = True
            above.font.color.rgb = MUTED
        title = document.add_paragraph(plan.title, style="Title")
        # As far down the page with a logo above it as without.
        title.paragraph_format.space_before = Pt(90 if logo else 150)
        unit = document.add_paragraph().add_run(self.unit_name)
        unit.font.size = Pt(18)
        unit.font.color.rgb = ACCENT
        if plan.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
            status = document.add_paragraph().add_run(capfirst(str(plan.get_status_display())))
            status.bold = True
        contact = document.add_paragraph()
        contact.paragraph_format.space_before = Pt(240)
        for n, group in enumerate(self.contact_lines()):
            if n:
                contact.add_run().add_break()
            for m, line in enumerate(group):
                run = contact.add_run(line)
                run.font.size = Pt(9)
                run.bold = (n, m) == (0, 0) or None
                run.add_break()
        contact.add_run().add_break(WD_BREAK.PAGE)

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
        self.document.add_paragraph(_("Contents"), style="TOC Heading")
        return self.document.add_paragraph()

    def fill_contents(self, paragraph: Paragraph) -> None:
        """A table of contents field; until Word updates it, it lists the headings."""
        shown = "\n".join(("    " if level == 2 else "") + text for level, text in self.toc)
        _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', shown)
        paragraph.runs[-1].add_break(WD_BREAK.PAGE)

    def status_overview(self) -> None:
        summary = self.report.summary
        self.heading(_("Status overview"), 1)
        total = summary.total
        self.document.add_paragraph(summary.lead())
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
            _shade(cell, HEADER_FILL)
        # The numbers' headings run upwards, so eleven columns fit across the page.
        for cell in table.rows[0].cells[1:]:
            _text_upwards(cell)
        table.rows[0].height = Mm(28)
        _repeat_as_header(table.rows[0])
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
        _set_widths(table, widths)
        for row in table.rows:
            for n, cell in enumerate(row.cells):
                if n and row is not table.rows[0]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8)

    def focus_areas(self) -> None:
        plan = self.plan
        title = _("Follow-up") if self.report.followed_up else _("Focus areas")
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.heading(title, 1)
        _add_markdown(self.document, plan.follow_up_intro, heading_level=2)
        _add_markdown(self.document, plan.focus_area_intro, heading_level=2)
        for pfa in plan.plan_focus_areas.all():
            self.focus_area(pfa, plan)

    def focus_area(self, pfa: PlanFocusArea, plan: Plan) -> None:
        self.heading(str(pfa.focus_area), 2)
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
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self.heading(part_title(plan), 1)
        self.document.add_paragraph(f"{plan.unit.name} · {plan.period_label}").runs[
            0
        ].font.color.rgb = MUTED
        _add_markdown(self.document, plan.follow_up_intro, heading_level=2)
        for pfa in plan.plan_focus_areas.all():
            self.focus_area(pfa, plan)

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
            _shade(cell, HEADER_FILL)
        _repeat_as_header(table.rows[0])
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
        _set_widths(table, [Mm(83), Mm(83)])
        self.document.add_paragraph()


def plan_docx(report: PlanReport) -> bytes:
    """The plan as a .docx file, titled and authored by its unit, in the active language."""
    return _Writer(report).write()
