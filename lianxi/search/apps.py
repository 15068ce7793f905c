from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "lianxi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from lianxi.search import committee, subscribers  # noqa: F401 - subscribes
        from lianxi.search.cases import KIND, staff_url, visible_case_ids
        from lianxi.search.kinds import Kind, register

        register(Kind(name=KIND, label=_("Cases"), visible_ids=visible_case_ids, url=staff_url))
        register(
            Kind(
                name="notice",
                label=_("Notices"),
                visible_ids=committee.notice_ids,
                url=committee.notice_url,
            )
        )
        register(
            Kind(
                name="material",
                label=_("Materials"),
                visible_ids=committee.material_ids,
                url=committee.material_url,
            )
        )
