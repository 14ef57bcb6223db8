"""Citations inside provisions: 「第六条第二号ハ（一）」「同条第十六号の二」「第一号から第五号まで」.

Technology provisions (第十五条 ff.) define technology by citing the goods provisions it
is for. :func:`cited_provisions` reads those citations into ordinance keys (``6-1-2-ha-1``),
resolving 同条 / 同号 / ranges against the article tree; unknown keys are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

from anpo.classification.catalogue.numerals import IROHA, IROHA_ORDER, kanji_to_int

_NUM: Final = "〇一二三四五六七八九十百"
_KANA: Final = "".join(k for k, _ in IROHA)
_REF_RE: Final = re.compile(
    rf"(?:(?P<same_art>同条)|第(?P<art>[{_NUM}]+)条(?:の(?P<art2>[{_NUM}]+))?)?"
    rf"(?:第(?P<para>[{_NUM}]+)項)?"
    rf"(?:(?P<same_gou>同号)|第(?P<gou>[{_NUM}]+)号(?:の(?P<gou2>[{_NUM}]+))?)"
    rf"(?P<kana>[{_KANA}](?![ァ-ヶー]))?"
    rf"(?:（(?P<sub>[{_NUM}]+)）)?"
    rf"(?:(?:から|乃至)(?:第(?P<to_gou>[{_NUM}]+)号(?:の(?P<to_gou2>[{_NUM}]+))?|(?P<to_kana>[{_KANA}]))まで)?"
)
_KANA_LIST_RE: Final = re.compile(
    rf"^(?:（[{_NUM}]+）[０-９]*)*(?:、|又は|若しくは|及び|並びに)(?P<k>[{_KANA}])(?![ァ-ヶー])(?:（[{_NUM}]+）)?(?:から(?P<to>[{_KANA}])まで)?"
)
# 「第三条に該当する」 (a whole article) and 「第二条第二項又は第三項」
_ARTICLE_ONLY_RE: Final = re.compile(
    rf"第(?P<art>[{_NUM}]+)条(?:の(?P<art2>[{_NUM}]+))?(?:第(?P<para>[{_NUM}]+)項)?(?!第[{_NUM}]+号)(?=に該当|又は|若しくは|、|の)"
)


def _int(text: str | None) -> int | None:
    return kanji_to_int(text) if text else None


def _gou_key(gou: int, gou2: int | None) -> str:
    return f"{gou}_{gou2}" if gou2 else str(gou)


def cited_provisions(text: str, *, own_article: str, known: Collection[str]) -> list[str]:
    """Ordinance keys cited in ``text`` (a provision of article ``own_article``)."""
    found: list[str] = []
    article = own_article
    paragraph = 1
    last_gou: str | None = None

    def add(key: str) -> None:
        # fall back to the nearest known ancestor (a citation of ロ（一） when only ロ exists)
        while key and key not in known:
            if "-" not in key:
                return
            key = key.rsplit("-", 1)[0]
        if key.count("-") >= 2 and key not in found:
            found.append(key)

    for match in _REF_RE.finditer(text):
        art = _int(match.group("art"))
        if art is not None:
            art2 = _int(match.group("art2"))
            article = f"{art}_{art2}" if art2 else str(art)
            paragraph = 1
        para = _int(match.group("para"))
        if para is not None:
            paragraph = para
        elif art is not None:
            paragraph = 1
        if match.group("same_gou"):
            gou = last_gou
        else:
            number = _int(match.group("gou"))
            gou = _gou_key(number, _int(match.group("gou2"))) if number is not None else None
        if gou is None:
            continue
        last_gou = gou
        base = f"{article}-{paragraph}-{gou}"
        kana = match.group("kana")
        to_gou = _int(match.group("to_gou"))
        to_kana = match.group("to_kana")
        if to_gou is not None:
            start = int(gou.split("_")[0])
            for n in range(start, to_gou + 1):
                add(f"{article}-{paragraph}-{n}")
                for suffix in ("_2", "_3", "_4", "_5"):
                    if f"{article}-{paragraph}-{n}{suffix}" in known and n < to_gou:
                        add(f"{article}-{paragraph}-{n}{suffix}")
            continue
        if kana:
            kana_ids = [kana]
            if to_kana and to_kana in IROHA_ORDER:
                first, last = IROHA_ORDER[kana], IROHA_ORDER[to_kana]
                kana_ids = [k for k, _ in IROHA[first : last + 1]]
            # 「第十七号イ、ロ、ホ、ヘ又はヌからシまで」: more sub-items of the same 号
            rest = text[match.end() :]
            while True:
                more = _KANA_LIST_RE.match(rest)
                if not more:
                    break
                start_kana, end_kana = more.group("k"), more.group("to")
                if end_kana and start_kana in IROHA_ORDER and end_kana in IROHA_ORDER:
                    first, last = IROHA_ORDER[start_kana], IROHA_ORDER[end_kana]
                    kana_ids.extend(k for k, _ in IROHA[first : last + 1])
                else:
                    kana_ids.append(start_kana)
                rest = rest[more.end() :]
            for k in dict.fromkeys(kana_ids):
                key = f"{base}-{dict(IROHA)[k]}"
                sub = _int(match.group("sub"))
                add(f"{key}-{sub}" if sub is not None and len(kana_ids) == 1 else key)
        else:
            add(base)
    for match in _ARTICLE_ONLY_RE.finditer(text):
        art = _int(match.group("art"))
        if art is None:
            continue
        art2 = _int(match.group("art2"))
        a_id = f"{art}_{art2}" if art2 else str(art)
        para = _int(match.group("para")) or 1
        key = f"{a_id}-{para}"
        if key in known and key not in found:
            found.append(key)
    return found
