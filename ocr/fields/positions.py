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

from collections.abc import Sequence
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
    return tuple(dict.fromkeys(" ".join(lines) for lines in block_lines()))


@lru_cache(maxsize=1)
def block_lines() -> tuple[tuple[str, ...], ...]:
    """Every block the grammar allows, as the lines it is printed on."""
    own = [(t,) for t in [*_titles(), *(f"Q. {t}" for t in HEADS)]]
    signed_for = [(f"KT. {h}", d) for h, d in HEADS.items()]
    signed_for += [(f"KT. {h}", d + ACTING) for h, d in HEADS.items()]
    inner = own + signed_for
    out = [*inner, *((f"TM. {b}", *i) for b in BODIES for i in inner)]
    for head in HEADS:  # by order of the head: the head's deputy signs "KT.", not "TL."
        kept = [i for i in inner if not any(head in t or HEADS[head] in t for t in i)]
        out += [(f"{p}. {head}", *i) for p in ("TL", "TUQ") for i in kept]
    out += [(f"{p}. {h}",) for p in ("KT", "TL", "TUQ") for h in HEADS]  # its own title not read
    return tuple(dict.fromkeys([*out, *((f"TM. {b}",) for b in BODIES)]))


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


# reading the titles a seal or a signature covers, row by row (see block_under_seal)
SEAL_SHARE = 1 / 3  # letters (marks aside) a block's rows may have lost or changed, at most
SEAL_MARGIN = 0.5  # every other block fits at least this much worse (half a letter)
GARBAGE = 0.25  # what a letter read beside a line costs (a seal's ring and letters read with it)
MARK = 0.5  # what a letter read with another mark costs ("Ù" for "Ủ": marks are what seals blur)


def _marked(text: str) -> str:
    return "".join(c for c in nfc(text).upper() if c.isalpha())


def fit(read: str, line: str) -> tuple[float, int]:
    """How a title line fits in a reading of its row: the cost of making some stretch of the
    reading the line (an edit 1, a letter with another mark MARK), plus GARBAGE for each letter
    of the reading outside that stretch (a seal's ring and its own letters read beside the
    title); and the edits alone, marks aside. (0, 0) for a reading that is the line."""
    read, line = _marked(read), _marked(line)
    bare_read, bare_line = [letters(c) for c in read], [letters(c) for c in line]
    # prev[j]: (cost, edits) of line[:i] made from read[j0:j], for the best start j0
    prev = [(GARBAGE * j, 0) for j in range(len(read) + 1)]
    for i in range(1, len(line) + 1):
        row = [(float(i), i)]
        for j in range(1, len(read) + 1):
            if read[j - 1] == line[i - 1]:
                step = (0.0, 0)
            elif bare_read[j - 1] == bare_line[i - 1]:
                step = (MARK, 0)
            else:
                step = (1.0, 1)
            diag = (prev[j - 1][0] + step[0], prev[j - 1][1] + step[1])
            up = (prev[j][0] + 1, prev[j][1] + 1)
            left = (row[j - 1][0] + 1, row[j - 1][1] + 1)
            row.append(min(diag, up, left))
        prev = row
    return min((cost + GARBAGE * (len(read) - j), edits) for j, (cost, edits) in enumerate(prev))


def block_under_seal(rows: Sequence[Sequence[str]]) -> tuple[str, list[str]] | None:
    """The block of the grammar printed on the title rows of a signature block that a seal or a
    signature covers, from what was read of each row (each row read in one way or more), and
    the reading of each row it fits best; or None. The block is the one of as many lines as rows
    whose lines fit the rows' readings best (fit), taken when at most SEAL_SHARE of its letters
    had to be changed and every other block fits SEAL_MARGIN worse. What OCR reads beside a
    title (the seal's ring and letters) is barely held against it: the letters that survived
    the seal are what tell one title from another."""
    readings = [[t for t in row if _marked(t)] for row in rows]
    if not readings or not all(readings):
        return None
    scored: list[tuple[float, int, int, str]] = []
    for lines in block_lines():
        if len(lines) != len(readings):
            continue
        cost, edits = 0.0, 0
        for line, reads in zip(lines, readings, strict=True):
            c, e = min(_fit(r, line) for r in reads)
            cost, edits = cost + c, edits + e
        scored.append((cost, edits, sum(len(letters(line)) for line in lines), " ".join(lines)))
    if not scored:
        return None
    scored.sort()
    cost, edits, size, best = scored[0]
    if edits > SEAL_SHARE * size:
        return None
    if len(scored) > 1 and scored[1][0] < cost + SEAL_MARGIN:
        return None
    lines = next(ls for ls in block_lines() if " ".join(ls) == best and len(ls) == len(readings))
    return best, [_best_reading(reads, line) for line, reads in zip(lines, readings, strict=True)]


def _best_reading(reads: Sequence[str], line: str) -> str:
    return min(reads, key=lambda r: _fit(r, line))


@lru_cache(maxsize=8192)
def _fit(read: str, line: str) -> tuple[float, int]:
    return fit(read, line)
