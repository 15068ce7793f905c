"""Every change of a consultation, its comments and dispositions (architecture.md rule 1)."""

from lianxi.legislation.actions.comments import (
    Offline,
    Opinion,
    comment,
    hide,
    import_offline,
    merge,
    record_offline,
    sheet_format,
)
from lianxi.legislation.actions.dispositions import dispose, group
from lianxi.legislation.actions.drafts import (
    Details,
    add_version,
    close,
    close_ended,
    create_consultation,
    edit_consultation,
    publish,
    publish_feedback,
)

__all__ = [
    "Details",
    "Offline",
    "Opinion",
    "add_version",
    "close",
    "close_ended",
    "comment",
    "create_consultation",
    "dispose",
    "edit_consultation",
    "group",
    "hide",
    "import_offline",
    "merge",
    "publish",
    "publish_feedback",
    "record_offline",
    "sheet_format",
]
