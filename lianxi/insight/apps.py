from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "lianxi.insight"
    label = "insight"
    verbose_name = _("Insight")

    def ready(self) -> None:
        from lianxi.cases import routing
        from lianxi.insight import subscribers, tasks  # noqa: F401 - subscribe
        from lianxi.insight.routing import service

        # Intake asks for a suggestion through cases.routing; the model lives here.
        routing.use_model(service.suggest, service.forget)
