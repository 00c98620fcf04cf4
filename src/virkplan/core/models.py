"""Abstract building blocks shared by the domain models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """A row that knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def choice_label(choices: type[models.Choices], value: object) -> str:
    """A stored choice's label in the active language, as `get_FOO_display` gives it.

    Django's `get_FOO_display` hashes every choice's label (a translation each) on every
    call; the front page and plan pages show hundreds of statuses and kinds. A value no
    longer among the choices is shown as it is stored.
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)
