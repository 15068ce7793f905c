from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from lianxi.insight.answers import check, key_terms

QUESTION = "青石社区3栋电梯已经停运两周，老人上下楼非常困难，物业公司一直推脱，请尽快维修电梯。"
TITLE = "小区电梯长期故障"
GOOD = (
    "经核查，青石社区3栋电梯因主板损坏停运。根据《特种设备安全法》和物业服务合同，"
    "已责成物业公司更换主板，预计本月20日前恢复运行，届时社区将回访住户。"
)


def codes(answer: str) -> set[str]:
    return {f.code for f in check(QUESTION, answer, title=TITLE)}


def test_good_answer_passes() -> None:
    assert codes(GOOD) == set()


def test_short_answer() -> None:
    assert "too_short" in codes("已收悉，谢谢。")


def test_off_topic_answer() -> None:
    answer = "感谢您对我们工作的关心和支持。经研究，学校食堂的饭菜价格将按照物价部门规定执行，下一步我们会加强监管。"
    assert codes(answer) == {"off_topic"}


def test_no_basis_or_next_step() -> None:
    answer = "您反映的青石社区3栋电梯停运问题我们已经知道了，电梯的情况确实比较复杂，物业公司也有难处，大家多理解。"
    assert codes(answer) == {"no_basis_or_next_step"}


def test_key_terms_prefer_title_and_skip_stopwords() -> None:
    terms = key_terms(f"{TITLE} {TITLE} {QUESTION}")
    assert terms[0] == "电梯"
    assert "我们" not in terms and "希望" not in terms


def test_empty_answer_has_no_findings() -> None:
    assert check(QUESTION, "   ") == []


def test_evaluate_command(tmp_path: Path) -> None:
    path = tmp_path / "replies.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["留言主题", "留言详情", "答复意见"])
        writer.writerow([TITLE, QUESTION, GOOD])
        writer.writerow([TITLE, QUESTION, "已收悉"])
        writer.writerow([TITLE, QUESTION, ""])
    out = StringIO()
    call_command("answer_checks_evaluate", "--csv", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["answers"] == 2
    assert result["flagged"] == {"no_basis_or_next_step": 1, "off_topic": 1, "too_short": 1}
    assert result["combinations"]["none"] == 1
    assert result["examples"]["too_short"][0]["answer"] == "已收悉"
