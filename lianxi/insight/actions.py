"""Actions of the insight app: retraining the routing model, and the suggestion records that
intake and triage keep (written inside the cases.submit / cases.accept actions, which audit
them)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lianxi.audit.log import log
from lianxi.core.actions import action
from lianxi.core.errors import IllegalTransition, NotAllowed
from lianxi.core.events import announce
from lianxi.insight.models import RoutingModel, RoutingSuggestion
from lianxi.insight.policies import can_retrain
from lianxi.insight.routing import service
from lianxi.insight.routing.service import Fitted, Suggestion, TrainingSet


def _prepare_retrain(
    actor: Any, *, data: TrainingSet | None = None, evaluate: bool = True, **_kwargs: Any
) -> dict[str, Any]:
    """Training runs here, before the transaction opens: it reads, fits and writes a file."""
    if actor is not None and not can_retrain(actor):
        raise NotAllowed(_("Only committee staff and administrators can retrain the model."))
    data = data or service.collect()
    return {"data": data, "fitted": service.fit(data, evaluate=evaluate)}


@action("insight.retrain", prepare=_prepare_retrain)
def retrain(
    actor: Any,
    *,
    data: TrainingSet | None = None,
    evaluate: bool = True,
    fitted: Fitted | None = None,
) -> RoutingModel:
    """Train a new routing model from the platform's history and put it in use."""
    assert data is not None and fitted is not None  # supplied by _prepare_retrain
    version = (RoutingModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    try:
        with transaction.atomic():
            row = RoutingModel.objects.create(
                version=version,
                source=RoutingModel.Source.HISTORY
                if data.history
                else RoutingModel.Source.TAXONOMY,
                trained_at=timezone.now(),
                trained_by=actor if getattr(actor, "is_authenticated", False) else None,
                training_seconds=round(fitted.seconds, 3),
                samples=len(data.texts),
                corrections=data.corrections,
                categories=len(set(data.labels)),
                departments=len(set(data.dept_labels)),
                metrics=fitted.metrics | {"history": data.history},
                fingerprint=data.fingerprint,
                path=str(fitted.path),
                size_bytes=fitted.size_bytes,
            )
    except IntegrityError:
        fitted.path.unlink(missing_ok=True)
        raise IllegalTransition(_("Another retraining finished just now.")) from None
    RoutingModel.objects.exclude(pk=row.pk).filter(is_active=True).update(is_active=False)
    log(
        actor,
        "insight.retrain",
        row,
        {"version": version, "samples": row.samples, "corrections": row.corrections},
    )
    transaction.on_commit(service.forget)
    return row


def retrain_if_changed(actor: Any = None, *, force: bool = False) -> RoutingModel | None:
    """Retrain unless the model in use was trained on exactly this data (idempotent)."""
    data = service.collect()
    active = RoutingModel.objects.filter(is_active=True).order_by("-version").first()
    if not force and active is not None and active.fingerprint == data.fingerprint:
        return None
    return retrain(actor, data=data)


@action("insight.request_retrain")
def request_retrain(actor: Any) -> None:
    """A person asks for a retrain now; the job runs in the background after the commit."""
    if not can_retrain(actor):
        raise NotAllowed(_("Only committee staff and administrators can retrain the model."))
    log(actor, "insight.request_retrain", None)
    # The job is queued by lianxi/insight/tasks.py, which subscribes to this action.
    announce("insight.request_retrain", None, actor)


# ------------------------------------------------- records kept inside the cases' actions


def record_suggestion(case: Any, suggestion: Suggestion | None, *, applied: bool) -> None:
    """Part of cases.submit: what was suggested for `case` (and whether it was applied)."""
    if suggestion is None or suggestion.category_id is None:
        return
    RoutingSuggestion.objects.create(
        case=case,
        category_id=suggestion.category_id,
        category_confidence=suggestion.category_confidence,
        department_id=suggestion.department_id,
        department_confidence=suggestion.department_confidence,
        model_id=suggestion.model_id,
        applied=applied,
    )


def record_correction(actor: Any, case: Any, category: Any) -> None:
    """Part of cases.accept: staff set another category than the case had; the correction
    becomes training data (weighted up)."""
    updated = RoutingSuggestion.objects.filter(case=case).update(
        corrected_category=category, corrected_by=actor, corrected_at=timezone.now()
    )
    if not updated:  # a case from before suggestions were recorded, or an import
        RoutingSuggestion.objects.create(
            case=case,
            category=None,
            corrected_category=category,
            corrected_by=actor,
            corrected_at=timezone.now(),
        )
