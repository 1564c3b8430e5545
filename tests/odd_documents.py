"""Documents with odd structures, written for the tests: one chapter, 70
chapters, no headings, one paragraph, chapters that are only a heading.

Their paragraphs are sentences built from a fixed pool of policy phrases,
different for every chapter (so keywords and topics have something to find),
deterministic (so two runs give the same text)."""

from __future__ import annotations

CN = "一二三四五六七八九十"

SUBJECTS = [
    "科技创新", "产业体系", "乡村振兴", "生态文明", "对外开放", "民生保障", "区域协调", "文化建设",
    "营商环境", "数字经济", "海洋经济", "城市更新", "粮食安全", "绿色低碳", "教育事业", "医疗卫生",
    "交通运输", "水利设施", "能源供应", "社会治理", "安全生产", "金融服务", "人才队伍", "养老服务",
]
ACTIONS = ["加快发展", "全面提升", "持续完善", "大力推动", "深化改革", "着力建设", "稳步扩大", "统筹推进"]
OBJECTS = [
    "重点项目", "体制机制", "公共服务", "基础设施", "市场主体", "示范区", "产业集群", "服务体系",
    "监管能力", "技术标准", "投资规模", "消费需求", "园区平台", "数据资源", "人才培养", "质量效益",
]


def cn(n: int) -> str:
    """Chinese numeral for 1..99."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN[tens - 1]) + "十" if tens else "") + (CN[ones - 1] if ones else "")


def sentence(i: int, j: int) -> str:
    subject = SUBJECTS[(i * 7 + j) % len(SUBJECTS)]
    other = SUBJECTS[(i * 3 + j * 5 + 1) % len(SUBJECTS)]
    return (f"{ACTIONS[(i + j) % len(ACTIONS)]}{subject}，"
            f"{ACTIONS[(i * 5 + j * 3 + 2) % len(ACTIONS)]}{OBJECTS[(i * 11 + j) % len(OBJECTS)]}，"
            f"促进{other}与{OBJECTS[(i + j * 7) % len(OBJECTS)]}协同发展。")


def paragraph(i: int, n_sentences: int = 4) -> str:
    return "".join(sentence(i, j) for j in range(n_sentences))


def one_chapter() -> str:
    body = "\n".join(paragraph(i) for i in range(18))
    return f"关于推进全市重点工作的报告\n各位代表：\n{paragraph(40, 2)}\n一、全面完成今年目标任务\n{body}\n"


def seventy_chapters() -> str:
    chapters = "\n".join(f"{cn(c)}、{SUBJECTS[c % len(SUBJECTS)]}第{c}项任务\n{paragraph(c, 3)}\n{paragraph(c + 100, 3)}"
                         for c in range(1, 71))
    return f"关于七十项重点任务的实施意见\n{paragraph(90, 2)}\n{chapters}\n"


def no_headings() -> str:
    body = "\n".join(paragraph(i) for i in range(24))
    return f"关于加快发展若干产业的措施\n{body}\n"


def one_paragraph() -> str:
    return f"关于做好有关工作的通知\n{paragraph(5, 3)}\n"


def heading_only_chapters() -> str:
    """Chapters 二 and 四 are a heading and nothing else."""
    return ("关于三项改革的决定\n"
            f"一、深化科技体制改革\n{paragraph(1)}\n{paragraph(2)}\n{paragraph(3)}\n"
            "二、推进财税体制改革\n"
            f"三、完善社会保障制度\n{paragraph(4)}\n{paragraph(5)}\n{paragraph(6)}\n"
            "四、加强组织领导\n")


# Markup, script, Markdown and MathJax in a title, a heading and the body: text, never markup, on every page.
INJECTIONS = ('<script>alert("t")</script>', '<img src=x onerror=alert("h")>', '<b id="injected">粗体</b>')


def hostile_markup() -> str:
    body = "\n".join(paragraph(i) for i in range(12))
    return (f"关于{INJECTIONS[0]}的报告\n"
            f"一、{INJECTIONS[1]}推进**科技创新**与$x^2$[链接](javascript:alert(1))\n{body}\n"
            f"{INJECTIONS[2]}{paragraph(30)}\n"
            f"二、完善民生保障\n{paragraph(31)}\n{paragraph(32)}\n{paragraph(33)}\n")


ODD_DOCUMENTS = {
    "odd_one_chapter": one_chapter,
    "odd_seventy_chapters": seventy_chapters,
    "odd_no_headings": no_headings,
    "odd_one_paragraph": one_paragraph,
    "odd_heading_only": heading_only_chapters,
}
