"""The one router (signed-in by default) of the committee operations (its modules add to it: one path may carry
operations from two modules)."""

from typing import Any

from ninja import Router
from ninja.security import django_auth

from lianxi.api.problems import ACTS, ACTS_ON, answers

router = Router(tags=["committee"], auth=django_auth)
MAX_PAGE = 100

# What an operation answers that runs an action on an object, or that makes one.
STEP = answers(Any, *ACTS_ON)
MADE = answers(Any, *ACTS)
