"""Short labels for the network picture: an organisation's name without its region and its
usual legal suffix, so that 36 names fit around one circle (pure, the same in both languages:
the names are data)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

_REGION_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,5}?(?:自治州|自治县|省|市|州|盟|区|县|旗)")
_NOT_A_REGION = ("社区", "小区", "园区", "景区", "校区", "城市", "都市", "超市", "集市", "城乡")
_SUFFIXES = (
    ("社会工作服务中心", "社工"),
    ("社会工作服务社", "社工"),
    ("社工服务中心", "社工"),
    ("社会工作", "社工"),
    ("服务中心", ""),
    ("发展中心", ""),
    ("服务社", ""),
    ("促进会", ""),
    ("研究会", ""),
    ("联合会", ""),
    ("中心", ""),
    ("协会", ""),
)
SHORT_WIDTH = 14  # display width of a short name (a Chinese character counts twice)


def short_names(names: Sequence[str]) -> list[str]:
    """Short labels for the network picture: the region prefix and the usual legal suffix
    dropped (西秀区阳光社会工作服务中心 → 阳光社工), cut to 7 characters; labels that would
    repeat get their region back (西秀阳光社工) or a number."""
    first = [_short(name) for name in names]
    counts = Counter(short for short, _ in first)
    labels = []
    for short, prefix in first:
        if counts[short] > 1 and prefix:
            short = _cut(prefix[:2] + short, SHORT_WIDTH + 4)
        labels.append(short)
    seen: Counter = Counter()
    repeated = Counter(labels)
    result = []
    for label in labels:
        if repeated[label] > 1:
            seen[label] += 1
            label = f"{label}{seen[label]}"
        result.append(label)
    return result


def _short(name: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    core, prefix = name, ""
    for _ in range(2):  # 贵阳市南明区… : city, then district
        match = _REGION_PREFIX.match(core)
        if not match or match.group(0)[-2:] in _NOT_A_REGION or len(core) - match.end() < 4:
            break
        prefix += match.group(0)
        core = core[match.end() :]
    for suffix, replacement in _SUFFIXES:
        if core.endswith(suffix):
            shorter = core[: -len(suffix)] + replacement
            if len(shorter) >= 3:  # 爱心协会 stays: 爱心 alone says nothing
                core = shorter
            break
    if core.endswith("发展") and len(core) > 5:
        core = core[:-2]
    return _cut(core or name, SHORT_WIDTH), prefix


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + w > width - 1:
            break
        out, used = out + ch, used + w
    return out + "…"
