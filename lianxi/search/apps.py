from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "lianxi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from lianxi.search.cases import KIND, staff_url, visible_case_ids
        from lianxi.search.kinds import Kind, register

        register(Kind(name=KIND, label=_("Cases"), visible_ids=visible_case_ids, url=staff_url))
