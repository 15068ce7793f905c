"""The one router (signed-in by default) of the cases operations (its modules add to it: one path may carry
operations from two modules)."""

from ninja import Router
from ninja.security import django_auth

router = Router(tags=["cases"], auth=django_auth)

# The actions' field names → this API's, for the `field` of a refusal.
FIELD_NAMES = {
    "target_deputy": "deputy_id",
    "target_station": "station_id",
    "community": "community_id",
    "category": "category_id",
    "deputy": "deputy_id",
    "station": "station_id",
    "rule": "rule_id",
    "into": "into_id",
    "lead": "lead_id",
    "co": "co_ids",
    "answer": "text",
}
