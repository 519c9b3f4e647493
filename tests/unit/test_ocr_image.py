"""Cleaning a scanned page (ocr_image): the straightening turns the way Pillow's rotate does, so
boxes map back to the PDF page (ocr._to_page_points assumes that sense)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from spbe.sources.official.ocr_image import _rotate, clean_page


def _ruled_page(angle: float) -> Image.Image:
    page = Image.new("L", (800, 600), 255)
    draw = ImageDraw.Draw(page)
    for y in range(100, 500, 40):
        draw.rectangle((80, y, 720, y + 2), fill=0)
    return page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)


def test_rotate_turns_as_pillow_does_and_fills_the_corners_with_paper():
    page = np.asarray(_ruled_page(0))
    ours = _rotate(page, 2.0).astype(int)
    pillow = np.asarray(Image.fromarray(page).rotate(2.0, resample=Image.BICUBIC, fillcolor=255)).astype(int)
    assert ours.shape == page.shape and ours[0, 0] == 255 and ours[-1, -1] == 255
    assert np.abs(ours - pillow).mean() < 3  # the other way round differs on every rule (about 25)
    assert np.abs(_rotate(page, -2.0).astype(int) - pillow).mean() > 10


def test_a_skewed_page_comes_out_straight():
    skewed = _ruled_page(1.5)
    cleaned = clean_page(skewed, 200)
    assert abs(cleaned.angle + 1.5) <= 0.1, cleaned.angle
    # Straightened, each rule is one horizontal rule across the table (a tilted one breaks into
    # steps too short to count): ten of them, 40 px apart.
    assert len(cleaned.rules) == 10, cleaned.rules
    assert all(x1 - x0 > 600 for _, x0, x1 in cleaned.rules)
