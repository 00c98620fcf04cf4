"""A form field as Det Fælles Designsystem draws it: `{% described_field form.title %}`.

Label, hint, error and input, the input naming its hint and error in aria-describedby
(forms.described.DescribedForm). A tag rather than an included template: the round's
page draws three fields for each of its goals.
"""

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

REQUIRED = mark_safe(' <span class="vp-required" aria-hidden="true">*</span>')


@register.simple_tag
def described_field(field: BoundField) -> SafeString:
    field_id = field.auto_id
    hint = ""
    if field.help_text:
        hint = format_html(
            '<span class="form-hint" id="{}-hint">{}</span>', field_id, field.help_text
        )
    error = ""
    if field.errors:
        messages = mark_safe(" ".join(conditional_escape(str(e)) for e in field.errors))  # escaped
        error = format_html(
            '<span class="form-error-message" id="{}-error"><span class="sr-only">{} </span>{}'
            "</span>",
            field_id,
            _("Error:"),
            messages,
        )
    return format_html(
        '<div class="form-group{}">\n'
        '  <label class="form-label" for="{}">{}{}</label>\n'
        "  {}{}\n"
        "  {}\n"
        "</div>\n",
        " form-error" if field.errors else "",
        field_id,
        field.label,
        REQUIRED if field.field.required else "",
        hint,
        error,
        field,
    )
