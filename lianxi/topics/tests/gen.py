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


# A campaign: many citizens writing about one problem at one place in their own words, so
# that two letters often share little beyond the place (the grouping's hard case).
PLANT = ["搅拌站", "混凝土搅拌站", "搅拌厂", "水泥搅拌站"]
PLANT_HARM = [
    "噪音很大，晚上根本睡不着", "粉尘满天飞，阳台上全是灰", "扬尘严重，窗户都不敢开",
    "运渣车来回轰鸣", "机器日夜轰鸣", "孩子咳嗽不止", "水泥罐车在路边排长队",
    "灰尘落满了晾的衣服", "老人被吵得心慌", "空气里都是水泥味",
]  # fmt: skip
PLANT_ASK = [
    "请尽快把它搬走。", "要求停产整改。", "请环保部门查一查。", "它有没有审批手续？",
    "离居民楼不到一百米，合法吗？", "希望还我们安静的生活。",
]  # fmt: skip
PLANT_TITLES = [
    "{p}附近{s}噪音扰民", "投诉{p}旁边建{s}", "{p}{s}粉尘污染严重", "{s}严重影响{p}居民生活",
    "{p}业主反对{s}", "关于{p}{s}的投诉", "{s}扬尘噪音扰民", "小区旁边的{s}什么时候搬走",
]  # fmt: skip
SAME_PLACE_OTHER = [
    ("{p}道路坑坑洼洼", "{p}一期和二期中间的道路坑坑洼洼，下雨一身泥，请安排修路。"),
    ("{p}停水不通知", "{p}这几天经常停水，物业事先不通知，居民没法做饭洗澡。"),
    ("{p}垃圾站臭味大", "{p}二期楼下的垃圾站臭气熏天，夏天蚊蝇很多，请挪个位置。"),
    ("{p}物业乱收停车费", "{p}物业突然把停车费涨了一倍，也没有开业主大会。"),
    ("{p}公交班次太少", "{p}门口只有一趟公交车，早上等半个小时都等不到。"),
    ("{p}三期违建会不会影响交房", "听说{p}三期在规划红线外，已经买了房的业主担心交不了房。"),
]  # fmt: skip


def campaign(
    seed: int, place: str, size: int
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the campaign's letters, other problems at the same place)."""
    rng = random.Random(seed)
    letters = []
    for _n in range(size):
        plant = rng.choice(PLANT)
        title = rng.choice(PLANT_TITLES).format(p=place, s=plant)
        harms = "，".join(rng.sample(PLANT_HARM, 2))
        where = rng.choice(["我是{p}的业主", "{p}旁边", "我家住在{p}", "{p}附近"])
        body = f"{where.format(p=place)}，开发商建了个{plant}，{harms}。{rng.choice(PLANT_ASK)}"
        letters.append((rng.choice(OPENERS) + title, body + rng.choice(FILLERS)))
    others = [(t.format(p=place), c.format(p=place)) for t, c in SAME_PLACE_OTHER]
    return letters, others
