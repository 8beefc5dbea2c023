"""Generate scanned-looking Vietnamese administrative papers with ground truth (NAME.gt.json)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from samples import capture, content, degrade, handwriting, render, textlayer
from samples.admin import administrative_document
from samples.documents import (
    BUILDERS,
    DOC_TYPES,
    EXTRA_TYPES,
    LAYOUT_SETS,
    Built,
    Options,
    layouts_of,
)
from samples.fonts import FONT_SETS, FontFamily, family
from samples.layout import DPI, Stamp
from samples.output import EXTENSIONS, FORMATS, write
from samples.papers import business_registration, citizen_id_card, land_use_certificate, other

VERSION = "1.0"
ALL_BUILDERS = {
    **BUILDERS,
    "business_registration": business_registration,
    "citizen_id_card": citizen_id_card,
    "land_use_certificate": land_use_certificate,
    "other": other,
    "administrative_document": administrative_document,
}
LAYOUT_ONLY = {"seal_over_text", "black_seal"}  # applied while laying out, not to pixels
PAPER_ONLY = ("yellowed", "photocopy")  # what a photographed or screenshot paper keeps
CAPTURE_FORMAT = {"phone_photo": "jpeg", "screenshot": "png"}
GUILLOCHE_TYPES = ("birth_certificate", "land_use_certificate")  # ID cards always have one
# forced only (never drawn, so the sets made before keep their pixels): black_seal
FORCEABLE = degrade.DEGRADATIONS + capture.CAPTURES + ("guilloche", "black_seal")
ALL_FORMATS = FORMATS + textlayer.TEXT_LAYERS
PAPER_TINTS = [(253, 253, 250), (250, 250, 246), (255, 255, 255), (248, 248, 244)]


@dataclass(frozen=True)
class Sample:
    path: Path
    truth: dict[str, object]


def _plan(index: int, seed: int, types: list[str], formats: list[str]) -> tuple[str, str]:
    order = list(types)
    random.Random(f"types/{seed}").shuffle(order)
    doc_type = order[index % len(order)]
    fmt = formats[(index + index // len(order)) % len(formats)]
    return doc_type, fmt


def _text_layer(
    path: Path,
    fmt: str,
    images: list[Image.Image],
    dpi: int,
    built: Built,
    font: FontFamily,
    rng: random.Random,
) -> dict[str, object]:
    """Write a scanned PDF with a misleading text layer; returns what the layer holds."""
    title = path.stem
    if fmt == "pdf-ocr-noaccent":
        path.write_bytes(textlayer.ocr_noaccent_pdf(images, dpi, built.pages, title, rng))
        return {"kind": "ocr_noaccent"}
    authority = built.fields.get("issuing_authority") or (
        "Văn phòng Ủy ban nhân dân " + content.unit_name(rng.choice(sorted(content.PROVINCES_2025)))
    )
    when = dt.datetime(2025, rng.randint(1, 12), rng.randint(1, 28), rng.randint(7, 17))
    when += dt.timedelta(seconds=rng.randint(0, 3599))
    lines = textlayer.stamp_lines(authority.title() if authority.isupper() else authority, when)
    path.write_bytes(textlayer.signed_pdf(images, dpi, font, lines, title))
    built.pages[0].lines[:0] = lines  # printed on the page: part of what a person reads
    return {"kind": "signature_stamp", "lines": lines}


def make_one(
    out: Path,
    index: int,
    *,
    seed: int,
    fonts: str = "train",
    types: list[str] | None = None,
    formats: list[str] | None = None,
    degradations: list[str] | None = None,
    applicant: content.Person | None = None,
    layouts: str = "classic",
    handwritten: float = 0.0,
) -> Sample:
    """Build, render, degrade and write document number `index` of the set made with `seed`
    (`handwritten`: the share of the number and day blanks of a Decree 30 paper written in by
    hand; 0 leaves every set as it was made before)."""
    out.mkdir(parents=True, exist_ok=True)
    doc_type, fmt = _plan(index, seed, types or list(DOC_TYPES), formats or list(FORMATS))
    rng = random.Random(f"sohoa-samples/{seed}/{index}")
    font = family(rng.choice(FONT_SETS[fonts]))
    if fmt == "pdf-text":
        chosen: list[str] = []
    elif degradations is not None:
        chosen = [d for d in degradations if d != "clean"]
    else:
        chosen = degrade.draw(rng)
    captured = next((c for c in capture.CAPTURES if c in chosen), None)
    if captured is not None:
        fmt = CAPTURE_FORMAT[captured]
    max_pages = 1 if fmt in ("png", "jpeg") else 2
    layout = random.Random(f"layout/{seed}/{index}").choice(layouts_of(doc_type, layouts))
    built: Built | None = None
    for attempt in range(6):
        opt = Options(
            max_pages=max_pages,
            seal_over_text="seal_over_text" in chosen,
            black_seal="black_seal" in chosen,
            applicant=applicant,
            layout=layout,
        )
        built = ALL_BUILDERS[doc_type](font, random.Random(f"{seed}/{index}/{attempt}"), opt)
        if len(built.pages) <= max_pages:
            break
    assert built is not None
    doc_type = built.doc_type or doc_type  # "other" makes notices: administrative documents
    if not built.sealed:
        chosen = [d for d in chosen if d not in LAYOUT_ONLY]
    if "guilloche" in chosen and doc_type in GUILLOCHE_TYPES:
        for k, pg in enumerate(built.pages):  # printed first: everything else over it
            pg.items.insert(0, Stamp("security", 0, 0, pg.width, pg.height, seed * 1000 + k))
    else:
        chosen = [d for d in chosen if d != "guilloche"]
    paper = rng.choice(PAPER_TINTS)
    name = f"{index + 1:04d}-{doc_type.replace('_', '-')}"
    path = out / f"{name}.{EXTENSIONS[fmt]}"
    extra: dict[str, object] = {} if layouts == "classic" else {"layout": layout}
    scanned = fmt != "pdf-text" and fmt not in textlayer.TEXT_LAYERS
    if handwritten > 0 and doc_type in handwriting.HAND_TYPES and scanned:
        hand = random.Random(f"hand/{seed}/{index}")  # its own draws: the rest stays the same
        written = handwriting.write_blanks(built.pages[0], built.fields, font, hand, handwritten)
        if written:
            extra["handwritten"] = written
    if captured is not None:
        keep = (*PAPER_ONLY, *LAYOUT_ONLY, captured, "guilloche")
        chosen = [d for d in chosen if d in keep]
        img = render.raster(built.pages[0], font, paper)
        for paper_defect in PAPER_ONLY:
            if paper_defect in chosen:
                img = degrade.PIXEL[paper_defect](img, rng, np.random.default_rng(index))
        cap = capture.CAPTURE[captured](img, random.Random(f"capture/{seed}/{index}"))
        data = capture.encode_jpeg(cap) if fmt == "jpeg" else capture.encode_png(cap)
        path.write_bytes(data)
        dpi: int | None = cap.dpi
        extra["capture"] = cap.info
    else:
        images = []
        for k, page in enumerate(built.pages):
            img = render.raster(page, font, paper)
            img = degrade.apply(img, chosen, rng.randrange(2**31) + k)
            images.append(img.convert("L") if "photocopy" in chosen else img)  # copies are grey
        dpi = DPI // 2 if "low_dpi" in chosen else DPI
        if fmt in textlayer.TEXT_LAYERS:
            extra["text_layer"] = _text_layer(path, fmt, images, dpi, built, font, rng)
        else:
            write(path, fmt, images, dpi, pages=built.pages, font=font, title=name)
    truth: dict[str, object] = {
        "file": path.name,
        "doc_type": doc_type,
        "fields": built.fields,
        "pages": ["\n".join(p.lines) for p in built.pages],
        "degradations": chosen or ["clean"],
        "format": fmt,
        "font": font.name,
        "dpi": DPI if fmt == "pdf-text" else dpi,
        "seed": seed,
        "generator": f"samples.generate {VERSION}",
        **extra,
    }
    gt = out / f"{name}.gt.json"
    gt.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Sample(path, truth)


def generate(
    out: Path,
    *,
    count: int,
    seed: int,
    fonts: str = "train",
    types: list[str] | None = None,
    formats: list[str] | None = None,
    degradations: list[str] | None = None,
    dossier: bool = False,
    start: int = 0,
    layouts: str = "classic",
    handwritten: float = 0.0,
) -> list[Sample]:
    """Write documents `start` .. `start + count - 1` of the set made with `seed` into `out`.

    With `dossier`, all of them concern one applicant.
    """
    out.mkdir(parents=True, exist_ok=True)
    applicant = (
        content.person(random.Random(f"dossier/{seed}"), born_before=1998) if dossier else None
    )
    return [
        make_one(
            out,
            i,
            seed=seed,
            fonts=fonts,
            types=types,
            formats=formats,
            degradations=degradations,
            applicant=applicant,
            layouts=layouts,
            handwritten=handwritten,
        )
        for i in range(start, start + count)
    ]


def _list(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    items = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError(
            f"unknown {what}: {', '.join(bad) or '(empty)'}; choose from {', '.join(allowed)}"
        )
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--count", type=int, default=14)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="index of the first document")
    parser.add_argument("--fonts", choices=sorted(FONT_SETS), default="train")
    parser.add_argument(
        "--types",
        type=lambda v: _list(v, DOC_TYPES + EXTRA_TYPES, "type"),
        help="administrative_document (Decree 30 kinds other than decisions) only when named",
    )
    parser.add_argument(
        "--formats",
        type=lambda v: _list(v, ALL_FORMATS, "format"),
        help="pdf-ocr-noaccent / pdf-signed: scans whose text layer is a Latin-only OCR "
        "or a signature stamp only (never in the default rotation)",
    )
    parser.add_argument(
        "--degradations",
        type=lambda v: _list(v, FORCEABLE, "degradation"),
        help="force these on every document (default: 0-3 drawn by the seed); "
        "phone_photo (JPEG) or screenshot (96-dpi PNG) replace the scan",
    )
    parser.add_argument(
        "--dossier",
        action="store_true",
        help="one dossier: every document concerns the same applicant",
    )
    parser.add_argument(
        "--layouts",
        choices=LAYOUT_SETS,
        default="classic",
        help="classic: the first layout of each type (default); seen: every layout but the "
        "unseen one (tuning); unseen: only the layout kept out of tuning; all",
    )
    parser.add_argument(
        "--handwritten",
        type=float,
        default=0.0,
        help="share (0-1) of the number and day blanks of decisions and administrative "
        "documents written in by hand with held-out MNIST digits (default 0: none)",
    )
    args = parser.parse_args(argv)
    if not 0.0 <= args.handwritten <= 1.0:
        parser.error("--handwritten is a share between 0 and 1")
    samples = generate(
        args.out,
        count=args.count,
        seed=args.seed,
        fonts=args.fonts,
        types=args.types,
        formats=args.formats,
        degradations=args.degradations,
        dossier=args.dossier,
        start=args.start,
        layouts=args.layouts,
        handwritten=args.handwritten,
    )
    for s in samples:
        t = s.truth
        print(f"{s.path}  {t['doc_type']}  {t['format']}  {t['degradations']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
