"""Form fields drawn from Django's Jinja2 widget templates, the admin's from its own."""

import re

from django import forms
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template

from virkplan.core.forms import FormRenderer
from virkplan.plans.models import FollowUpStatus


class _FollowUp(forms.Form):
    status = forms.ChoiceField(choices=FollowUpStatus.choices, initial=FollowUpStatus.MET)
    text = forms.CharField(widget=forms.Textarea, help_text="Hvad skete der?")
    version = forms.IntegerField(widget=forms.HiddenInput, initial=3)
    criteria = forms.MultipleChoiceField(
        choices=[("1", "Første"), ("2", "Anden <b>")], widget=forms.CheckboxSelectMultiple
    )


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_django_widgets_come_from_jinja2_and_the_admins_from_django_templates():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("django/forms/widgets/select.html"), Jinja2Template)
    admin = renderer.get_template("admin/widgets/foreign_key_raw_id.html")
    assert isinstance(admin, DjangoTemplate)
    assert ForeignKeyRawIdWidget.template_name == "admin/widgets/foreign_key_raw_id.html"


def test_a_form_is_drawn_as_django_templates_draw_it():
    # Given a form with a list, a text box, a hidden field and boxes to tick, one label unsafe
    form = _FollowUp(data={"status": FollowUpStatus.MET, "text": "<script>", "criteria": ["2"]})
    form.is_valid()
    # When it is drawn by both renderers, then the HTML is the same but for line breaks
    ours = form.render(renderer=FormRenderer())
    django = form.render(renderer=DjangoTemplates())
    assert _tags(ours) == _tags(django)
    assert "&lt;script&gt;" in ours and "Anden &lt;b&gt;" in ours
