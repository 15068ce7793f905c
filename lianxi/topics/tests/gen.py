"""Generated matters with known groups (the project's own data; no external text)."""

from __future__ import annotations

import random

PLACES = [
    "翠湖名苑小区", "金桂花园", "青松家园", "银杏新村", "锦绣华府", "枫林湾小区", "明珠广场",
    "东风路菜市场", "红星中学", "向阳幼儿园", "石桥村", "滨江公寓", "梧桐巷", "望湖大道",
    "紫荆苑", "福寿新城", "南湖公园", "朝阳街", "玉兰雅居", "星河湾小区", "长乐社区",
    "白鹭洲花园", "凤凰台小区", "清水塘村", "龙泉商城", "桃源里", "松鹤苑", "海棠湾",
]  # fmt: skip
PROBLEMS = [
    ("{p}电梯频繁故障", ["电梯最近一个月坏了好几次", "老人被困在电梯里", "物业只是简单修一下",
                     "维保单位不来检修"]),
    ("{p}附近工地夜间施工噪音扰民", ["工地每天晚上施工到凌晨", "打桩声音很大", "孩子无法入睡",
                           "渣土车来回轰鸣"]),
    ("{p}饭店油烟直排", ["楼下新开的饭店没有油烟净化设备", "油烟直接排到居民窗户", "家里全是油味",
                    "晚上烧烤摊也在冒烟"]),
    ("{p}停车位被占用收费混乱", ["车位被外来车辆长期占用", "物业乱收停车费", "业主没有车位",
                        "消防通道也停满了车"]),
    ("{p}自来水水质发黄", ["自来水发黄有异味", "烧开后有沉淀", "担心影响健康", "二次供水水箱没人清洗"]),
    ("{p}路灯长期不亮", ["路灯已经坏了三个月", "晚上一片漆黑", "行人容易摔倒", "电动车撞到了路边石"]),
    ("{p}垃圾清运不及时", ["垃圾桶满了也没人清运", "天热臭味很大", "很多蚊虫苍蝇", "垃圾站污水横流"]),
    ("{p}开发商延期交房", ["开发商承诺去年年底交房", "到现在还没有交付", "也没有说明原因",
                      "业主还要同时还房贷和房租"]),
]  # fmt: skip
OPENERS = ["", "投诉", "反映", "请问", "强烈要求解决", "关于"]
FILLERS = [
    "已经向物业反映过多次，没有结果。",
    "希望有关部门尽快来现场看看。",
    "周围很多居民都有意见。",
    "这个情况持续很久了。",
    "恳请领导重视。",
    "附近还有学校和医院。",
    "拍了照片可以提供。",
    "上次打热线说会处理，后来不了了之。",
    "家里老人身体不好。",
    "很多业主在群里讨论这件事。",
    "盼复。",
    "谢谢！",
]


def make(
    seed: int = 1, groups: int = 6, per_group: int = 5, singles: int = 40
) -> tuple[list[tuple[str, str]], list[int]]:
    """([(title, content)], [group number or -1]). Each group is one problem at one place,
    written several ways; singles are other problems at other places."""
    rng = random.Random(seed)
    places = PLACES[:]
    rng.shuffle(places)
    texts: list[tuple[str, str]] = []
    labels: list[int] = []
    pairs = [(places[i], PROBLEMS[i % len(PROBLEMS)]) for i in range(groups)]
    for number, (place, (title, content)) in enumerate(pairs):
        for _i in range(per_group):
            opener = rng.choice(OPENERS)
            body = _body(rng, place, content)
            texts.append((opener + title.format(p=place), body))
            labels.append(number)
    used = {(p, t) for p, (t, _c) in pairs}
    rest = places[groups:]
    count = 0
    while count < singles:
        place = rng.choice(rest)
        title, content = rng.choice(PROBLEMS)
        if (place, title) in used:
            continue
        used.add((place, title))
        texts.append((title.format(p=place), _body(rng, place, content)))
        labels.append(-1)
        count += 1
    return texts, labels


def _body(rng: random.Random, place: str, sentences: list[str]) -> str:
    said = rng.sample(sentences, 3) + rng.sample(FILLERS, 1)
    rng.shuffle(said)
    return place + "，" + "，".join(said) + "。"
