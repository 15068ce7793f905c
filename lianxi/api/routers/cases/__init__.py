"""Cases: intake (open to anyone), tracking by number and query code, and one endpoint per
workflow step for signed-in staff. Every change goes through lianxi.cases.actions; refusals
answer as lianxi/api/problems.py says (409 also for a request whose Idempotency-Key is still
running).

CSRF: intake accepts anonymous JSON clients without a CSRF token. A request that carries a
signed-in session (which makes that user the case's owner) must pass Django's CSRF check, so a
foreign page cannot file cases in a signed-in citizen's name.
"""

from lianxi.api.routers.cases import intake, staff, templates
from lianxi.api.routers.cases.router import router

__all__ = ["intake", "router", "staff", "templates"]
