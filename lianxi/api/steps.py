"""Operations that take one step on an object, `POST <base>/{id}/<name>`, each written as a
function of the user, the object and (optionally) a `payload` schema:

    step = steps(router, "/cases", "case_id", run=_step, response=STEP)

    @step("reply")
    def reply(user: Any, case: Case, payload: TextIn) -> Any:
        return actions.reply_to_case(user, case=case, text=payload.text)

`run(request, id, do)` finds the object the user sees (404 otherwise), calls `do(user, obj)`
and answers; refusals are raised and answered as lianxi/api/problems.py says. The router's
auth applies."""

from __future__ import annotations

from collections.abc import Callable
from inspect import Parameter, Signature
from typing import Any, TypeVar, get_type_hints

from django.http import HttpRequest
from ninja import Router

from lianxi.api.bounds import Id

F = TypeVar("F", bound=Callable[..., Any])
Run = Callable[[HttpRequest, int, Callable[[Any, Any], Any]], Any]


def steps(router: Router, base: str, id_name: str, *, run: Run, response: Any) -> Any:
    def step(name: str) -> Callable[[F], F]:
        def register(do: F) -> F:
            payload = get_type_hints(do).get("payload")
            params = [
                Parameter("request", Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest),
                Parameter(id_name, Parameter.KEYWORD_ONLY, annotation=Id),
            ]
            if payload is not None:
                params.append(Parameter("payload", Parameter.KEYWORD_ONLY, annotation=payload))

            def view(request: HttpRequest, **values: Any) -> Any:
                extra = {"payload": values["payload"]} if payload is not None else {}
                return run(request, values[id_name], lambda user, obj: do(user, obj, **extra))

            view.__signature__ = Signature(params, return_annotation=Any)  # type: ignore[attr-defined]
            view.__name__ = view.__qualname__ = do.__name__
            view.__module__, view.__doc__ = do.__module__, do.__doc__
            path = f"{base}/{{int:{id_name}}}/{name}"
            router.post(path, response=response)(view)
            return do

        return register

    return step
