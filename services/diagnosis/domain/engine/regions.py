"""Are two organisations nearby? A rule on the free-text service region."""

from __future__ import annotations

AREA_ENDINGS = "市县区州"
PROVINCES = (  # province-level names that are not themselves a city; stripped before comparing
    "黑龙江",
    "内蒙古",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
)
PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省")


def _strip_province(text: str) -> str:
    for province in PROVINCES:
        if text.startswith(province):
            rest = text[len(province) :]
            for suffix in PROVINCE_SUFFIXES:
                if rest.startswith(suffix):
                    return rest[len(suffix) :]
            return rest
    return text


def shared_area(a: str | None, b: str | None) -> str | None:
    """The common city/county both regions lie in, or None.
    Rule: remove spaces and a leading province (e.g. "贵州省", "广西壮族自治区"; the
    municipalities 北京/天津/上海/重庆 are kept as cities), take the longest common prefix
    of the two texts, cut it back to its last character among 市 县 区 州, and accept it when
    it is at least 2 characters long: "安顺市西秀区" and "安顺市平坝区" share "安顺市";
    "贵州省安顺市" and "贵州省贵阳市" share nothing."""
    if not a or not b:
        return None
    a = _strip_province("".join(a.split()))
    b = _strip_province("".join(b.split()))
    prefix_length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix_length += 1
    prefix = a[:prefix_length]
    while prefix and prefix[-1] not in AREA_ENDINGS:
        prefix = prefix[:-1]
    return prefix if len(prefix) >= 2 else None
