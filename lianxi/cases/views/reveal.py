"""The case page's "show the contact" button: a reason, then the citizen's name, phone and
address inline, once (a reload masks them again). htmx swaps the contact card in place;
without JavaScript the whole page comes back with it."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lianxi.cases.policies import can_see_contact
from lianxi.cases.reveal import REASON_MAX, has_contact, reveal_contact
from lianxi.cases.views.staff import _detail, _staff, access_case
from lianxi.core.errors import RateLimited
from lianxi.core.forms import BootstrapMixin
from lianxi.core.refusals import attempt


class RevealForm(BootstrapMixin, forms.Form):
    # The action checks the reason (one wording for the page and the API).
    reason = forms.CharField(
        label=_("Why do you need the contact?"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX, "autocomplete": "off"}),
    )


@login_required
@require_POST
def reveal(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _staff(request)
    case = access_case(user, case_id)
    form = RevealForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    # A refusal lands on the reason field, or on the form (not allowed, too many).
    done = attempt(request, lambda: reveal_contact(user, case=case, reason=reason), form=form)
    context = {"revealed": done.result, "reveal_form": form}
    if getattr(request, "htmx", False):
        # htmx swaps only 2xx answers: the card itself says what went wrong.
        can = can_see_contact(user, case) and has_contact(case)
        return render(
            request, "cases/staff/_contact.html", {"case": case, "can_reveal": can, **context}
        )
    response = _detail(request, case, status=done.status, extra=context)
    if isinstance(done.refusal, RateLimited):
        response["Retry-After"] = str(done.refusal.retry_after)
    return response
