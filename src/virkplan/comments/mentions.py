"""@mentions in a comment: `@username`, or `@anna` for a user whose user name is an e-mail
address (`anna@albertslund.dk`, as single sign-on names people)."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q

# An @ that starts a word (not the @ inside an e-mail address), then a user name; a full stop
# or hyphen that ends the sentence is not part of it.
MENTION = re.compile(r"(?<![\w@.])@([\w][\w.+-]*(?:@[\w-]+(?:\.[\w-]+)+)?)")


def mentioned_names(text: str) -> list[str]:
    """The names mentioned in the text, in order, each once (lower case)."""
    names: list[str] = []
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".-+").lower()
        if name and name not in names:
            names.append(name)
    return names


def mentioned_users(text: str) -> list[User]:
    """The active users the text mentions (one query): by user name, or by the part before
    the @ of a user name that is an e-mail address when only one user has it."""
    names = mentioned_names(text)
    if not names:
        return []
    condition = Q()
    for name in names:
        condition |= Q(username__iexact=name) | Q(username__istartswith=f"{name}@")
    candidates = list(get_user_model().objects.filter(condition, is_active=True).order_by("pk"))
    found: dict[int, User] = {}
    for name in names:
        exact = [user for user in candidates if user.username.lower() == name]
        by_address = [user for user in candidates if user.username.lower().startswith(f"{name}@")]
        matches = exact or (by_address if len(by_address) == 1 else [])
        for user in matches:
            found.setdefault(user.pk, user)
    return list(found.values())
