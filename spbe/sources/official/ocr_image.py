"""Clean a scanned lampiran page for OCR: binarise, straighten, despeckle, lift the ruling lines.

Plain numpy on a greyscale Pillow image, no OpenCV: the page is one array of a few megabytes and
every step is a handful of vectorised passes. The ruling lines are returned, not just erased:
the horizontal ones are the table's row boundaries, the surest way to tell which wrapped name
belongs to which value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

MAX_SKEW_DEGREES = 3.0  # a scanner feeder is off by a degree or two; more is a rotated page


@dataclass
class CleanPage:
    image: Image.Image  # binarised ("L", text black on white), straightened, rules removed
    angle: float  # degrees the scan was rotated by to straighten it (PIL's counter-clockwise sense)
    rules: list[tuple[int, int, int]]  # horizontal rules found: (y, x0, x1) in the cleaned image


def _otsu(grey: np.ndarray) -> int:
    """Otsu's threshold: the grey level that best separates ink from paper."""
    hist = np.bincount(grey.ravel(), minlength=256).astype(float)
    weights = np.cumsum(hist)
    means = np.cumsum(hist * np.arange(256))
    total_w, total_m = weights[-1], means[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (total_m * weights - means * total_w) ** 2 / (weights * (total_w - weights))
    return int(np.nanargmax(between[:-1]))


def _skew_angle(ink: np.ndarray) -> float:
    """The rotation that makes text lines and rules horizontal: the sharpest row profile wins."""
    small = Image.fromarray((ink[::4, ::4] * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(small.rotate(angle, resample=Image.NEAREST), dtype=np.float32).sum(axis=1)
        return float(np.var(np.diff(rows)))

    coarse = max(np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.25), key=sharpness)
    fine = max(np.arange(coarse - 0.25, coarse + 0.26, 0.05), key=sharpness)
    return round(float(fine), 2)


def _runs(mask: np.ndarray, length: int, *, vertical: bool = False) -> np.ndarray:
    """Pixels that belong to a straight run of at least `length` set pixels (rows, or columns).

    Pillow's box blur is a running mean in C: a window whose mean is full ink is a run; a second
    blur of those window centres grows them back over the whole run."""
    radius = max(1, length // 2)
    box = ImageFilter.BoxBlur((0, radius) if vertical else (radius, 0))
    centres = np.asarray(Image.fromarray(mask.astype(np.uint8) * 255).filter(box)) >= 255
    return np.asarray(Image.fromarray(centres.astype(np.uint8) * 255).filter(box)) > 0


def _despeckle(ink: np.ndarray, radius: int = 2, keep: int = 5) -> np.ndarray:
    """Drop dark pixels with almost no dark neighbours (scanner dust), keep strokes and full stops.
    The neighbour count is a box blur of the mask (8-bit, in C): no page-sized integer arrays."""
    size = 2 * radius + 1
    mean = np.asarray(Image.fromarray(ink.astype(np.uint8) * 255).filter(ImageFilter.BoxBlur(radius)))
    return ink & (mean >= keep * 255 / (size * size) - 0.5)


def _horizontal_rules(lines: np.ndarray) -> list[tuple[int, int, int]]:
    rows = np.flatnonzero(lines.any(axis=1))
    rules: list[tuple[int, int, int]] = []
    if rows.size == 0:
        return rules
    groups = np.split(rows, np.flatnonzero(np.diff(rows) > 2) + 1)
    for group in groups:
        cols = np.flatnonzero(lines[group].any(axis=0))
        rules.append((int(group.mean()), int(cols.min()), int(cols.max())))
    return rules


def _dilate(mask: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Grow a mask by `rows` pixels up and down and `cols` left and right (separable: fast)."""
    out = mask.copy()
    for dy in range(1, rows + 1):
        out[dy:] |= mask[:-dy]
        out[:-dy] |= mask[dy:]
    grown = out.copy()
    for dx in range(1, cols + 1):
        grown[:, dx:] |= out[:, :-dx]
        grown[:, :-dx] |= out[:, dx:]
    return grown


FAINT_RANGE = 128  # grey levels between the paper and the darkest ink below which a scan is faint


def normalise_contrast(grey: np.ndarray) -> np.ndarray:
    """Stretch the grey levels so that the paper (the median: most of a page is paper) is white and
    the darkest ink black, when the scan is faint. A faint scan (toner running out: ink a light grey on a grey sheet) then
    thresholds like a good one, instead of giving Otsu two shades of paper to split (which turned
    the whole sheet into noise Tesseract chewed on for minutes)."""
    paper = float(np.median(grey))
    ink = float(np.percentile(grey, 0.5))
    if paper - ink < 8 or paper - ink >= FAINT_RANGE:  # an empty page, or ink dark enough: left as scanned
        return grey
    stretched = (grey.astype(np.float32) - ink) * (255.0 / (paper - ink))
    return np.clip(stretched, 0, 255).astype(np.uint8)


def clean_page(image: Image.Image, dpi: float) -> CleanPage:
    grey = normalise_contrast(np.asarray(image.convert("L")))
    grey_image = Image.fromarray(grey)
    threshold = _otsu(grey)
    angle = _skew_angle(grey < threshold)
    if angle:
        grey = np.asarray(grey_image.rotate(angle, resample=Image.BICUBIC, fillcolor=255))
    ink = grey < threshold
    # A rule is far longer than any word (1.5 inch: "Penanggulangan" at 9.5 pt is about one). A thin rule comes out of JPEG and
    # thresholding with gaps and one-pixel steps: bridge them before measuring runs. Rules go
    # first: a one-pixel rule looks like dust to the despeckler.
    step = max(1, round(dpi / 100))
    horizontal = _runs(_dilate(ink, 1, step), int(dpi * 1.5)) & _dilate(ink, 1, 0)
    vertical = _runs(_dilate(ink, step, 1), int(dpi * 0.25), vertical=True) & _dilate(ink, 0, 1)
    lines = _dilate(horizontal | vertical, step, step)  # with the antialiased fringe ("|", "_")
    rest = ink & ~lines
    speckle = rest & ~_despeckle(rest, radius=step, keep=max(3, round(step * step * 1.3)))
    erase = lines | speckle
    # Paper, tinted cells and the grey fringe of JPEG noise go white; ink keeps its antialiased
    # edge (a band a little lighter than the threshold), which is what a small comma is made of.
    paper = grey >= min(threshold + 40, 235)
    cleaned = np.where(erase | paper, 255, grey).astype(np.uint8)
    return CleanPage(Image.fromarray(cleaned), angle, _horizontal_rules(horizontal))
