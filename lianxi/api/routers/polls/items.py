"""Poll operations (reads public where the poll is, writes signed in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.security import django_auth

from lianxi.api.bounds import Id, Limit, Offset
from lianxi.api.problems import ACTS_ON, answers
from lianxi.api.routers.polls.schemas import (
    PollAnswerIn,
    PollAnswerOut,
    PollDetailOut,
    PollOut,
    PollResultsOut,
)
from lianxi.api.steps import steps
from lianxi.polls import actions
from lianxi.polls.access import access_poll, access_results
from lianxi.polls.models import Poll, Response, Result

router = Router(tags=["polls"], auth=django_auth)
MAX_PAGE = 100


def poll_out(poll: Poll) -> dict[str, Any]:
    result = Result.objects.filter(poll=poll).first()
    return {
        "id": poll.pk,
        "title": poll.title,
        "intro": poll.intro,
        "area": poll.area.name,
        "audience": poll.audience,
        "status": poll.status,
        "opens_on": poll.opens_on,
        "closes_on": poll.closes_on,
        "results_public": poll.results_public,
        "ask_area": poll.ask_area,
        "ask_age": poll.ask_age,
        "responses": result.responses if result is not None else 0,
    }


def detail_out(poll: Poll) -> dict[str, Any]:
    return poll_out(poll) | {
        "questions": [
            {
                "id": q.pk,
                "number": q.number,
                "kind": q.kind,
                "text": q.text,
                "help": q.help,
                "required": q.required,
                "options": q.options,
                "branches": q.branches,
            }
            for q in poll.questions.all()
        ]
    }


def answer_out(found: Response) -> dict[str, Any]:
    return {
        "poll_id": found.poll_id,
        "answers": found.answers,
        "area_id": found.area_id,
        "age_band": found.age_band,
        "created_at": found.created_at,
        "updated_at": found.updated_at,
        "changes": found.changes,
    }


@router.get("/polls", response=list[PollOut], auth=None)
def list_polls(request: HttpRequest, offset: Offset = 0, limit: Limit = 50) -> Any:
    """Open and closed polls the user may see (staff also see those being prepared in their
    area, a deputy their own)."""
    limit = max(1, min(limit, MAX_PAGE))
    qs = Poll.objects.visible_to(request.user).select_related("area")
    items = qs.order_by("-opens_on", "-pk")[offset : offset + limit]
    return [poll_out(p) for p in items]


@router.get("/polls/{int:poll_id}", response=answers(PollDetailOut, 404), auth=None)
def get_poll(request: HttpRequest, poll_id: Id) -> Any:
    """The poll with its questions and their branching."""
    return detail_out(access_poll(request.user, poll_id))


@router.get("/polls/{int:poll_id}/results", response=answers(PollResultsOut, 404), auth=None)
def get_results(request: HttpRequest, poll_id: Id) -> Any:
    """The counts (as the worker last refreshed them), where the results are shown to the
    user: to everyone when public, else to staff of the area and the deputy who asks."""
    poll = access_results(request.user, poll_id)
    result = Result.objects.filter(poll=poll).first()
    return {
        "poll_id": poll.pk,
        "responses": result.responses if result else 0,
        "computed_at": result.computed_at if result else None,
        "data": result.data if result else {},
    }


@router.get("/polls/{int:poll_id}/answer", response=answers(PollAnswerOut, 404))
def my_answer(request: HttpRequest, poll_id: Id) -> Any:
    """My answers to the poll (404 before I answered)."""
    poll = access_poll(request.user, poll_id)
    found = Response.objects.filter(poll=poll, person_key=f"u{request.user.pk}").first()
    if found is None:
        raise Http404
    return answer_out(found)


@router.post("/polls/{int:poll_id}/answer", response=answers(PollAnswerOut, *ACTS_ON))
def poll_answer(request: HttpRequest, poll_id: Id, payload: PollAnswerIn) -> Any:
    """Answer the poll, or change my answers until it closes: branching and required
    questions are checked here (a question the branching skips is not kept)."""
    poll = access_poll(request.user, poll_id)
    made = actions.answer(
        request.user,
        poll,
        actions.Submission(
            answers=payload.answers, area_id=payload.area_id, age_band=payload.age_band
        ),
    )
    return answer_out(made)


def _run(request: HttpRequest, poll_id: Id, do: Callable[[Any, Any], Any]) -> Any:
    poll = access_poll(request.user, poll_id)
    do(request.user, poll)
    return detail_out(access_poll(request.user, poll_id))


step = steps(router, "/polls", "poll_id", run=_run, response=answers(PollDetailOut, *ACTS_ON))


@step("submit")
def poll_submit(user: Any, poll: Poll) -> Any:
    """The deputy who asks sends their poll for approval."""
    return actions.submit(user, poll)


@step("approve")
def poll_approve(user: Any, poll: Poll) -> Any:
    """Staff of the area approve a deputy's poll: it opens."""
    return actions.approve(user, poll)


@step("publish")
def poll_publish(user: Any, poll: Poll) -> Any:
    """Staff of the area open their poll."""
    return actions.publish(user, poll)


@step("close")
def poll_close(user: Any, poll: Poll) -> Any:
    """Close the poll (staff of the area, the deputy who asks)."""
    return actions.close(user, poll)
