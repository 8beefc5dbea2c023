"""The titles of a Decree 30/2020 signature block: a closed vocabulary and its grammar.

A signature block prints, over the signer's name, an optional line saying for whom the signer
signs ("TM. ỦY BAN NHÂN DÂN": on behalf of a collective body; "TL. CHỦ TỊCH", "TUQ. CHỦ TỊCH":
by order of its head), then either the signer's own title ("CHỦ TỊCH", "Q. GIÁM ĐỐC") or, when a
deputy signs for the head, "KT. <head>" over the deputy's title, which the head decides
("KT. BỘ TRƯỞNG" / "THỨ TRƯỞNG", "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"). The titles are few: a block
OCR tore ("1, BỌ TRU ƠNG" / "TƯU TRƯỞNG" under a signature) is the one block of that grammar
it is nearest to, letters compared without their marks (marks are what OCR loses there), when
that block is near enough and no other block is as near.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from common.vietnamese import bare_letters as letters
from common.vietnamese import look_alike_distance, nfc, strip_tone
from ocr.fields.names import POSITION_PREFIXES, POSITION_WORDS

# the head of an office and the title of the deputy who signs for that head ("KT.")
HEADS = {
    "CHỦ TỊCH": "PHÓ CHỦ TỊCH",
    "BỘ TRƯỞNG": "THỨ TRƯỞNG",
    "THỦ TƯỚNG": "PHÓ THỦ TƯỚNG",
    "GIÁM ĐỐC": "PHÓ GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC": "PHÓ TỔNG GIÁM ĐỐC",
    "CHÁNH VĂN PHÒNG": "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA": "PHÓ CHÁNH THANH TRA",
    "CHÁNH ÁN": "PHÓ CHÁNH ÁN",
    "TỔNG CỤC TRƯỞNG": "PHÓ TỔNG CỤC TRƯỞNG",
    "CỤC TRƯỞNG": "PHÓ CỤC TRƯỞNG",
    "CHI CỤC TRƯỞNG": "PHÓ CHI CỤC TRƯỞNG",
    "VỤ TRƯỞNG": "PHÓ VỤ TRƯỞNG",
    "VIỆN TRƯỞNG": "PHÓ VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG": "PHÓ HIỆU TRƯỞNG",
    "TRƯỞNG PHÒNG": "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG BAN": "PHÓ TRƯỞNG BAN",
    "CHỦ NHIỆM": "PHÓ CHỦ NHIỆM",
    "BÍ THƯ": "PHÓ BÍ THƯ",
}
# collective bodies a signer signs on behalf of ("TM.")
BODIES = (
    "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN",
    "CHÍNH PHỦ", "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "HỘI ĐỒNG", "BAN CHỈ ĐẠO", "ĐOÀN CHỦ TỊCH",
)  # fmt: skip
ACTING = " THƯỜNG TRỰC"  # "PHÓ CHỦ TỊCH THƯỜNG TRỰC": the first deputy
MAX_SHARE = 0.25  # edits allowed per letter of the block a reading is snapped to


def _titles() -> list[str]:
    deputies = list(HEADS.values())
    return [*HEADS, *deputies, *(d + ACTING for d in deputies)]


def blocks() -> tuple[str, ...]:
    """Every block the grammar allows, one line after another joined by a space."""
    own = [*_titles(), *(f"Q. {t}" for t in HEADS)]
    signed_for = [f"KT. {h} {d}" for h, d in HEADS.items()]
    signed_for += [f"KT. {h} {d}{ACTING}" for h, d in HEADS.items()]
    inner = own + signed_for
    out = [*inner, *(f"TM. {b} {i}" for b in BODIES for i in inner)]
    for head in HEADS:  # by order of the head: the head's deputy signs "KT.", not "TL."
        kept = [i for i in inner if head not in i and HEADS[head] not in i]
        out += [f"{p}. {head} {i}" for p in ("TL", "TUQ") for i in kept]
    out += [f"{p}. {h}" for p in ("KT", "TL", "TUQ") for h in HEADS]  # its own title not read
    return tuple(dict.fromkeys([*out, *(f"TM. {b}" for b in BODIES)]))


@lru_cache(maxsize=1)
def _index() -> tuple[tuple[str, ...], list[str]]:
    names = blocks()
    return names, [letters(b) for b in names]


def nearest_block(text: str) -> str | None:
    """The block of the grammar a reading of a signature block's titles is, or None: the
    nearest by letters without marks, within MAX_SHARE edits per letter, and alone that near
    (blocks spelled alike without marks are told apart by their marks)."""
    read = letters(text)
    if len(read) < 4:
        return None
    names, keys = _index()
    found = process.extract(read, keys, scorer=Levenshtein.distance, limit=8)
    best = found[0][1]
    # of the blocks as near as the nearest or one edit farther, the one OCR's look-alike slips
    # explain best; of those as near so, the one fewest plain edits away
    near = [
        ((look_alike_distance(read, key), score), key, names[i])
        for key, score, i in found
        if score <= best + 1
    ]
    closest = min(rank for rank, _, _ in near)
    tied = [(key, name) for rank, key, name in near if rank == closest]
    if len({key for key, _ in tied}) > 1:
        return None  # two different titles as near: no telling which was printed
    if closest[1] > MAX_SHARE * len(tied[0][0]):
        return None  # the block taken is itself too far from the reading
    upper = nfc(text).upper()
    return min((name for _, name in tied), key=lambda t: _by_marks(upper, t))


def _by_marks(read: str, title: str) -> tuple[int, int]:
    """How far a reading is from a title spelled alike without marks: vowel marks first (a
    horn or a hat OCR kept), then tone marks ("THƯ" is "THỨ" with its tone lost, not "THỦ")."""
    bare = Levenshtein.distance(strip_tone(read)[0], strip_tone(title)[0])
    return bare, Levenshtein.distance(read, title)


def restored_block(text: str) -> str | None:
    """The block a reading of a signature block's titles was printed as, when some word of it is
    not a title word as printed ("THỨ TRƯỜNG", "TỊC", "KT,BỘ"); a reading made of title words
    is kept as read ("PHÓ GIÁM ĐỐC SỞ" is not "PHÓ GIÁM ĐỐC" with a word too many)."""
    if all(nfc(w) in POSITION_WORDS or w in POSITION_PREFIXES for w in text.split()):
        return None
    return nearest_block(text)


def is_title_line(text: str) -> bool:
    """True when one line of a signature block reads as one line of a title ("Kf.,BỌ TRƯỞNG",
    "TIHỨ 'TRƯỞN G"): within MAX_SHARE edits per letter of a line the grammar allows."""
    read = letters(text)
    if len(read) < 4 or sum(c.isupper() for c in text) < sum(c.islower() for c in text):
        return False
    _, score, _ = process.extractOne(read, _line_keys(), scorer=Levenshtein.distance)
    return score <= max(1.0, MAX_SHARE * len(read))


@lru_cache(maxsize=1)
def _line_keys() -> list[str]:
    lines = [*_titles(), *(f"{p}. {t}" for p in ("KT", "TL", "TUQ", "Q") for t in HEADS)]
    lines += [f"TM. {b}" for b in BODIES]
    return [letters(line) for line in lines]
