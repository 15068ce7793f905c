from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "lianxi.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from lianxi.search import committee, legislation, subscribers  # noqa: F401
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
        register(
            Kind(
                name=legislation.CONSULTATION,
                label=_("Draft laws for comment"),
                visible_ids=legislation.consultation_ids,
                url=legislation.consultation_url,
            )
        )
        register(
            Kind(
                name=legislation.COMMENT,
                label=_("Comments on drafts"),
                visible_ids=legislation.comment_ids,
                url=legislation.comment_url,
            )
        )
