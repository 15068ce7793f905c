"""Dispositions (B6): every comment gets one when the period closes: adopted, partly adopted,
not adopted with a reason, or already covered by an article. Similar comments are grouped with
the hot-issue engine so that a group can be disposed of at once."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import InvalidInput
from lianxi.legislation.actions.common import locked, require_manage, require_stage
from lianxi.legislation.grouping import group_ids
from lianxi.legislation.models import Comment, Consultation, Disposition, Provision, Stage


@action("legislation.group")
def group(actor: Any, consultation: Consultation) -> int:
    """Group the shown comments by similarity; answers how many groups were found."""
    require_manage(actor, consultation)
    consultation = locked(consultation)
    require_stage(consultation, Stage.OPEN, Stage.CLOSED)
    rows = list(consultation.comments.shown().values_list("pk", "article_id", "body"))
    groups = group_ids(rows)
    consultation.comments.update(group=None)
    for number, members in enumerate(groups, start=1):
        Comment.objects.filter(pk__in=members).update(group=number)
    log(actor, "legislation.group", consultation, {"comments": len(rows), "groups": len(groups)})
    return len(groups)


@action("legislation.dispose")
def dispose(
    actor: Any,
    consultation: Consultation,
    *,
    comment_ids: list[int],
    disposition: str,
    reason: str = "",
    covered_by_id: int | None = None,
) -> int:
    """Give the comments (one, or a group) a disposition; a later call on one comment is the
    personal edit. Comments merged into them follow."""
    require_manage(actor, consultation)
    consultation = locked(consultation)
    require_stage(consultation, Stage.CLOSED)
    if disposition not in Disposition.values:
        raise InvalidInput(_("Choose a disposition from the list."), field="disposition")
    reason = (reason or "").strip()
    if len(reason) > 2000:
        raise InvalidInput(_("The reason has at most 2,000 characters."), field="reason")
    if disposition in {Disposition.NOT_ADOPTED, Disposition.PARTLY} and len(reason) < 2:
        raise InvalidInput(_("Give the reason for not adopting it."), field="reason")
    covered_by = None
    if disposition == Disposition.COVERED:
        covered_by = Provision.objects.filter(
            pk=covered_by_id or 0, version__consultation=consultation, kind="article"
        ).first()
        if covered_by is None:
            raise InvalidInput(_("Choose the article that already covers it."), field="covered_by")
    ids = sorted(set(comment_ids))
    comments = Comment.objects.filter(consultation=consultation, pk__in=ids).shown()
    if not ids or comments.count() != len(ids):
        raise InvalidInput(_("Choose comments of this consultation."), field="comments")
    values = {
        "disposition": disposition,
        "reason": reason,
        "covered_by": covered_by,
        "disposed_at": timezone.now(),
        "disposed_by": actor,
    }
    count = comments.update(**values)
    Comment.objects.filter(merged_into_id__in=ids).update(**values)
    log(
        actor,
        "legislation.dispose",
        consultation,
        {"comments": ids[:200], "count": count, "disposition": disposition},
    )
    return count
