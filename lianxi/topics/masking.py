"""What of a case may be shown outside its own audience."""

from __future__ import annotations

from lianxi.cases.models import Case
from lianxi.lib.masking import mask_name, mask_text


def masked_title(case: Case) -> str:
    """A published case's title as the published pages show it: phone and ID numbers masked,
    and the contact's own name should the title repeat it."""
    text = mask_text(case.title or "")
    name = (case.contact_name or "").strip()
    if len(name) >= 2:
        text = text.replace(name, mask_name(name))
    return text
