"""The committee and its deputies: notices, materials, trainings, activities, the deputy's
inbox and calendar. Every change goes through lianxi.committee.actions; refusals answer as
lianxi/api/problems.py says."""

from lianxi.api.routers.committee import activities, deputy, materials, notices, trainings
from lianxi.api.routers.committee.router import router

__all__ = ["activities", "deputy", "materials", "notices", "router", "trainings"]
