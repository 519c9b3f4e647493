"""Stage 2: segment the text into paragraphs and sentences, with bounded length."""

from __future__ import annotations

import itertools
import re

from spbe.sources.news.extract.cues import ABBREVIATIONS, SENTENCE_END_RE
from spbe.sources.news.extract.model import Sentence

MAX_SENTENCE = 700  # characters; real sentences are shorter, a page without full stops is not
_LAST_WORD_RE = re.compile(r"([A-Za-z]+)$")
_LIST_NUMBER_RE = re.compile(r"\s*(?:\d{1,3}|[a-zA-Z])[.)]*\s*")
_CUT_RE = re.compile(r"[;:]\s+|,\s+")


def _bounded(text: str) -> list[tuple[int, str]]:
    """(offset, piece) cuts of an over-long sentence at the last clause mark before the limit."""
    out: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > MAX_SENTENCE:
        window = text[pos : pos + MAX_SENTENCE]
        cut = None
        for m in _CUT_RE.finditer(window, MAX_SENTENCE // 2):
            cut = m.end()
        cut = cut or MAX_SENTENCE
        out.append((pos, text[pos : pos + cut].rstrip()))
        pos += cut
    out.append((pos, text[pos:]))
    return [(o, p) for o, p in out if p.strip()]


def split_sentences(text: str) -> list[Sentence]:
    """Paragraphs are lines; sentences end at . ! ? before a capital, not after an abbreviation or a
    list number. A sentence longer than MAX_SENTENCE is cut at clause marks (R-BOUNDED), so every
    later window is bounded and extraction stays linear in the text length."""
    out: list[Sentence] = []
    para = 0
    pos = 0
    for line in text.split("\n"):
        start_line = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0]
        for m in SENTENCE_END_RE.finditer(line):
            word = _LAST_WORD_RE.search(line, max(0, m.start() - 30), m.start())
            if word and word.group(1).lower() in ABBREVIATIONS:
                continue
            if m.end() - cuts[-1] <= 8 and _LIST_NUMBER_RE.fullmatch(line[cuts[-1] : m.end()]):
                continue  # list numbering "1. Kota Balikpapan: 3,62"
            cuts.append(m.end())
        cuts.append(len(line))
        for a, b in itertools.pairwise(cuts):
            chunk = line[a:b]
            if not chunk.strip():
                continue
            lead = len(chunk) - len(chunk.lstrip())
            for off, piece in _bounded(chunk.strip()):
                s_start = start_line + a + lead + off
                out.append(Sentence(s_start, s_start + len(piece), para, len(out), piece))
        para += 1
    return out
