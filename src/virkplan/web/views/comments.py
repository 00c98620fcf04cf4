"""Discussion threads on a plan and on each goal (templates/web/comments).

The thread is drawn on the goal's page and at the end of the plan's page, for
signed-in users who may see it (comments.permissions) and never for anonymous
readers, whose pages are cached. Posting works as a plain form (POST, then a
redirect to the new comment) and with htmx (the thread is swapped in place).
Editing one's own comment and deleting it are pages of their own.
"""

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from virkplan.comments import selectors, services
from virkplan.comments.models import Comment
from virkplan.comments.permissions import (
    can_delete_comment,
    can_edit_comment,
    can_view_comments,
)
from virkplan.core.errors import DomainError, NotAllowed
from virkplan.plans.models import Goal, Plan
from virkplan.plans.selectors import goals_visible_to, plans_visible_to

from ..forms.comments import CommentForm
from ..http import is_htmx, plan_or_404, require, signed_in

THREAD_ID = "kommentarer"


@dataclass(frozen=True)
class CommentItem:
    """A comment as the thread shows it, with what the reader may do to it."""

    comment: Comment
    may_edit: bool
    may_delete: bool


@dataclass
class Thread:
    """A plan's or goal's comments, the form to post one, and where the thread is."""

    plan: Plan
    goal: Goal | None
    items: list[CommentItem]
    form: CommentForm
    post_url: str
    page_url: str
    dom_id: str = THREAD_ID


def thread_url(plan: Plan, goal: Goal | None) -> str:
    """The page the thread is on."""
    if goal is not None:
        return reverse("web:goal", args=[goal.key])
    return reverse("web:plan", args=[plan.key])


def thread_for(
    request: HttpRequest, plan: Plan, goal: Goal | None = None, *, form: CommentForm | None = None
) -> Thread | None:
    """The thread for the page, or None when the reader may not see it (no query then)."""
    user = request.user
    if not can_view_comments(user, plan):
        return None
    items = [
        CommentItem(
            comment=comment,
            may_edit=can_edit_comment(user, comment),
            may_delete=can_delete_comment(user, comment),
        )
        for comment in selectors.thread(plan=plan, goal=goal)
    ]
    if goal is not None:
        post_url = reverse("web:goal-comment-post", args=[goal.key])
    else:
        post_url = reverse("web:plan-comment-post", args=[plan.key])
    return Thread(
        plan=plan,
        goal=goal,
        items=items,
        form=form if form is not None else CommentForm(),
        post_url=post_url,
        page_url=thread_url(plan, goal),
    )


@dataclass(frozen=True)
class CommentCounts:
    """How many comments each goal of a plan has (goals without any are not in `by_goal`)."""

    by_goal: dict[int, int]

    def of(self, goal_id: int) -> int:
        return self.by_goal.get(goal_id, 0)


def comment_counts(request: HttpRequest, plan: Plan) -> CommentCounts | None:
    """Each goal's number of comments for the plan's page, or None when the reader may not
    see them (one query)."""
    if not can_view_comments(request.user, plan):
        return None
    return CommentCounts(by_goal=selectors.counts_by_goal(plan=plan))


@signed_in
@require_POST
def plan_comment_post(request: HttpRequest, key: str) -> HttpResponse:
    """Post a comment on the plan as a whole."""
    plan = plan_or_404(request, key, detail=False)
    return _post(request, plan, None)


@signed_in
@require_POST
def goal_comment_post(request: HttpRequest, key: str) -> HttpResponse:
    """Post a comment on a goal."""
    goal = get_object_or_404(goals_visible_to(user=request.user), key=key)
    return _post(request, goal.plan_focus_area.plan, goal)


def _post(request: HttpRequest, plan: Plan, goal: Goal | None) -> HttpResponse:
    require(can_view_comments(request.user, plan))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_post(
                user=request.user, plan=plan, goal=goal, text=form.cleaned_data["text"]
            )
        except NotAllowed:
            raise
        except DomainError as exc:
            form.add_error("text", exc.message)
        else:
            if is_htmx(request):
                return _thread_fragment(request, thread_for(request, plan, goal))
            return redirect(f"{thread_url(plan, goal)}#{comment.anchor}")
    if is_htmx(request):
        # htmx swaps only a success: the thread comes back with the message beside the field.
        return _thread_fragment(request, thread_for(request, plan, goal, form=form))
    context = {
        "form": form,
        "plan": plan,
        "goal": goal,
        "action": request.path,
        "heading": _("Write a comment"),
        "back_url": f"{thread_url(plan, goal)}#{THREAD_ID}",
    }
    return render(request, "web/comments/form_page.html", context, status=400)


def _thread_fragment(request: HttpRequest, thread: Thread | None) -> HttpResponse:
    return render(request, "web/comments/_thread.html", {"thread": thread})


def _comment_or_404(request: HttpRequest, pk: int) -> Comment:
    """The comment, if the reader may see its plan; otherwise it is not found."""
    comment = get_object_or_404(Comment.objects.select_related("plan__unit", "goal"), pk=pk)
    if not plans_visible_to(user=request.user).filter(pk=comment.plan_id).exists():
        raise Http404
    return comment


@signed_in
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one's own comment."""
    comment = _comment_or_404(request, pk)
    require(can_edit_comment(request.user, comment))
    back_url = f"{thread_url(comment.plan, comment.goal)}#{comment.anchor}"
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                user=request.user, comment=comment, text=form.cleaned_data["text"]
            )
        except NotAllowed:
            raise
        except DomainError as exc:
            form.add_error("text", exc.message)
        else:
            return redirect(back_url)
    context = {
        "form": form,
        "plan": comment.plan,
        "goal": comment.goal,
        "action": request.path,
        "heading": _("Edit your comment"),
        "back_url": back_url,
    }
    status = 400 if form.errors else 200
    return render(request, "web/comments/form_page.html", context, status=status)


@signed_in
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a comment after asking: one's own, or any as the plan's administrator."""
    comment = _comment_or_404(request, pk)
    require(can_delete_comment(request.user, comment))
    back_url = f"{thread_url(comment.plan, comment.goal)}#{comment.anchor}"
    if request.method == "POST":
        services.comment_delete(user=request.user, comment=comment)
        return redirect(back_url)
    context = {
        "comment": comment,
        "plan": comment.plan,
        "goal": comment.goal,
        "back_url": back_url,
    }
    return render(request, "web/comments/delete_page.html", context)


urlpatterns: list[URLPattern] = [
    path("plan/<slug:key>/kommentarer/", plan_comment_post, name="plan-comment-post"),
    path("maal/<slug:key>/kommentarer/", goal_comment_post, name="goal-comment-post"),
    path("kommentar/<int:pk>/rediger/", comment_edit, name="comment-edit"),
    path("kommentar/<int:pk>/slet/", comment_delete, name="comment-delete"),
]
