"""Guard: no fragment of a real news article (../shared/news-real) is copied into the repository.

The real articles are third-party texts used only to measure the news extractor. A fragment counts
as copied when a run of six words (\\w+ tokens, lower-cased: "2,91" is "2 91") of a repository file
appears in exactly one real article: a phrase shared by several articles is the press's common
idiom, and one found in our own reference material (spbe/data, the shared notes incl. the real
set's own README, the seeds) or in an official document title is public wording, not an article's.
So is a decree citation ("Keputusan Menteri PANRB Nomor 13 Tahun 2024"): a run that names a
regulation by number and year, or is made only of citation words and numbers, is the decree's
identity, which every article reporting it writes the same way.
The failure names the file, the article id and the six words, never more of the article.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tests.paths import REPO_ROOT, SHARED

N = 6
ARTICLES = SHARED / "news-real" / "articles"
SUFFIXES = {".py", ".md", ".toml", ".csv", ".txt", ".yaml", ".json", ".html"}
# Not the project's sources: tool state, caches, the warehouse, the dev set (our own writing, whose
# overlaps are generic official phrases) and the fixtures (tests/fixtures/seeds is a shared copy).
SKIP_DIRS = {".git", ".venv", ".dagster", ".hypothesis", ".pytest_cache", ".ruff_cache", "__pycache__", "node_modules"}
SKIP_PATHS = {Path("data"), Path("devset"), Path("tests") / "fixtures"}
# Titles of public documents the mirror renders (mirror/documents.py): the decree's subject and the
# regulation it rests on. The press quotes them too, so they are not an article's words.
OFFICIAL_TITLES = (
    "Hasil Evaluasi Sistem Pemerintahan Berbasis Elektronik pada Kementerian, Lembaga, dan Pemerintah Daerah Tahun",
    "Hasil Pemantauan dan Evaluasi Sistem Pemerintahan Berbasis Elektronik pada Kementerian, Lembaga, dan "
    "Pemerintah Daerah Tahun",
    "Peraturan Presiden Nomor 95 Tahun 2018 tentang SPBE",
    "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik",
)

# Words a regulation citation is made of: the issuer, the instrument, its number and year.
CITATION_WORDS = frozenset(
    [
        "keputusan",
        "peraturan",
        "menteri",
        "kementerian",
        "menpan",
        "menpanrb",
        "kemenpan",
        "kemenpanrb",
        "kepmen",
        "kepmenpan",
        "permen",
        "permenpan",
        "pan",
        "panrb",
        "rb",
        "pendayagunaan",
        "aparatur",
        "negara",
        "reformasi",
        "birokrasi",
        "dan",
        "presiden",
        "perpres",
        "sk",
        "nomor",
        "no",
        "tahun",
        "tentang",
    ]
)
_CITATION_RE = re.compile(r"\b(?:nomor|no) \d+ tahun \d{4}\b")

needs_real = pytest.mark.skipif(not ARTICLES.is_dir(), reason="needs ../shared/news-real/articles (the real articles)")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _grams(text: str) -> set[str]:
    w = _words(text)
    return {" ".join(w[i : i + N]) for i in range(len(w) - N + 1)}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _unique_article_grams() -> dict[str, str]:
    """Six-word runs found in exactly one real article -> that article's id."""
    owners: dict[str, set[str]] = defaultdict(set)
    for path in sorted(ARTICLES.glob("*.txt")):
        for g in _grams(_read(path)):
            owners[g].add(path.stem)
    return {g: next(iter(ids)) for g, ids in owners.items() if len(ids) == 1 and not is_citation(g)}


def is_citation(gram: str) -> bool:
    """A run that cites a regulation (number and year) or holds nothing but citation words."""
    return bool(_CITATION_RE.search(gram)) or all(w.isdigit() or w in CITATION_WORDS for w in gram.split())


def _public_grams() -> set[str]:
    files = [SHARED / "domain.md", SHARED / "sources.md", SHARED / "news-real" / "README.md"]
    for folder in (REPO_ROOT / "spbe" / "data", SHARED / "seeds"):
        files += [p for p in folder.rglob("*") if p.is_file()]
    out: set[str] = set()
    for path in files:
        if path.is_file():
            out |= _grams(_read(path))
    for title in OFFICIAL_TITLES:
        out |= _grams(title)
    return out


def _source_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(REPO_ROOT):
        rel = Path(folder).relative_to(REPO_ROOT)
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and rel / d not in SKIP_PATHS and not d.endswith(".egg-info")]
        found += [Path(folder) / f for f in files if Path(f).suffix in SUFFIXES]
    return sorted(found)


def copied_fragments() -> list[str]:
    unique = _unique_article_grams()
    for g in _public_grams():
        unique.pop(g, None)
    hits = []
    for path in _source_files():
        w = _words(_read(path))
        for i in range(len(w) - N + 1):
            g = " ".join(w[i : i + N])
            if g in unique:
                hits.append(f"{path.relative_to(REPO_ROOT)}: {unique[g]}: {g}")
    return hits


@needs_real
def test_no_fragment_of_a_real_article_is_in_the_repository():
    hits = copied_fragments()
    assert not hits, "six-word runs of a real article (file: article id: words); rewrite in your own words:\n" + "\n".join(hits)


def test_a_decree_citation_is_public_wording_and_an_article_sentence_is_not():
    # Invented wording: the guard must still catch prose, so the citation rule may not swallow it.
    assert is_citation("menpan rb nomor 13 tahun 2024")
    assert is_citation("keputusan menteri panrb nomor 663 tahun")  # citation words and numbers only
    assert not is_citation("bupati menyampaikan terima kasih kepada seluruh")
    assert not is_citation("indeks spbe kabupaten naik menjadi 3")
