"""Sections other apps add to the public home page without the portal importing them.

An app registers a section when it starts (its `AppConfig.ready()`):

    from lianxi.core.home import home_section

    @home_section(order=45, template="polls/_home.html")
    def open_polls() -> dict[str, Any]:
        return {"polls": list(Poll.objects.open_now()[:3])}

The home renders each registered section's template with what its function returns (as
`section`: `{{ section.polls }}`), in
`order` (the stories and figures come at 20, resolved cases at 30, consultations at 40). A
function returning None leaves its section out. Keep each to one or two small reads: the home
page's p95 budget is 100 ms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Context = Callable[[], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: Context


SECTIONS: list[Section] = []


def home_section(*, order: int, template: str) -> Callable[[Context], Context]:
    def register(func: Context) -> Context:
        if not any(s.template == template for s in SECTIONS):
            SECTIONS.append(Section(order, template, func))
            SECTIONS.sort(key=lambda s: s.order)
        return func

    return register


def sections() -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each section that has something to show, in order."""
    found = []
    for section in SECTIONS:
        context = section.context()
        if context is not None:
            found.append((section.template, context))
    return found
