"""The one router (signed-in by default) of the liaison operations (its modules add to it: one path may carry
operations from two modules)."""

from ninja import Router
from ninja.security import django_auth

router = Router(tags=["liaison"], auth=django_auth)
