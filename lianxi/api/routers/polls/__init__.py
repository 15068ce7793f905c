"""Polls: reading polls and their results (public where the poll is), answering (a citizen
verified by phone, or a deputy for a deputies' poll; a second answer changes the first until
the poll closes), and for staff the steps of a poll. Every change goes through
lianxi.polls.actions; refusals answer as lianxi/api/problems.py says."""

from lianxi.api.routers.polls.items import router

__all__ = ["router"]
