"""The one router (signed-in) of the proposals operations."""

from typing import Any

from ninja import Router
from ninja.security import django_auth

from lianxi.api.problems import ACTS, ACTS_ON, answers

router = Router(tags=["proposals"], auth=django_auth)
MAX_PAGE = 100
STEP = answers(Any, *ACTS_ON)
MADE = answers(Any, *ACTS)
