"""How form fields are drawn: Django's own widget templates, in their Jinja2 copies.

Django ships every widget template twice, for its template language and for Jinja2, and
the two give the same HTML; Jinja2 draws them in about a third of the time, which counts
where a page holds many forms (the follow-up round's page has a status list and a text
box for each of up to 50 goals; docs/performance.md). The admin's own widgets exist only
for Django's template language, so a template Jinja2 does not have is drawn by that.
"""

from functools import cached_property

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    """Django's Jinja2 form renderer, falling back to its template-language one."""

    @cached_property
    def _jinja2(self) -> Jinja2:
        return Jinja2()

    @cached_property
    def _django(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str):
        try:
            return self._jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
