"""A comment's text, for posting and for editing one's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from virkplan.comments.models import MAX_COMMENT_LENGTH

from .described import DescribedForm


class CommentForm(DescribedForm):
    """Plain text with line breaks; `@name` notifies a colleague who may see the thread."""

    text = forms.CharField(
        label=_("Comment"),
        help_text=_("Plain text. Write @ and a user name to notify a colleague."),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Comment: write a comment."),
            "max_length": _("Comment: at most %(limit_value)d characters (it has %(show_value)d)."),
        },
    )

    def __init__(self, *args, prefix_id: str = "comment", **kwargs) -> None:
        # Each thread's form has its own ids, so a page may hold more than one.
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)
