"""The one router of the legislation operations (reads are public, writes signed in)."""

from typing import Any

from ninja import Router
from ninja.security import django_auth

from lianxi.api.problems import ACTS_ON, answers

router = Router(tags=["legislation"], auth=django_auth)
MAX_PAGE = 100
STEP = answers(Any, *ACTS_ON)
