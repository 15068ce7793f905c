"""The default category taxonomy: the 15 first-level areas of Chinese government message
classification (政务留言分类), each with second-level categories.

Every node carries intake `keywords` (words citizens actually write), a time limit in working
days and the name of its default handling department. `other_departments` lists further
departments that also handle the matter (they get the category in `Department.categories`).

The data is plain Python so the data migration can import it; the two loaders below work on
the current models and are what the demo generator and management code call.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from django.db import transaction


class CategoryNode(TypedDict):
    code: str
    name: str
    keywords: str
    time_limit_days: int
    department: str
    other_departments: NotRequired[tuple[str, ...]]
    children: NotRequired[list[CategoryNode]]


# Department names used below; the demo city creates exactly these.
ZHUJIAN = "示范市住房和城乡建设局"
CHENGGUAN = "示范市城市管理执法局"
ZIRAN = "示范市自然资源和规划局"
SHENGTAI = "示范市生态环境局"
JIAOTONG = "示范市交通运输局"
GONGAN = "示范市公安局"
JIAOYU = "示范市教育局"
WENLV = "示范市文化和旅游局"
TIYU = "示范市体育局"
RENSHE = "示范市人力资源和社会保障局"
YIBAO = "示范市医疗保障局"
SHANGWU = "示范市商务局"
SHICHANG = "示范市市场监督管理局"
FAGAI = "示范市发展和改革委员会"
WEIJIAN = "示范市卫生健康委员会"
NONGYE = "示范市农业农村局"
MINZHENG = "示范市民政局"
TUIYI = "示范市退役军人事务局"
YINGJI = "示范市应急管理局"
SIFA = "示范市司法局"
CAIZHENG = "示范市财政局"
JINGXIN = "示范市经济和信息化局"
JINRONG = "示范市地方金融管理局"
KEJI = "示范市科技局"
ZHENGWU = "示范市政务服务和大数据管理局"
XINFANG = "示范市信访局"
SHUIWU = "示范市水务局"
FAYUAN = "示范市中级人民法院"
JIANCHA = "示范市人民检察院"
JIANWEI = "示范市监察委员会"
GONGDIAN = "示范市供电公司"
SHUIJITUAN = "示范市水务集团"
RANQI = "示范市燃气集团"


TAXONOMY: list[CategoryNode] = [
    {
        "code": "01",
        "name": "城乡建设",
        "time_limit_days": 15,
        "department": ZHUJIAN,
        "keywords": "住房 小区 物业 房子 楼房 建设 施工 工地 市政 城建 拆迁 规划 开发商 改造",
        "children": [
            {
                "code": "0101",
                "name": "住房保障",
                "time_limit_days": 15,
                "department": ZHUJIAN,
                "keywords": "公租房 廉租房 保障房 经适房 人才公寓 住房补贴 租房补贴 轮候 配租 "
                "资格审核 安置房 共有产权房 住房困难 租金",
            },
            {
                "code": "0102",
                "name": "物业管理",
                "time_limit_days": 10,
                "department": ZHUJIAN,
                "keywords": "物业 物业费 保安 电梯 小区 业委会 停车位 维修基金 保洁 绿化 门禁 "
                "物业公司 垃圾清运 电梯故障 业主大会",
            },
            {
                "code": "0103",
                "name": "市政设施",
                "time_limit_days": 7,
                "department": CHENGGUAN,
                "other_departments": (ZHUJIAN,),
                "keywords": "路灯 井盖 下水道 排水 积水 人行道 窨井 路面破损 坑洼 公厕 雨水 "
                "管网 护栏 路灯不亮 排水不畅",
            },
            {
                "code": "0104",
                "name": "城市规划",
                "time_limit_days": 20,
                "department": ZIRAN,
                "keywords": "规划 规划许可 控规 批前公示 容积率 日照 楼间距 配套 学校用地 "
                "绿地率 规划变更 建筑高度 公建配套",
            },
            {
                "code": "0105",
                "name": "老旧小区改造",
                "time_limit_days": 20,
                "department": ZHUJIAN,
                "keywords": "老旧小区 改造 加装电梯 外墙脱落 管网改造 屋顶漏水 雨污分流 楼道 "
                "适老化 房屋加固 二次供水 墙皮",
            },
            {
                "code": "0106",
                "name": "违章建筑",
                "time_limit_days": 10,
                "department": CHENGGUAN,
                "keywords": "违建 违章搭建 私搭乱建 楼顶加盖 占用绿地 拆除 违法建设 彩钢棚 "
                "封阳台 圈地 私挖地下室 违规扩建",
            },
            {
                "code": "0107",
                "name": "房地产开发",
                "time_limit_days": 20,
                "department": ZHUJIAN,
                "keywords": "开发商 楼盘 交房 烂尾楼 延期交房 房产证 网签 预售 房屋质量 精装修 "
                "维权 办证难 售楼部 虚假宣传 公摊",
            },
            {
                "code": "0108",
                "name": "供水供电供气",
                "time_limit_days": 5,
                "department": SHUIJITUAN,
                "other_departments": (GONGDIAN, RANQI),
                "keywords": "停水 停电 水压低 水质 自来水 燃气 天然气 电费 水费 抄表 断电 "
                "电压不稳 燃气泄漏 管道 跳闸 没水",
            },
        ],
    },
    {
        "code": "02",
        "name": "环境保护",
        "time_limit_days": 15,
        "department": SHENGTAI,
        "keywords": "污染 环保 环境 排污 异味 噪音 垃圾 废水 废气 粉尘 臭味 生态",
        "children": [
            {
                "code": "0201",
                "name": "大气污染",
                "time_limit_days": 10,
                "department": SHENGTAI,
                "keywords": "空气 雾霾 粉尘 扬尘 油烟 废气 烟囱 异味 臭味 焚烧 秸秆焚烧 "
                "工地扬尘 餐饮油烟 冒黑烟",
            },
            {
                "code": "0202",
                "name": "水污染",
                "time_limit_days": 10,
                "department": SHENGTAI,
                "other_departments": (SHUIWU,),
                "keywords": "污水 排污 河道 黑臭水体 偷排 直排 发臭 死鱼 湖泊 排污口 工业废水 "
                "水面垃圾 水变色",
            },
            {
                "code": "0203",
                "name": "噪声污染",
                "time_limit_days": 5,
                "department": SHENGTAI,
                "other_departments": (GONGAN,),
                "keywords": "噪音 噪声 扰民 施工噪音 夜间施工 广场舞 装修 喇叭 KTV 机器轰鸣 "
                "鸣笛 半夜施工 吵",
            },
            {
                "code": "0204",
                "name": "固体废物",
                "time_limit_days": 10,
                "department": CHENGGUAN,
                "other_departments": (SHENGTAI,),
                "keywords": "垃圾 垃圾分类 建筑垃圾 危险废物 医疗废物 渣土 乱倒 堆放 垃圾站 "
                "填埋场 焚烧厂 垃圾桶 清运不及时",
            },
            {
                "code": "0205",
                "name": "生态保护",
                "time_limit_days": 15,
                "department": SHENGTAI,
                "other_departments": (ZIRAN,),
                "keywords": "湿地 绿化 树木 砍伐 古树 野生动物 山体 植被 保护区 非法捕捞 "
                "毁林 填湖 候鸟",
            },
            {
                "code": "0206",
                "name": "辐射和环评",
                "time_limit_days": 15,
                "department": SHENGTAI,
                "keywords": "辐射 基站 变电站 环评 环境影响评价 电磁 信号塔 化工厂 选址 "
                "环评公示 高压线 核辐射",
            },
        ],
    },
    {
        "code": "03",
        "name": "交通运输",
        "time_limit_days": 15,
        "department": JIAOTONG,
        "keywords": "交通 公交 道路 出行 车辆 停车 堵车 地铁 修路 客运 出租车 红绿灯",
        "children": [
            {
                "code": "0301",
                "name": "公共交通",
                "time_limit_days": 15,
                "department": JIAOTONG,
                "keywords": "公交 公交车 线路 站点 班次 地铁 末班车 首班车 司机 公交卡 "
                "发车间隔 延长线路 站台 换乘",
            },
            {
                "code": "0302",
                "name": "出租车网约车",
                "time_limit_days": 10,
                "department": JIAOTONG,
                "keywords": "出租车 的士 网约车 拒载 绕路 宰客 不打表 计价器 车费 司机态度 "
                "拼车 顺风车 黑车",
            },
            {
                "code": "0303",
                "name": "道路建设养护",
                "time_limit_days": 20,
                "department": JIAOTONG,
                "other_departments": (ZHUJIAN,),
                "keywords": "修路 道路 断头路 拓宽 坑洼 桥梁 乡村公路 路面破损 施工 围挡 高架 "
                "隧道 工期 绕行",
            },
            {
                "code": "0304",
                "name": "交通管理",
                "time_limit_days": 10,
                "department": GONGAN,
                "keywords": "红绿灯 信号灯 违章停车 乱停车 斑马线 拥堵 堵车 限行 交警 电子眼 "
                "罚单 违停 驾照 车管所",
            },
            {
                "code": "0305",
                "name": "停车管理",
                "time_limit_days": 10,
                "department": CHENGGUAN,
                "other_departments": (GONGAN,),
                "keywords": "停车 停车场 停车难 停车位 停车费 充电桩 僵尸车 占道停车 "
                "路边停车 收费 车位不足 地下车库",
            },
            {
                "code": "0306",
                "name": "非机动车和共享单车",
                "time_limit_days": 10,
                "department": JIAOTONG,
                "other_departments": (CHENGGUAN,),
                "keywords": "共享单车 电动车 乱停放 押金 电瓶车 头盔 非机动车道 自行车道 "
                "共享电单车 挡路 上牌",
            },
        ],
    },
    {
        "code": "04",
        "name": "教育文体",
        "time_limit_days": 20,
        "department": JIAOYU,
        "keywords": "学校 教育 孩子 上学 老师 幼儿园 入学 学位 培训 图书馆 文化 体育",
        "children": [
            {
                "code": "0401",
                "name": "学前教育",
                "time_limit_days": 20,
                "department": JIAOYU,
                "keywords": "幼儿园 入园 学位 托育 普惠园 民办园 收费 保育 早教 托班 "
                "入园难 园车 幼儿",
            },
            {
                "code": "0402",
                "name": "义务教育",
                "time_limit_days": 20,
                "department": JIAOYU,
                "keywords": "入学 学区 划片 小学 初中 转学 学位 择校 减负 作业 课后服务 "
                "校车 午餐 午托 学籍",
            },
            {
                "code": "0403",
                "name": "高中和职业教育",
                "time_limit_days": 20,
                "department": JIAOYU,
                "keywords": "高中 中考 职高 中职 技校 招生 职业教育 普职分流 高考 录取 分数线 实习",
            },
            {
                "code": "0404",
                "name": "校外培训",
                "time_limit_days": 10,
                "department": JIAOYU,
                "other_departments": (SHICHANG,),
                "keywords": "培训机构 补习班 退费 跑路 双减 课外辅导 预付费 违规办学 家教 "
                "托管班 艺术培训 学费",
            },
            {
                "code": "0405",
                "name": "教师队伍",
                "time_limit_days": 20,
                "department": JIAOYU,
                "keywords": "教师 老师 编制 代课老师 师德 体罚 教师工资 绩效 职称 补课 "
                "乡村教师 招聘",
            },
            {
                "code": "0406",
                "name": "文化设施和活动",
                "time_limit_days": 20,
                "department": WENLV,
                "keywords": "图书馆 文化馆 博物馆 农家书屋 文艺演出 文化活动 非遗 电影院 "
                "文化广场 读书 展览",
            },
            {
                "code": "0407",
                "name": "体育健身",
                "time_limit_days": 20,
                "department": TIYU,
                "keywords": "健身器材 体育场 体育馆 球场 全民健身 游泳馆 跑道 开放时间 "
                "篮球场 足球场 健身步道 器材损坏",
            },
        ],
    },
    {
        "code": "05",
        "name": "劳动和社会保障",
        "time_limit_days": 15,
        "department": RENSHE,
        "keywords": "工资 社保 就业 劳动 工作 养老金 失业 医保 退休 公司 单位 合同",
        "children": [
            {
                "code": "0501",
                "name": "劳动工资拖欠",
                "time_limit_days": 5,
                "department": RENSHE,
                "keywords": "欠薪 拖欠工资 农民工 讨薪 工资 包工头 结算 工钱 加班费 欠款 "
                "老板跑路 不发工资 工程款",
            },
            {
                "code": "0502",
                "name": "劳动关系",
                "time_limit_days": 15,
                "department": RENSHE,
                "keywords": "劳动合同 辞退 解雇 加班 工伤 劳动仲裁 试用期 经济补偿 双倍工资 "
                "裁员 年假 调岗 不签合同",
            },
            {
                "code": "0503",
                "name": "社会保险",
                "time_limit_days": 15,
                "department": RENSHE,
                "keywords": "社保 养老保险 失业保险 工伤保险 缴费 补缴 社保转移 断缴 退休 "
                "养老金 社保卡 认证 灵活就业",
            },
            {
                "code": "0504",
                "name": "医疗保险",
                "time_limit_days": 15,
                "department": YIBAO,
                "keywords": "医保 报销 异地就医 门诊统筹 医保卡 慢性病 大病保险 城乡居民医保 "
                "参保 医保缴费 备案 起付线",
            },
            {
                "code": "0505",
                "name": "就业创业",
                "time_limit_days": 20,
                "department": RENSHE,
                "keywords": "就业 招聘 失业 创业 创业贷款 技能培训 零工市场 再就业 就业补贴 "
                "见习 大学生 公益岗位",
            },
            {
                "code": "0506",
                "name": "人事人才",
                "time_limit_days": 20,
                "department": RENSHE,
                "keywords": "人才引进 职称评审 落户 人才补贴 人事档案 编制 事业单位 考试 "
                "公务员招录 人才公寓 学历认证",
            },
        ],
    },
    {
        "code": "06",
        "name": "商贸旅游",
        "time_limit_days": 15,
        "department": SHANGWU,
        "keywords": "商场 消费 价格 市场 旅游 景区 商家 投诉 购物 超市 酒店 退款",
        "children": [
            {
                "code": "0601",
                "name": "消费维权",
                "time_limit_days": 10,
                "department": SHICHANG,
                "keywords": "消费 投诉 退货 假货 短斤少两 虚假宣传 预付卡 跑路 售后 维权 "
                "退款 三无产品 霸王条款",
            },
            {
                "code": "0602",
                "name": "农贸市场",
                "time_limit_days": 15,
                "department": SHANGWU,
                "other_departments": (CHENGGUAN,),
                "keywords": "菜市场 农贸市场 摊位 菜价 占道经营 流动摊贩 早市 夜市 市场卫生 "
                "摊位费 活禽 鱼腥味",
            },
            {
                "code": "0603",
                "name": "商业网点",
                "time_limit_days": 20,
                "department": SHANGWU,
                "keywords": "商场 超市 便利店 商业网点 商业街 步行街 外卖 电商 菜店 社区商业 "
                "商业配套 买菜难",
            },
            {
                "code": "0604",
                "name": "旅游服务",
                "time_limit_days": 15,
                "department": WENLV,
                "keywords": "景区 门票 导游 旅行社 强制购物 景点 游客 酒店 民宿 旅游团 "
                "景区停车 黄金周 排队",
            },
            {
                "code": "0605",
                "name": "物价收费",
                "time_limit_days": 15,
                "department": FAGAI,
                "other_departments": (SHICHANG,),
                "keywords": "物价 涨价 收费标准 乱收费 明码标价 价格欺诈 收费 天价 收费公示 "
                "哄抬物价 水电价格",
            },
        ],
    },
    {
        "code": "07",
        "name": "卫生计生",
        "time_limit_days": 15,
        "department": WEIJIAN,
        "keywords": "医院 看病 医生 卫生 药 疫苗 医疗 健康 诊所 食品 生育 护士",
        "children": [
            {
                "code": "0701",
                "name": "医疗服务",
                "time_limit_days": 15,
                "department": WEIJIAN,
                "keywords": "医院 医生 看病难 挂号 排队 误诊 医疗纠纷 医德 门诊 急诊 住院 "
                "护士 检查费 床位",
            },
            {
                "code": "0702",
                "name": "公共卫生",
                "time_limit_days": 10,
                "department": WEIJIAN,
                "keywords": "疫苗 接种 传染病 防疫 消杀 蚊虫 老鼠 健康体检 慢病管理 流感 "
                "疾控 卫生死角",
            },
            {
                "code": "0703",
                "name": "基层医疗",
                "time_limit_days": 15,
                "department": WEIJIAN,
                "keywords": "社区医院 卫生服务中心 卫生院 村卫生室 家庭医生 签约 村医 药品短缺 "
                "基层首诊 取药 分级诊疗",
            },
            {
                "code": "0704",
                "name": "食品药品安全",
                "time_limit_days": 7,
                "department": SHICHANG,
                "keywords": "食品安全 过期 变质 餐馆 后厨 卫生许可 食物中毒 药店 假药 保健品 "
                "地沟油 外卖卫生 无证经营",
            },
            {
                "code": "0705",
                "name": "生育和妇幼健康",
                "time_limit_days": 20,
                "department": WEIJIAN,
                "keywords": "生育 二孩 三孩 生育登记 独生子女 奖励扶助 妇幼保健 产检 母婴室 "
                "生育补贴 托育 新生儿",
            },
        ],
    },
    {
        "code": "08",
        "name": "农村农业",
        "time_limit_days": 20,
        "department": NONGYE,
        "keywords": "农村 农民 村里 种地 土地 农业 村委会 养殖 补贴 合作社 村民 庄稼",
        "children": [
            {
                "code": "0801",
                "name": "农业生产",
                "time_limit_days": 15,
                "department": NONGYE,
                "keywords": "种子 化肥 农药 农机 收割 种粮补贴 种植 养殖 病虫害 粮食 "
                "假种子 农资 大棚",
            },
            {
                "code": "0802",
                "name": "农村土地",
                "time_limit_days": 20,
                "department": NONGYE,
                "other_departments": (ZIRAN,),
                "keywords": "承包地 土地流转 确权 宅基地 征地补偿 占地 耕地 撂荒 土地纠纷 "
                "流转费 承包合同 建房审批",
            },
            {
                "code": "0803",
                "name": "农村基础设施",
                "time_limit_days": 20,
                "department": NONGYE,
                "other_departments": (SHUIWU, JIAOTONG),
                "keywords": "村村通 饮水 自来水 灌溉 水渠 水利 塘堰 改厕 村道 路灯 农田水利 机耕路",
            },
            {
                "code": "0804",
                "name": "农村集体经济",
                "time_limit_days": 15,
                "department": NONGYE,
                "keywords": "集体资产 分红 村务公开 账目 合作社 村干部 集体收入 三资管理 "
                "集体土地 股份 财务公开",
            },
            {
                "code": "0805",
                "name": "畜牧和动物防疫",
                "time_limit_days": 10,
                "department": NONGYE,
                "keywords": "养猪 养殖场 猪瘟 禽流感 屠宰 动物防疫 粪污 异味 病死猪 狂犬病 "
                "检疫 养殖污染",
            },
            {
                "code": "0806",
                "name": "乡村振兴",
                "time_limit_days": 20,
                "department": NONGYE,
                "keywords": "乡村振兴 产业扶持 防返贫 脱贫户 美丽乡村 人居环境 帮扶 "
                "特色产业 电商进村 驻村工作队",
            },
        ],
    },
    {
        "code": "09",
        "name": "民政",
        "time_limit_days": 15,
        "department": MINZHENG,
        "keywords": "低保 救助 养老 老人 残疾 社区 困难 补贴 婚姻 殡葬 儿童 居委会",
        "children": [
            {
                "code": "0901",
                "name": "社会救助",
                "time_limit_days": 10,
                "department": MINZHENG,
                "keywords": "低保 特困 临时救助 困难家庭 救助 五保户 流浪乞讨 低保评定 "
                "取消低保 医疗救助 生活困难",
            },
            {
                "code": "0902",
                "name": "养老服务",
                "time_limit_days": 15,
                "department": MINZHENG,
                "keywords": "养老院 敬老院 老年食堂 居家养老 高龄补贴 日间照料 助餐 护理 "
                "养老机构 老年人 空巢老人 适老化",
            },
            {
                "code": "0903",
                "name": "残疾人服务",
                "time_limit_days": 15,
                "department": MINZHENG,
                "keywords": "残疾人 残疾证 轮椅 无障碍 康复 两项补贴 盲道 助残 残疾评定 辅具 托养",
            },
            {
                "code": "0904",
                "name": "婚姻登记和殡葬",
                "time_limit_days": 15,
                "department": MINZHENG,
                "keywords": "结婚登记 离婚登记 婚姻 殡葬 墓地 公墓 骨灰 丧葬费 火化 "
                "殡仪馆 天价墓 散埋乱葬",
            },
            {
                "code": "0905",
                "name": "社区治理",
                "time_limit_days": 20,
                "department": MINZHENG,
                "keywords": "社区 居委会 村委会 换届选举 社区服务 网格员 社会组织 志愿者 "
                "社区活动 党群服务中心 邻里纠纷",
            },
            {
                "code": "0906",
                "name": "退役军人服务",
                "time_limit_days": 15,
                "department": TUIYI,
                "keywords": "退役军人 军属 优抚 安置 烈士 抚恤 伤残军人 优待证 "
                "退伍 就业安置 光荣牌",
            },
            {
                "code": "0907",
                "name": "未成年人保护",
                "time_limit_days": 10,
                "department": MINZHENG,
                "keywords": "儿童 留守儿童 孤儿 困境儿童 监护 未成年人 虐待 辍学 "
                "儿童福利 网吧 未成年人保护",
            },
        ],
    },
    {
        "code": "10",
        "name": "政法",
        "time_limit_days": 15,
        "department": GONGAN,
        "keywords": "报警 派出所 警察 治安 法院 律师 纠纷 诈骗 户口 消防 安全 执法",
        "children": [
            {
                "code": "1001",
                "name": "社会治安",
                "time_limit_days": 7,
                "department": GONGAN,
                "keywords": "治安 偷盗 盗窃 抢劫 打架斗殴 黄赌毒 诈骗 电信诈骗 派出所 "
                "报警 出警慢 监控 巡逻",
            },
            {
                "code": "1002",
                "name": "户籍管理",
                "time_limit_days": 15,
                "department": GONGAN,
                "keywords": "户口 户籍 落户 迁移 身份证 居住证 户口本 分户 出生登记 "
                "户口迁出 集体户 补办",
            },
            {
                "code": "1003",
                "name": "消防安全",
                "time_limit_days": 5,
                "department": YINGJI,
                "keywords": "消防 火灾 消防通道 堵塞 灭火器 电动车充电 飞线充电 楼道堆物 "
                "消防栓 烟感 火灾隐患",
            },
            {
                "code": "1004",
                "name": "法律服务",
                "time_limit_days": 15,
                "department": SIFA,
                "keywords": "法律援助 律师 公证 人民调解 纠纷 调解 普法 法律咨询 司法所 "
                "律师收费 社区矫正",
            },
            {
                "code": "1005",
                "name": "诉讼和执行",
                "time_limit_days": 20,
                "department": FAYUAN,
                "keywords": "法院 判决 执行 立案 审判 诉讼 执行难 老赖 开庭 法官 上诉 "
                "执行款 拖延审理",
            },
            {
                "code": "1006",
                "name": "检察监督",
                "time_limit_days": 20,
                "department": JIANCHA,
                "keywords": "检察院 公益诉讼 抗诉 申诉 检察 不起诉 控告 法律监督 "
                "司法不公 检察建议 羁押",
            },
            {
                "code": "1007",
                "name": "安全生产",
                "time_limit_days": 5,
                "department": YINGJI,
                "keywords": "安全生产 安全隐患 危化品 矿山 工地安全 事故 应急 液化气 "
                "违规作业 安全检查 爆炸",
            },
        ],
    },
    {
        "code": "11",
        "name": "国土资源",
        "time_limit_days": 20,
        "department": ZIRAN,
        "keywords": "土地 征收 拆迁 不动产 房产证 国土 采矿 地质 耕地 补偿 用地 宅基地",
        "children": [
            {
                "code": "1101",
                "name": "土地征收和拆迁",
                "time_limit_days": 20,
                "department": ZIRAN,
                "other_departments": (ZHUJIAN,),
                "keywords": "征地 征收 拆迁 补偿 安置 搬迁 征收补偿 补偿标准 强拆 安置房 "
                "过渡费 拆迁款",
            },
            {
                "code": "1102",
                "name": "不动产登记",
                "time_limit_days": 15,
                "department": ZIRAN,
                "keywords": "不动产 房产证 产权证 过户 抵押 不动产登记 办证 土地证 继承 "
                "更名 查档 分割",
            },
            {
                "code": "1103",
                "name": "矿产资源",
                "time_limit_days": 15,
                "department": ZIRAN,
                "keywords": "采矿 采砂 非法开采 挖沙 矿山 采石场 河砂 矿山修复 盗采 炸山 开采许可",
            },
            {
                "code": "1104",
                "name": "地质灾害",
                "time_limit_days": 5,
                "department": ZIRAN,
                "other_departments": (YINGJI,),
                "keywords": "山体滑坡 地面塌陷 地裂缝 崩塌 泥石流 地质灾害 隐患点 "
                "落石 边坡 房屋开裂",
            },
            {
                "code": "1105",
                "name": "土地利用",
                "time_limit_days": 20,
                "department": ZIRAN,
                "keywords": "土地闲置 违法用地 耕地保护 占用耕地 用地审批 土地出让 "
                "土地性质 基本农田 挖塘 建房",
            },
        ],
    },
    {
        "code": "12",
        "name": "经济管理",
        "time_limit_days": 20,
        "department": FAGAI,
        "keywords": "企业 经济 营商环境 审批 项目 税收 融资 银行 招商 补贴 工厂 园区",
        "children": [
            {
                "code": "1201",
                "name": "营商环境",
                "time_limit_days": 15,
                "department": FAGAI,
                "keywords": "企业 营商环境 审批 减税降费 民营企业 中小企业 惠企政策 涉企收费 "
                "拖欠账款 政策兑现 企业诉求",
            },
            {
                "code": "1202",
                "name": "财政税务",
                "time_limit_days": 20,
                "department": CAIZHENG,
                "keywords": "财政 税收 补贴资金 专项资金 预算 发票 个税 退税 资金拨付 "
                "政府采购 财政补助",
            },
            {
                "code": "1203",
                "name": "工业和园区发展",
                "time_limit_days": 20,
                "department": JINGXIN,
                "keywords": "工厂 园区 产业 招商引资 项目 开工 停产 工业用地 厂房 "
                "技术改造 产业链 用电",
            },
            {
                "code": "1204",
                "name": "金融服务",
                "time_limit_days": 15,
                "department": JINRONG,
                "keywords": "银行 贷款 非法集资 理财 保险 金融诈骗 网贷 催收 小额贷款 "
                "担保 存款 利息",
            },
            {
                "code": "1205",
                "name": "市场主体登记",
                "time_limit_days": 10,
                "department": SHICHANG,
                "keywords": "营业执照 注册 个体户 年报 注销 经营范围 变更登记 地址 公司注册 许可证",
            },
        ],
    },
    {
        "code": "13",
        "name": "科技与信息产业",
        "time_limit_days": 20,
        "department": KEJI,
        "keywords": "科技 网络 信号 宽带 专利 创新 数据 信息 手机 互联网 APP 研发",
        "children": [
            {
                "code": "1301",
                "name": "科技创新",
                "time_limit_days": 20,
                "department": KEJI,
                "keywords": "科技 创新 专利 高新技术企业 研发 科研 孵化器 成果转化 科技项目 "
                "研发补贴 实验室 人才",
            },
            {
                "code": "1302",
                "name": "通信网络",
                "time_limit_days": 10,
                "department": JINGXIN,
                "keywords": "宽带 网络 手机信号 5G 基站 电信 移动 联通 网速 光纤 信号差 断网",
            },
            {
                "code": "1303",
                "name": "数字政务",
                "time_limit_days": 15,
                "department": ZHENGWU,
                "keywords": "政务APP 网上办事 小程序 一网通办 系统故障 数据共享 电子证照 "
                "线上预约 办事系统 登录不了",
            },
            {
                "code": "1304",
                "name": "个人信息保护",
                "time_limit_days": 10,
                "department": GONGAN,
                "keywords": "个人信息 信息泄露 骚扰电话 垃圾短信 推销电话 隐私 人脸识别 "
                "实名 数据泄露 诈骗电话",
            },
            {
                "code": "1305",
                "name": "知识产权",
                "time_limit_days": 20,
                "department": SHICHANG,
                "keywords": "商标 专利 侵权 盗版 知识产权 假冒 山寨 版权 商标注册 维权",
            },
        ],
    },
    {
        "code": "14",
        "name": "党务政务",
        "time_limit_days": 15,
        "department": ZHENGWU,
        "keywords": "政府 办事 窗口 审批 信访 公开 热线 工作人员 部门 服务 材料 证明",
        "children": [
            {
                "code": "1401",
                "name": "政务服务",
                "time_limit_days": 10,
                "department": ZHENGWU,
                "keywords": "办事 窗口 审批 办事难 排队 一次办好 材料 证明 政务服务中心 "
                "跑腿 预约 工作人员态度",
            },
            {
                "code": "1402",
                "name": "政务公开",
                "time_limit_days": 15,
                "department": ZHENGWU,
                "keywords": "信息公开 公示 政府信息 依申请公开 公开 政策解读 文件 "
                "政府网站 答复 公开目录",
            },
            {
                "code": "1403",
                "name": "信访事项",
                "time_limit_days": 15,
                "department": XINFANG,
                "keywords": "信访 上访 重复信访 信访件 信访答复 接访 信访复查 信访事项 来访 来信",
            },
            {
                "code": "1404",
                "name": "热线工单",
                "time_limit_days": 10,
                "department": ZHENGWU,
                "keywords": "12345 热线 市长热线 回电 工单 满意度 打不通 转办 重复工单 办结 回访",
            },
        ],
    },
    {
        "code": "15",
        "name": "纪检监察",
        "time_limit_days": 20,
        "department": JIANWEI,
        "keywords": "举报 腐败 贪污 受贿 违纪 干部 作风 监察 纪委 公职人员 不作为 挪用",
        "children": [
            {
                "code": "1501",
                "name": "违纪违法举报",
                "time_limit_days": 30,
                "department": JIANWEI,
                "keywords": "举报 贪污 受贿 腐败 违纪 违法 挪用公款 行贿 利益输送 "
                "以权谋私 权钱交易",
            },
            {
                "code": "1502",
                "name": "作风问题",
                "time_limit_days": 20,
                "department": JIANWEI,
                "keywords": "作风 吃拿卡要 不作为 慢作为 推诿扯皮 态度恶劣 公车私用 "
                "违规吃喝 门难进 脸难看",
            },
            {
                "code": "1503",
                "name": "基层微腐败",
                "time_limit_days": 20,
                "department": JIANWEI,
                "keywords": "村干部 优亲厚友 低保造假 套取补贴 截留 虚报冒领 吃空饷 "
                "集体资金 小官巨贪 账目不清",
            },
            {
                "code": "1504",
                "name": "公职人员履职",
                "time_limit_days": 20,
                "department": JIANWEI,
                "keywords": "公务员 执法人员 乱罚款 违规执法 处分 滥用职权 玩忽职守 "
                "选择性执法 执法粗暴 违规收费",
            },
        ],
    },
]


def iter_nodes(nodes: list[CategoryNode] | None = None) -> list[CategoryNode]:
    """Every node, parents before their children, in taxonomy order."""
    found: list[CategoryNode] = []
    for node in TAXONOMY if nodes is None else nodes:
        found.append(node)
        found.extend(iter_nodes(node.get("children", [])))
    return found


def department_names() -> list[str]:
    """Every department the taxonomy names, in first-use order."""
    names: list[str] = []
    for node in iter_nodes():
        for name in (node["department"], *node.get("other_departments", ())):
            if name not in names:
                names.append(name)
    return names


def load_taxonomy_into(category_model: Any) -> int:
    """Create or update every category by code, without departments. Works with the real
    model and with a historical model from `apps.get_model` (it sets `level` itself).
    Returns the number of categories created."""
    created = 0
    by_code: dict[str, Any] = {}
    for order, node in enumerate(iter_nodes(), start=1):
        code = node["code"]
        parent = by_code.get(code[:-2]) if len(code) > 2 else None
        defaults = {
            "name": node["name"],
            "parent": parent,
            "level": len(code) // 2,
            "keywords": node["keywords"],
            "time_limit_days": node["time_limit_days"],
            "sort_order": order,
        }
        obj, was_created = category_model.objects.update_or_create(code=code, defaults=defaults)
        by_code[code] = obj
        created += int(was_created)
    return created


def load_default_taxonomy() -> int:
    """Create or update the default categories (idempotent, by code); returns how many
    were created."""
    from lianxi.directory.models import Category

    with transaction.atomic():
        return load_taxonomy_into(Category)


def link_default_departments() -> int:
    """Point each default category at its default department and add it to the
    `categories` of every department that handles it, matching departments by name.
    Categories whose department does not exist are left alone. Returns how many
    categories got a default department."""
    from lianxi.directory.models import Category, Department

    departments = {d.name: d for d in Department.objects.filter(name__in=department_names())}
    categories = {
        c.code: c for c in Category.objects.filter(code__in=[n["code"] for n in iter_nodes()])
    }
    linked = 0
    with transaction.atomic():
        for node in iter_nodes():
            category = categories.get(node["code"])
            default = departments.get(node["department"])
            if category is None or default is None:
                continue
            if category.default_department_id != default.pk:
                category.default_department = default
                category.save(update_fields=["default_department"])
            linked += 1
            handlers = [default] + [
                departments[name]
                for name in node.get("other_departments", ())
                if name in departments
            ]
            for department in handlers:
                department.categories.add(category)
    return linked
