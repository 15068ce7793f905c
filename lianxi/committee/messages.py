"""Messages the committee's API shows that no action raises (kept in this app's catalog)."""

from django.utils.translation import gettext_lazy as _

RANGE_TOO_LONG = _("Ask for at most 400 days at a time.")
