"""Made-up intake texts for tests and benchmarks, built from the default taxonomy's keywords
(lianxi/directory/taxonomy.py): each text mixes keywords of one second-level category with
places, times and everyday phrasing, plus a little noise from other categories."""

from __future__ import annotations

import random

from lianxi.directory.taxonomy import TAXONOMY

PLACES = (
    "青石社区", "松林街道", "东湖区", "西山区", "滨江路", "人民路", "幸福里小区", "建设北路",
    "城南新村", "学府花园", "工业园", "火车站附近", "老城区", "河西片区", "新华村",
)  # fmt: skip
OPENINGS = (
    "您好，", "尊敬的领导：", "我是附近居民，", "反映一个问题：", "想咨询一下，", "",
    "我们这里", "多次反映无果，", "再次反映，",
)  # fmt: skip
MIDDLES = (
    "已经持续{n}个月了", "从{n}月份开始就这样", "影响{n}多户居民", "打了{n}次电话没人管",
    "问题一直没有解决", "给生活带来很大不便", "老人孩子都受影响", "周边群众意见很大",
)  # fmt: skip
CLOSINGS = (
    "希望尽快处理。", "请相关部门核实。", "恳请领导重视。", "盼复。", "谢谢！",
    "希望给个说法。", "请尽快解决。",
)  # fmt: skip


def categories() -> list[tuple[str, list[str]]]:
    """(code, keywords) of every second-level category of the default taxonomy."""
    out = []
    for top in TAXONOMY:
        for child in top.get("children", []):
            words = [*child["keywords"].split(), child["name"]]
            out.append((child["code"], words))
    return out


def text_for(words: list[str], rng: random.Random, noise: list[str]) -> str:
    chosen = rng.sample(words, k=min(len(words), rng.randint(2, 4)))
    parts = [rng.choice(OPENINGS), rng.choice(PLACES)]
    for word in chosen:
        parts.append(word)
        parts.append(rng.choice(MIDDLES).format(n=rng.randint(2, 9)) + "，")
    if noise and rng.random() < 0.3:
        parts.append(rng.choice(noise) + "也有问题，")
    parts.append(rng.choice(CLOSINGS))
    return "".join(parts)


def generate(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """`n` (text, category code) pairs, categories evenly spread."""
    rng = random.Random(seed)  # noqa: S311 (test data)
    cats = categories()
    noise = [w for _code, words in cats for w in words]
    return [
        (text_for(words, rng, noise), code)
        for code, words in (cats[i % len(cats)] for i in range(n))
    ]
