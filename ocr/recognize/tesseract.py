"""The one module that runs the `tesseract` program: word recognition (TSV) and orientation (OSD)."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from statistics import median

import cv2
import numpy as np

from common.errors import MissingDependency, ProcessingError, ToolTimeout
from common.vietnamese import ETH_TO_D, STATE_INITIALS, fold, is_syllable
from ocr.recognize import missed
from ocr.recognize.layout import reading_order
from ocr.types import CleanedPage, PageText, Word

PSM = 3  # automatic page segmentation; our reading order re-sorts its lines
MIN_CONFIDENCE = 15.0  # below this a "word" is measured to be noise, not text
RESCUE_LINE_CONFIDENCE = 80.0  # a noise-scored syllable is kept in a line read this well
TALL_MARK = 1.8  # a "word" this many times the usual word height is a mark unless read well
TALL_MIN_CONFIDENCE = 50.0
WEAK_LINE_CONFIDENCE = 60.0  # a line none of whose words is read this well is a seal's marks
MIN_NUMBER_DIGITS = 6  # a run of this many digits is a number, not noise, at any confidence
MIN_ID_DIGITS = 9  # digits in a row inside a longer word: a number however much else is around
SECOND_PSM = 6  # the missed lines, levelled and stacked, are read as one block of text
# a line of the second look read with a lower median confidence is a seal's or signature's marks
# (measured: printed lines the first reading dropped read at 86-97, seal pieces at 0-20)
SECOND_LINE_CONFIDENCE = 60.0
TEXT_HEIGHT = 0.14  # a word's height in inches (10-13 pt type) on a page with no word read
_RULE_CHARS = "-_—–~=·.'`"
_QUOTES = '"“”‘’,.:;|'
_MISSING_LANGUAGE = re.compile(
    r"Failed loading language|Error opening data file|Could not initialize tesseract"
)


def _limit_memory(memory_mb: int | None) -> Callable[[], None] | None:
    if memory_mb is None:
        return None
    limit = int(memory_mb) * 1024 * 1024

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_tesseract(
    args: Sequence[str], image: np.ndarray, *, timeout: float, memory_mb: int | None = None
) -> str:
    """Run `tesseract PAGE stdout ARGS` on an image; return its stdout, or raise our errors.

    The image is written once as an uncompressed BMP (measured: the fastest for Tesseract to read;
    PNM piped on stdin costs it ~0.3 s more per page).
    """
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingDependency(
            "the tesseract program is not installed (apt-get install tesseract-ocr)"
        )
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="sohoa-tesseract-") as tmp:
        page = os.path.join(tmp, "page.bmp")
        if not cv2.imwrite(page, image):
            raise ProcessingError("could not write the page image for tesseract")
        try:
            done = subprocess.run(
                [exe, page, "stdout", *args],
                capture_output=True,
                timeout=timeout,
                env=env,
                preexec_fn=_limit_memory(memory_mb),
                check=False,
            )
        except subprocess.TimeoutExpired as e:
            raise ToolTimeout(f"tesseract took longer than {timeout:g} s on a page") from e
        except OSError as e:
            raise MissingDependency(f"cannot run tesseract: {e}") from e
    stderr = done.stderr.decode("utf-8", "replace")
    if _MISSING_LANGUAGE.search(stderr):
        raise MissingDependency(f"tesseract language data missing: {stderr.strip()[:300]}")
    if done.returncode != 0:
        raise ProcessingError(
            f"tesseract failed (exit {done.returncode}): {stderr.strip()[:300] or 'no message'}"
        )
    return done.stdout.decode("utf-8", "replace")


def is_number(text: str) -> bool:
    """A long run that is mostly digits (an ID or code number), or that holds a whole ID's worth
    of digits in a row (a card's machine-readable line, "IDVNM1967670576019196767057<<<")."""
    digits = sum(c.isdigit() for c in text)
    mostly = digits >= MIN_NUMBER_DIGITS and digits >= 0.8 * len(text)
    return mostly or re.search(rf"\d{{{MIN_ID_DIGITS}}}", text) is not None


# a line of a card's machine-readable zone: capitals, digits and its '<' filler, nothing else
_MACHINE_LINE = re.compile(r"[A-Z0-9<«]{20,}")


def is_machine_line(text: str) -> bool:
    """A whole line of an ID card's machine-readable zone ("AU<<KHANH<QUE<<<<<<<<<<<<<<<<<"),
    which Tesseract's Vietnamese model scores low; a seal or a signature never reads as one."""
    core = text.strip(_QUOTES + _RULE_CHARS)
    return "<<" in core and _MACHINE_LINE.fullmatch(fold(core).upper()) is not None


def is_noise(word: Word) -> bool:
    """A "word" read from a seal, a signature or a rule: very low confidence, or only rule marks.

    A long number is kept whatever its confidence: the Vietnamese model scores digit strings
    very low (measured: a 12-digit ID read right at confidence 6), and seals and signatures
    do not come out as long runs of digits.
    """
    if word.confidence < MIN_CONFIDENCE and not (
        is_number(word.text) or is_machine_line(word.text)
    ):
        return True
    if "|" in word.text and not word.text.strip(_RULE_CHARS + "|"):
        return True  # a vertical rule or a card's edge ("|", "|_"); no Vietnamese text has "|"
    return len(word.text) >= 2 and not word.text.strip(_RULE_CHARS)


def rescued(word: Word, line_confidence: float) -> Word | None:
    """A word scored as noise that is in fact a syllable of a well-read line, or None.

    Tesseract sometimes scores a word of a printed line at 0 when a background pattern touches it
    ("-TRỌNG" in a name on an ID card); seal and photo garbage is neither in a well-read line nor
    a Vietnamese syllable.
    """
    core = word.text.strip(_RULE_CHARS + _QUOTES + "?")  # "KHUÊ?": a speck after it read as "?"
    if line_confidence < RESCUE_LINE_CONFIDENCE or len(core) < 2:
        return None
    if not is_syllable(core) and core.rstrip(".,;:") not in STATE_INITIALS:
        return None  # "Lưu: VT,": the standard initials are no syllables, and scored as noise
    return replace(word, text=word.text.lstrip(_RULE_CHARS + _QUOTES).rstrip("?"))


def without_weak_lines(words: list[Word]) -> list[Word]:
    """The words of lines with at least one word of letters or digits read with some confidence.

    A seal or a signature printed over text leaves lines of one or two marks, each scored low
    ("`,", "Ta", "z", "%,"); a printed line, however short ("Số:", "/CT-UBND", "Như"), has a word
    read at 60 or more (measured on the real scans: every kept short line did). A long number
    counts as read whatever its score (see is_noise).
    """
    best: dict[int, float] = defaultdict(float)
    for w in words:
        sure = is_number(w.text) or is_machine_line(w.text)
        score = 100.0 if sure else w.confidence * any(c.isalnum() for c in w.text)
        best[w.line] = max(best[w.line], score)
    kept = [w for w in words if best[w.line] >= WEAK_LINE_CONFIDENCE]
    # a page read badly all over (a dim, blurred photo) is not a seal's marks: keep its text
    return kept if len(kept) * 2 >= len(words) else list(words)


def keep_text(words: list[Word]) -> list[Word]:
    """The words that are text: noise dropped (unless rescued), then tall lone marks dropped."""
    noise = [is_noise(w) for w in words]
    by_line: dict[int, list[float]] = defaultdict(list)
    for w, bad in zip(words, noise, strict=True):
        if not bad:
            by_line[w.line].append(w.confidence)
    kept: list[Word] = []
    for w, bad in zip(words, noise, strict=True):
        if not bad:
            kept.append(w)
            continue
        confs = by_line.get(w.line)
        saved = rescued(w, sum(confs) / len(confs)) if confs else None
        if saved is not None:
            kept.append(saved)
    if not kept:
        return kept
    usual = median(w.height for w in kept)
    # a mark much taller than the text, with no letter or digit or read with little confidence
    # (a signature's scribble, a photo's or seal's edge), would otherwise join two text lines
    # into one row of the reading order, or add a line of garbage
    return [
        w
        for w in kept
        if w.height <= TALL_MARK * usual
        or (any(c.isalnum() for c in w.text) and w.confidence >= TALL_MIN_CONFIDENCE)
    ]


def parse_tsv(tsv: str, *, scale: float, width: int, height: int) -> list[Word]:
    """Words of Tesseract TSV, boxes divided by `scale` into archive pixels.

    Each word's `block` is Tesseract's block number and `line` a page-unique id of its line.
    """
    lines = tsv.splitlines()
    if not lines or not lines[0].startswith("level"):
        raise ProcessingError("tesseract returned no TSV table")
    words: list[Word] = []
    for row in lines[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        # a bold Đ read twice comes as Đ and the eth Ð beside it ("QĐÐ"): one Đ
        text = _D_AND_ETH.sub(_one_d, cols[11].strip()).translate(ETH_TO_D)
        if not text:
            continue
        if "ĐĐ" in text or "đđ" in text:
            text = single_d(text)
        try:
            block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
            left, top, w, h = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError as e:
            raise ProcessingError(f"tesseract returned a malformed TSV row: {row[:120]!r}") from e
        confidence = max(0.0, min(100.0, conf))
        word = Word(
            text, left, top, w, h, confidence, line=(block * 1000 + par) * 1000 + line, block=block
        )
        words.append(scaled(word, scale=scale, width=width, height=height))
    return words


_D_AND_ETH = re.compile("ĐÐ|ÐĐ|đð|ðđ")


def _one_d(m: re.Match[str]) -> str:
    return "Đ" if m.group(0)[0].isupper() else "đ"


_DOUBLED_D = re.compile(r"[^\W\d_]*(?:ĐĐ|đđ)[^\W\d_]*")


def single_d(text: str) -> str:
    """A Đ read twice in a syllable made one ("ĐĐồng"): no Vietnamese syllable doubles it. An
    abbreviation, a run of letters without a vowel, may ("UBND-ĐKĐĐ", "ĐĐBQH"): kept as read."""

    def one(m: re.Match[str]) -> str:
        run = m.group(0)
        if not re.search(r"[aeiouy]", fold(run).lower()):
            return run
        return run.replace("ĐĐ", "Đ").replace("đđ", "đ")

    return _DOUBLED_D.sub(one, text)


def scaled(word: Word, *, scale: float, width: int, height: int) -> Word:
    """The word's box divided by `scale` and kept inside a width x height page."""
    x0 = min(max(round(word.left / scale), 0), width)
    y0 = min(max(round(word.top / scale), 0), height)
    x1 = min(max(round((word.left + word.width) / scale), x0), width)
    y1 = min(max(round((word.top + word.height) / scale), y0), height)
    return replace(word, left=x0, top=y0, width=x1 - x0, height=y1 - y0)


def _args(languages: str, psm: int, dpi: int) -> list[str]:
    return [
        "-l",
        languages,
        "--psm",
        str(psm),
        "--dpi",
        str(dpi),
        "-c",
        "tessedit_do_invert=0",
        "tsv",
    ]


def _boxes(words: list[Word], scale: float) -> list[tuple[int, int, int, int]]:
    """The words' boxes (x, y, w, h) multiplied by `scale`."""
    return [
        (
            round(w.left * scale),
            round(w.top * scale),
            round(w.width * scale),
            round(w.height * scale),
        )
        for w in words
    ]


WIDE_BOX = 1.5  # word heights per character a word's box spans at most (else OCR garbage)


def _overwide(word: Word) -> bool:
    """True for a word whose box is far wider than its text could print (a mark read over a
    whole line): its box says nothing of what is under it."""
    return word.width > WIDE_BOX * word.height * max(1, len(word.text.strip()))


def second_look(
    page: CleanedPage, first: list[Word], *, languages: str, timeout: float, memory_mb: int | None
) -> list[Word]:
    """Words of the printed lines the first reading left out (see ocr.recognize.missed), read in
    one more Tesseract call as one block of levelled lines; none when no line was left out."""
    height, width = page.archive.shape[:2]
    s = page.ocr_scale
    dpi = max(70, round(page.dpi * s))
    kept = keep_text(first)
    # a dropped word hides the ink under its box from the search, unless its box is far wider
    # than its text (". " read at 0 over a whole "- Lưu: VT." line: the line is still missed)
    boxes = _boxes([w for w in first if w in kept or not _overwide(w)], s)
    text_height = missed.usual_height(kept, default=TEXT_HEIGHT * dpi / s) * s
    bands = missed.find_missed(page.ocr, boxes, height=text_height, read=_boxes(kept, s))
    if not bands:
        return []
    strips = missed.canvas(page.ocr, bands)
    tsv = run_tesseract(
        _args(languages, SECOND_PSM, dpi), strips.image, timeout=timeout, memory_mb=memory_mb
    )
    rows, cols = strips.image.shape
    read = parse_tsv(tsv, scale=1.0, width=cols, height=rows)
    placed = [scaled(strips.place(w), scale=s, width=width, height=height) for w in read]
    return missed.new_words(kept, missed.well_read(placed, SECOND_LINE_CONFIDENCE))


def recognize(
    page: CleanedPage,
    *,
    languages: str = "vie",
    timeout: float = 180.0,
    memory_mb: int | None = None,
    psm: int = PSM,
) -> PageText:
    """OCR a cleaned page: words with boxes in archive pixels, in reading order, and its text."""
    height, width = page.archive.shape[:2]
    dpi = max(70, round(page.dpi * page.ocr_scale))
    tsv = run_tesseract(_args(languages, psm, dpi), page.ocr, timeout=timeout, memory_mb=memory_mb)
    first = parse_tsv(tsv, scale=page.ocr_scale, width=width, height=height)
    more = second_look(page, first, languages=languages, timeout=timeout, memory_mb=memory_mb)
    raw = without_weak_lines(keep_text(first + more))
    words, text = reading_order(raw, page_width=width, page_height=height)
    confidence = sum(w.confidence for w in words) / len(words) if words else 100.0
    return PageText(
        width=width,
        height=height,
        dpi=page.dpi,
        words=tuple(words),
        text=text,
        confidence=round(confidence, 2),
    )


def detect_rotation(image: np.ndarray, *, dpi: float, timeout: float = 30.0) -> tuple[int, float]:
    """Tesseract OSD: (degrees clockwise to turn the image upright, confidence).

    A page with too little text for OSD gives (0, 0.0): no opinion, not an error.
    """
    try:
        out = run_tesseract(
            ["--psm", "0", "--dpi", str(max(70, round(dpi))), "-l", "osd"], image, timeout=timeout
        )
    except MissingDependency:
        raise
    except ProcessingError as e:
        if "Too few characters" in str(e) or "Error during processing" in str(e):
            return 0, 0.0
        raise
    rotate = re.search(r"Rotate:\s*(\d+)", out)
    conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    if rotate is None:
        return 0, 0.0
    return int(rotate.group(1)) % 360, float(conf.group(1)) if conf else 0.0


def _read_down(words: list[Word]) -> bool:
    """Most words of three letters or more boxed taller than wide: lines read down the image."""
    long = [w for w in words if sum(c.isalpha() for c in w.text) >= 3]
    return sum(w.height > w.width for w in long) * 2 > len(long)


def reading_score(image: np.ndarray, *, dpi: float, timeout: float = 30.0) -> tuple[float, int]:
    """How well an image reads as it lies: (share of its words of two letters or more that are
    Vietnamese syllables, how many such words), from one quick Tesseract pass.

    Tesseract finds lines that run down the image and reads them turned, so a page lying on its
    side would read as well as an upright one: an image read that way scores 0.
    """
    out = run_tesseract(
        ["-l", "vie", "--psm", "3", "--dpi", str(max(70, round(dpi))), "tsv"],
        image,
        timeout=timeout,
    )
    parsed = [
        w
        for w in parse_tsv(out, scale=1.0, width=image.shape[1], height=image.shape[0])
        if w.confidence >= 0
    ]
    words = [w.text.strip(_RULE_CHARS + _QUOTES + "()!?") for w in parsed]
    words = [w for w in words if sum(c.isalpha() for c in w) >= 2]
    if not words:
        return 0.0, 0
    if _read_down(parsed):
        return 0.0, len(words)
    return sum(is_syllable(w) for w in words) / len(words), len(words)
