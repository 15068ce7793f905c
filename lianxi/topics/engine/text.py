"""Turning a citizen's title and text into weighted terms."""

from __future__ import annotations

import re
from collections import Counter

import rjieba

# Administrative codes of anonymised data ("A市", "A7县", "K3区") and our own districts' suffixes
# glue onto the next word in jieba; cut them off first.
PLACE_WEIGHT = 2
ADMIN_CODE_RE = re.compile(r"[A-Z]\d{0,2}[市县区]")
CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]{2,}")
LONG_NUMBER_RE = re.compile(r"\d{5,}")  # phones, ID and account numbers: never terms

# Words every citizen writes whatever the matter; they say nothing about which matter it is.
STOPWORDS = frozenset(
    """
    的 了 是 在 和 与 及 或 也 都 就 还 又 很 把 被 让 给 对 从 向 到 为 以 于 而 但 并 如 若
    我们 你们 他们 她们 我 你 他 她 它 本人 自己 大家 有关 相关 部门 领导 政府 市民 居民 群众
    反映 投诉 举报 咨询 请问 请求 希望 建议 要求 恳请 呼吁 强烈 尽快 及时 解决 处理 问题 情况
    事情 一下 一些 这个 那个 这些 那些 这样 那样 什么 怎么 如何 为何 为什么 是否 能否 可以
    能够 应该 已经 现在 目前 一直 多次 至今 没有 不是 不能 不要 不会 还是 还有 以及 因为 所以
    但是 而且 并且 如果 虽然 关于 对于 其中 之后 以后 以前 之前 时候 时间 期间 今年 去年
    谢谢 感谢 您好 你好 尊敬 领导们 书记 市长 局长 回复 答复 落实 重视 关注 帮助 帮忙 麻烦
    造成 导致 存在 进行 出现 发生 得到 作为 通过 根据 按照 有人 这里 那里 地方 方面 严重
    非常 特别 十分 比较 一个 一名 一位 一家 每天 天天 经常 不仅 同时 另外 此外 其他 其它
    加快 加大 力度 推进 提高 完善 优化 行动 具体 有何 刻不容缓 全面 进一步 切实 积极 努力
    A市 省 市 县 区 镇 乡 街道 社区 小区 附近 周边 门口 旁边 对面 位于 地址 电话
    """.split()
)


def normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, administrative codes and long numbers out."""
    text = text.translate(FULLWIDTH)
    text = LONG_NUMBER_RE.sub(" ", text)
    return ADMIN_CODE_RE.sub(" ", text)


FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def words(text: str) -> list[str]:
    """jieba words of two or more characters that are not stop words."""
    out: list[str] = []
    for word in rjieba.cut(normalise(text)):
        word = word.strip()
        if len(word) < 2 or word in STOPWORDS or word.isdigit():
            continue
        if not any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in word):
            continue
        out.append(word.lower())
    return out


def bigrams(text: str) -> list[str]:
    """Character bigrams of the Chinese runs: robust to jieba splitting a place name badly
    (丽发新城 → 丽发 发新 新城)."""
    out: list[str] = []
    for run in CJK_RUN_RE.findall(normalise(text)):
        out.extend("#" + run[i : i + 2] for i in range(len(run) - 1))
    return out


def terms(title: str, content: str) -> Counter[str]:
    """Term counts of one matter. Places named in the title weigh most, the title counts double
    and adds its bigrams; the content adds its words (its first 1,500 characters: long letters repeat themselves)."""
    counts: Counter[str] = Counter()
    for place in places(title):  # a place weighs most: same problem elsewhere is another matter
        counts["@" + place] += PLACE_WEIGHT
    for word in words(title):
        counts[word] += 2
    for gram in bigrams(title):
        counts[gram] += 1
    for word in words(content[:800]):
        counts[word] += 1
    return counts


PLACE_SUFFIXES = (
    "小区", "花园", "家园", "新城", "新村", "公寓", "大厦", "广场", "名苑", "雅居", "华府", "山庄",
    "苑", "城", "村", "社区", "路", "街", "大道", "巷", "里", "湾", "府", "园", "洲", "台",
    "庄", "居", "阁", "邸", "坊", "郡", "墅",
    "学校", "小学", "中学", "幼儿园", "学院", "医院", "市场", "公园", "商城", "工地", "项目",
)  # fmt: skip
PLACE_WORD_SUFFIXES = tuple(s for s in PLACE_SUFFIXES if len(s) >= 2)


SINGLE_SUFFIXES = frozenset(s for s in PLACE_SUFFIXES if len(s) == 1)
# Institutions are often what a matter is about (… 幼儿园收费过高): a place name does not run on
# into them.
INSTITUTIONS = frozenset("学校 小学 中学 幼儿园 学院 医院 市场 项目 工地 商城 路 街".split())


def _is_suffix(token: str) -> bool:
    return token in PLACE_SUFFIXES or (
        len(token) == 2 and token[-1] in SINGLE_SUFFIXES and token not in GENERIC_PLACE_WORDS
    )


# Words that qualify an institution rather than name a place (老旧小区, 职业学校, 普惠性幼儿园).
GENERIC_PLACE_WORDS = frozenset(
    "老旧 职业 普惠 普惠性 配套 公办 民办 私立 公立 周边 农贸 城市 乡村 农村 公共 新建 附属 "
    "居民 商住 安置 保障性 棚改 回迁 乡村 城乡".split()
)


def _is_name_part(token: str) -> bool:
    return (
        token not in STOPWORDS
        and token not in GENERIC_PLACE_WORDS
        and all("\u4e00" <= ch <= "\u9fff" for ch in token)
        and not _is_suffix(token)
    )


def places(title: str) -> list[str]:
    """The place a title names first: a run of place-suffix words (苑, 湾 小区, 中学) with up
    to two name words before it (紫荆 + 苑, 枫林 + 湾 + 小区), joined with a place right after
    it (伊景园 + 滨河苑). Later places in a title are usually what the matter is about (… 门口
    设置医院), not where it is. Returns [] or [name]."""
    tokens = [t.strip() for t in rjieba.cut(normalise(title)) if t.strip()]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        whole = (
            len(token) >= 3
            and token.endswith(PLACE_SUFFIXES)
            and token not in STOPWORDS
            and all("\u4e00" <= ch <= "\u9fff" for ch in token)
        )
        if not whole and not _is_suffix(token):
            i += 1
            continue
        end = i
        while (
            end + 1 < len(tokens)
            and tokens[end + 1] in PLACE_SUFFIXES
            and tokens[end + 1] not in INSTITUTIONS
        ):
            end += 1
        start = i
        if not whole:
            while start > 0 and i - start < 2 and _is_name_part(tokens[start - 1]):
                start -= 1
        while (
            end + 1 < len(tokens)
            and _is_suffix(tokens[end + 1])
            and len(tokens[end + 1]) == 2
            and tokens[end + 1] not in INSTITUTIONS
        ):
            end += 1  # 玉苑 + 名苑: two place words make a name without a name word
        if whole or start < i or end > i:
            if spans and start <= spans[-1][1] + 1 and tokens[end] in SINGLE_SUFFIXES:
                spans[-1] = (spans[-1][0], end)  # 伊景园 + 滨河苑
            elif spans:
                break  # the first place is complete
            else:
                spans.append((start, end))
        i = end + 1
    if not spans:
        return []
    name = "".join(tokens[spans[0][0] : spans[0][1] + 1])
    return [name] if 3 <= len(name) <= 16 else []


def is_place_word(word: str, *, part: bool = False) -> bool:
    """Whether a word names a place (万家丽南路, 枫林湾小区, 石桥村); with part=True, whether it
    can be the distinctive part of a place's name (丽发 of 丽发新城, not 新城 or 老旧)."""
    if not all("\u4e00" <= ch <= "\u9fff" for ch in word) or word in STOPWORDS:
        return False
    if word in PLACE_SUFFIXES or word in GENERIC_PLACE_WORDS or word in INSTITUTIONS:
        return False
    if word.endswith(NOT_PLACE_ENDINGS):
        return False
    if part:
        return len(word) >= 2
    return len(word) >= 3 and word.endswith(PLACE_WORD_ENDINGS)


# Words ending like a road or a street that name no particular one.
NOT_PLACE_ENDINGS = tuple(
    "公路 道路 马路 铁路 线路 网路 思路 出路 门路 套路 走路 水路 电路 销路 去路 来路 退路 之路 "
    "小路 大路 支路 岔路 环路 绕路 修路 断路 步行街 商业街 小吃街 美食街 大街".split()
)


# Endings that make a word a place of its own. Not institutions (医院 is what a matter is
# about, not where) and not 台 里 居 府, which end everyday words (平台, 哪里, 邻居, 政府).
PLACE_WORD_ENDINGS = (
    *(s for s in PLACE_SUFFIXES if s not in INSTITUTIONS and s not in {"台", "里", "居", "府"}),
    "路",
    "街",
)


def place_core(place: str) -> str:
    """The name part of a place: 枫林湾小区 → 枫林, 紫荆苑 → 紫荆 (compared between matters)."""
    core = place
    changed = True
    while changed and len(core) > 2:
        changed = False
        for suffix in PLACE_SUFFIXES:
            if core.endswith(suffix) and len(core) - len(suffix) >= 2:
                core = core[: -len(suffix)]
                changed = True
                break
    return core


def same_place(ours: frozenset[str], theirs: frozenset[str]) -> bool | None:
    """None when either names no place; else whether some place name of each share two
    consecutive characters (中贸城 / 中茂城 are told apart, 丽发新城小区 / 丽发新城 are not)."""
    if not ours or not theirs:
        return None
    grams = {c[i : i + 2] for c in ours for i in range(len(c) - 1)}
    return any(c[i : i + 2] in grams for c in theirs for i in range(len(c) - 1))
