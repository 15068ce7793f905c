"""Checks on an answer before it goes out (deputy reply, department answer, report back).
They warn, never block: too short to explain anything, not about what was asked (few of the
case's key terms), or with neither a basis (law, rule, policy) nor a next step."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import rjieba
from django.utils.translation import gettext as _

MIN_CHARS = 40  # Chinese characters and letters, punctuation and spaces not counted
KEY_TERMS = 8
MIN_KEY_HITS = 2  # of the case's key terms, at least this many should appear (or 1 of ≤ 3)
BASIS_WORDS = (
    "依据", "根据", "依照", "按照", "条例", "规定", "法律", "法规", "办法", "政策", "标准",
    "文件", "规范", "细则", "条款", "《",
)  # fmt: skip
NEXT_STEP_WORDS = (
    "将", "下一步", "预计", "已安排", "安排", "计划", "拟", "正在", "责成", "督促", "后续",
    "跟踪", "尽快", "近期", "月底", "年底", "前完成", "落实", "整改", "已协调", "联系",
    "回访", "继续", "加强", "请向", "请您", "可直接", "可拨打", "可向", "可到",
)  # fmt: skip
STOPWORDS = frozenset(
    """我们 你们 他们 这个 那个 什么 怎么 为什么 因为 所以 但是 而且 如果 还是 已经 没有
    可以 希望 请问 问题 情况 相关 部门 领导 政府 您好 你好 尊敬 谢谢 感谢 非常 一直 现在
    目前 这些 那些 一个 这样 那样 还有 以及 进行 对于 关于 反映 留言 网友 市民 群众 我们的
    自己 时候 今年 去年 每天 一下 一些 很多 能否 是否 要求 解决 处理 答复 回复 收悉 来信
    您的 我的 他的 不是 就是 也是 都是 只是 一样 可能 应该 需要 不能 不会 没有 怎样 如何
    建议 咨询 举报 投诉 请求 造成 多少 附近 本人 贵省 我市 市里 严重 导致 影响 发现 出现
    年月 具体 工作 有关 及时 能够 给予 帮助 维护 权益 合法 百姓 老百姓 大家 居民 业主""".split()
)
_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_NUMBER = re.compile(r"^[\d.%]+$")


@dataclass(frozen=True)
class Finding:
    code: str  # too_short | off_topic | no_basis_or_next_step
    message: str


def key_terms(question: str, top: int = KEY_TERMS) -> list[str]:
    """The case's most telling words: rjieba words of 2+ characters, title words counted
    double, stopwords and numbers left out."""
    counts: Counter[str] = Counter()
    for word in rjieba.cut(question):
        word = word.strip()
        if len(word) >= 2 and word not in STOPWORDS and not _NUMBER.match(word):
            counts[word] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0])))
    return [word for word, _count in ranked[:top]]


def mentions(answer: str, term: str) -> bool:
    """`term` or, for longer terms, any two-character part of it (公交车 ~ 809路公交)."""
    if term in answer:
        return True
    return len(term) >= 3 and any(term[i : i + 2] in answer for i in range(len(term) - 1))


def text_length(text: str) -> int:
    return len(_TEXT.findall(text or ""))


def check(question: str, answer: str, title: str = "") -> list[Finding]:
    """Findings on `answer` to the case `question` (title + content); empty when it reads
    well. `title`, if given, weighs its words double."""
    answer = (answer or "").strip()
    if not answer:
        return []
    found = []
    if text_length(answer) < MIN_CHARS:
        found.append(
            Finding(
                "too_short",
                _("The answer is very short: say what was done, why, and what happens next."),
            )
        )
    title_terms = key_terms(title, 4) if title else []
    terms = key_terms(f"{title} {title} {question}")
    hits = [t for t in terms if mentions(answer, t)]
    needed = MIN_KEY_HITS if len(terms) > 3 else 1
    if terms and len(hits) < needed and not any(mentions(answer, t) for t in title_terms):
        found.append(
            Finding(
                "off_topic",
                _("The answer mentions little of what was asked (%(terms)s).")
                % {"terms": "、".join(terms[:5])},
            )
        )
    has_basis = any(w in answer for w in BASIS_WORDS)
    has_next = any(w in answer for w in NEXT_STEP_WORDS)
    if not has_basis and not has_next:
        found.append(
            Finding(
                "no_basis_or_next_step",
                _(
                    "The answer gives no basis (law, rule, policy) and no next step "
                    "(what will be done, by when)."
                ),
            )
        )
    return found
