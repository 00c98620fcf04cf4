from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: domain errors, model building blocks, the display layer and its
    template filters (`{% load virkplan %}`). It has no tables of its own."""

    name = "virkplan.core"
