"""Stage 3 (mentions): instansi mentions in running text, flagged and resolved against the article."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter

from spbe.sources.news.extract.cues import IC, NEIGHBOUR_BEFORE_RE
from spbe.sources.news.extract.lexicon import (
    EVALUATOR_IDS,
    LOCAL_GROUP,
    ORG_WORDS,
    PLACE_WORDS,
    PREFIX_FIRST,
    PREFIX_MAX,
    PREFIX_SEQS,
    REGIONAL_OFFICE_WORDS,
    TYPO_PREFIX_FIRST,
    Entry,
    all_upper,
)
from spbe.sources.news.extract.model import Mention

_JOINED_RE = re.compile(r"\s*(?:dan|serta|maupun)\s+(?:provinsi\s+)?", re.IGNORECASE)
_SUPERLATIVE_SCOPE_RE = re.compile(
    r"\b(?:tertinggi|terendah|terbaik|teratas|terbawah|terburuk)(?:nya)?\s+(?:di\s+antara|di|se-?|tingkat|untuk\s+wilayah)\s*$", IC
)
_LIST_BEFORE_RE = re.compile(r"(?:,|\bdan)\s*$")
_VALUE_AFTER_RE = re.compile(r"\s*[:(]?\s*[1-5][.,]\d")
# A slot that holds a name in a results list or ranking: "..., Kolakaa 2,35", "setelah Konawee (2,80)".
_TYPO_SLOT_BEFORE_RE = re.compile(r"(?:,|\bdan|\bserta|\bsetelah|\bdi\s*bawah|\bdi\s*atas|\bdiikuti|\bdisusul)\s*$", re.IGNORECASE)
_DIGIT_VALUE_RE = re.compile(r"(?<![\w.,/])[1-5][.,]\d")
_TYPO_NEIGHBOUR_REACH = 200  # characters back to the body named before the slot


class MentionsMixin:
    """Methods of `Document` (see document.py) for this stage."""

    def _prefix_at(self, i: int) -> tuple[int, str | None] | None:
        toks = self.tokens
        if toks[i][3] not in PREFIX_FIRST:
            return None
        for n in range(min(PREFIX_MAX, len(toks) - i), 0, -1):
            seq = tuple(t[3] for t in toks[i : i + n])
            if seq in PREFIX_SEQS:
                return n, PREFIX_SEQS[seq]
        return None

    def _match_name(self, j: int, kind: str | None) -> tuple[int, frozenset[str]] | None:
        """Longest region name at token j for a body of the given type (None = any region)."""
        toks, lex = self.tokens, self.lex
        if j >= len(toks) or not (toks[j][2][0].isupper() or toks[j][2][0].isdigit()):
            return None
        best = None
        key = ""
        for k in range(j, min(j + lex.MAX_TOKENS, len(toks))):
            if k > j and toks[k][0] - toks[k - 1][1] > 2:  # a name does not jump over punctuation runs
                break
            key += toks[k][3]
            if key not in lex.stems:
                break
            if kind is None:
                entry = lex.bare.get(key)
                if entry is not None:
                    best = (k + 1, entry.ids)
            elif (kind, key) in lex.typed:
                best = (k + 1, lex.typed[(kind, key)])
        return best

    def _tokens_before_values(self) -> set[int]:
        """Indices of the tokens an index value directly follows ("Kolakaa 2,35", "Konawee (2,80)"),
        found once per document so that the list-slot test per capitalised word is a set look-up."""
        starts = [t[0] for t in self.tokens]
        out = set()
        for m in _DIGIT_VALUE_RE.finditer(self.text):
            k = bisect.bisect_left(starts, m.start()) - 1
            if k >= 0 and _VALUE_AFTER_RE.match(self.text, self.tokens[k][1]):
                out.add(k)
        return out

    def _scan_mentions(self) -> list[Mention]:
        toks = self.tokens
        self._before_value = self._tokens_before_values()
        mentions: list[Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            found: Mention | None = None
            pref = self._prefix_at(i)
            if pref is not None:
                plen, kind = pref
                j = i + plen
                # "Pemerintah Kabupaten (Pemkab) Indramayu": a second prefix of the same type is skipped.
                again = self._prefix_at(j) if j < n else None
                # ... but "di tingkat kota, Kota Batam": a comma ends the generic word, and the
                # mention (with its qualifier checks) starts at the second prefix.
                if again is not None and re.search(r"[^\s()]", self.text[toks[j - 1][1] : toks[j][0]]):
                    again = None
                if again is not None and again[1] == kind and kind is not None:
                    j += again[0]
                hit = self._match_name(j, kind)
                typo = False
                # A misspelt name only right after its prefix ("Pemkot. Sekarang ..." is no name).
                if hit is None and kind is not None and toks[i][3] in TYPO_PREFIX_FIRST and j < n and self.text[toks[j - 1][1] : toks[j][0]] == " ":
                    hit = self._typo_span(j, kind)
                    typo = hit is not None
                if hit is not None:
                    end_tok, ids = hit
                    found = Mention(toks[i][0], toks[end_tok - 1][1], i, end_tok, ids, "typed", kind, typo=typo)
            if found is None and toks[i][2][0].isupper():
                found = self._match_free(i) or self._list_slot_typo(i, mentions)
            if found is not None:
                mentions.append(found)
                i = found.tok_end
            else:
                i += 1
        return mentions

    def _typo_span(self, j: int, group: str, ends: set[int] | None = None) -> tuple[int, frozenset[str]] | None:
        """R-NAME-TYPO: the longest run of one to three capitalised words at token j that is no
        known name but one letter from exactly one official name of the group (see typos.py)."""
        toks, lex = self.tokens, self.lex
        spans: list[tuple[int, str]] = []
        key = ""
        for k in range(j, min(j + 3, len(toks))):
            if not toks[k][2][0].isupper() or (k > j and toks[k][0] - toks[k - 1][1] > 1):
                break
            key += toks[k][3]
            spans.append((k + 1, key))
        for end_tok, key in reversed(spans):
            if key in lex.known or (ends is not None and end_tok not in ends):
                continue
            near = lex.near.near(group, key)
            if len(near) == 1:
                name = next(iter(near))
                kinds = ("kabupaten", "kota") if group == LOCAL_GROUP else (group,)
                ids = frozenset(i for t in kinds for i in lex.typed.get((t, name), ()))
                return (end_tok, ids) if len(ids) == 1 else None
        return None

    def _list_slot_typo(self, i: int, mentions: list[Mention]) -> Mention | None:
        """R-NAME-TYPO in a list: "Bombana 2,41 dan Kolakaa 2,35", "setelah Konawee (2,80)": a
        misspelt kabupaten/kota name where a list or ranking puts a name (right before a value),
        corrected only to a neighbour of the body named just before it (lists of local results
        name the regions of one province)."""
        toks, text = self.tokens, self.text
        prev = mentions[-1] if mentions else None
        if prev is None or len(prev.ids) != 1 or toks[i][0] - prev.end > _TYPO_NEIGHBOUR_REACH:
            return None
        ends = {k + 1 for k in range(i, i + 3) if k in self._before_value}
        if not ends or not _TYPO_SLOT_BEFORE_RE.search(text, max(0, toks[i][0] - 12), toks[i][0]):
            return None
        if "\n" in text[prev.end : toks[i][0]]:
            return None
        hit = self._typo_span(i, LOCAL_GROUP, ends)
        if hit is None:
            return None
        end_tok, ids = hit
        if self.lex.instansi(next(iter(ids))).province_code != self.lex.instansi(next(iter(prev.ids))).province_code:
            return None
        return Mention(toks[i][0], toks[end_tok - 1][1], i, end_tok, ids, "bare", None, typo=True)

    def _match_free(self, i: int) -> Mention | None:
        """A name without a type word: a region name, a press alias, or a central body."""
        toks, lex = self.tokens, self.lex
        best: tuple[int, Entry] | None = None
        key = ""
        for k in range(i, min(i + lex.MAX_TOKENS, len(toks))):
            if k > i and toks[k][0] - toks[k - 1][1] > 2:
                break
            key += toks[k][3]
            if key not in lex.stems:
                break
            for entry in (lex.central.get(key), lex.bare.get(key)):
                if entry is None:
                    continue
                raw = self.text[toks[i][0] : toks[k][1]]
                if entry.needs_upper and not all_upper(raw):
                    continue
                best = (k + 1, entry)
                break
        if best is None:
            return None
        end_tok, entry = best
        if entry.strength == "central":
            prev = toks[i - 1][3] if i > 0 else ""
            nxt = self._prefix_at(end_tok) if end_tok < len(toks) else None
            # "Dinas Kominfo", "Kominfo Kabupaten X": the regional office, not the ministry.
            if prev in REGIONAL_OFFICE_WORDS:
                return None
            if nxt is not None or (
                end_tok < len(toks)
                and self._match_name(end_tok, None) is not None
                and toks[end_tok][0] - toks[end_tok - 1][1] <= 2
            ):
                return None
        return Mention(toks[i][0], toks[end_tok - 1][1], i, end_tok, entry.ids, entry.strength, None, ordinary=entry.ordinary)

    def _dateline_spans(self) -> list[tuple[int, int]]:
        """R-DATELINE: "INDRAMAYU, (site) -", "Tana Paser –": the place the story was filed from."""
        dateline_spans: list[tuple[int, int]] = []
        seen_paras = 0
        pos = 0
        for line in self.text.split("\n"):
            start = pos
            pos += len(line) + 1
            if not line.strip():
                continue
            seen_paras += 1
            if seen_paras > 2:
                break
            m = re.match(r"^\s*([^\n–—]{1,60}?)\s*(?:[–—]|\s-\s|,\s*\(|,\s*-|\.\w+\.\w+\s*[–—-])", line)
            if m and len(m.group(1).split()) <= 3:
                head = m.group(1)
                if re.search(r"[–—]|\s-\s", line[: m.end()]) or all_upper(head.split(",")[0]):
                    dateline_spans.append((start, start + m.end()))
        return dateline_spans

    def _flag_mentions(self) -> None:
        toks = self.tokens
        dateline_spans = self._dateline_spans()
        for idx, m in enumerate(self.mentions):
            prev = toks[m.tok_start - 1][3] if m.tok_start > 0 else ""
            prev_gap = self.text[toks[m.tok_start - 1][1] : m.start] if m.tok_start > 0 else ""
            if any(a <= m.start < b for a, b in dateline_spans):
                m.dateline = True
            if prev in ORG_WORDS and m.strength != "central" and "\n" not in prev_gap:
                m.org = True
                m.other_body = prev not in PLACE_WORDS
            # R-NEIGHBOUR: "Kabupaten Gowa, tetangga Makassar, memperoleh ...", "Kabupaten X yang
            # berbatasan dengan Kota Y mencatat ...": the neighbour only describes the subject.
            if NEIGHBOUR_BEFORE_RE.search(self.text, max(0, m.start - 40), m.start):
                m.qualifier = True
            # R-QUALIFIER (a): "se-Jawa Barat", "tingkat Provinsi Lampung", "wilayah Sulsel".
            if prev in {"se", "tingkat", "wilayah", "seluruh", "kawasan"} and "\n" not in prev_gap:
                m.qualifier = True
            # R-QUALIFIER (f): "indeks tertinggi di Jawa Tengah", "terendah di antara kabupaten di
            # X": the place after a superlative is its scope, not the owner (grammar).
            if _SUPERLATIVE_SCOPE_RE.search(self.text, max(0, m.start - 40), m.start):
                m.qualifier = True
            is_province = all(self.lex.instansi(i).type == "provinsi" for i in m.ids)
            if is_province and idx > 0:
                before = self.mentions[idx - 1]
                gap = self.text[before.end : m.start]
                # R-QUALIFIER (b): "Kabupaten Pesawaran, Provinsi Lampung" / "Pesawaran di Lampung".
                after_p = self.text[m.end : m.end + 2]
                closed = not re.search(r"[,(]", gap) or re.match(r"\s*[,).]|\s*$", after_p)
                # "Kabupaten Jayawijaya, yang kini masuk Provinsi Papua Pegunungan": a relative
                # clause placing the body in its province.
                placed = len(gap) <= 40 and re.fullmatch(
                    r"\s*,?\s*yang\s+(?:kini\s+|sekarang\s+|telah\s+|sudah\s+|juga\s+)?(?:masuk|termasuk|berada\s+di|bagian\s+dari|di\s+bawah)"
                    r"\s+(?:wilayah\s+)?(?:provinsi\s+|prov\.?\s+)?",
                    gap,
                    IC,
                )
                if placed or (
                    len(gap) <= 12 and closed and re.fullmatch(r"[\s,()]*(?:di\s+|provinsi\s+|prov\.?\s+)*[\s,()]*", gap, IC)
                ):
                    provs = {self.lex.instansi(i).province_code for i in before.ids}
                    if provs & {self.lex.instansi(i).province_code for i in m.ids} and not all(
                        self.lex.instansi(i).type == "provinsi" for i in before.ids
                    ):
                        m.qualifier = True
            line_start = self.text.rfind("\n", max(0, m.start - 300), m.start) + 1
            earlier = self.text[max(line_start, m.start - 300) : m.start]
            if is_province and prev == "di":
                # R-QUALIFIER (c): "... kabupaten/kota di Jawa Barat", "Kabupaten X meraih indeks
                # terbaik di Provinsi P": a province after "di" once a kab/kota
                # (named or generic) came earlier in the same line.
                named_before = (
                    idx > 0
                    and self.mentions[idx - 1].start >= line_start
                    and not all(self.lex.instansi(i).type == "provinsi" for i in self.mentions[idx - 1].ids)
                )
                if named_before or re.search(r"\b(?:kabupaten|kota|kabupaten/kota|kab/kota)\b", earlier, IC):
                    m.qualifier = True
            elif is_province and re.search(
                r"\b(?:sebuah|satu|salah\s+satu)\s+(?:kabupaten|kota|daerah|pemda)\s+(?:\w+\s+){0,3}?di\s+(?:[a-z]+\s+){1,2}$",
                earlier,
            ):
                # R-QUALIFIER (d): "sebuah kabupaten di pegunungan Papua": the province only locates
                # an unnamed body.
                m.qualifier = True

    def _list_slot(self, m: Mention) -> bool:
        """R-ORDINARY-LIST: "..., Metro 2,49, ...": a capitalised word between a list comma (or
        "dan") and an index value is a name, even when it is also an ordinary word."""
        before = self.text[max(0, m.start - 6) : m.start]
        return bool(_LIST_BEFORE_RE.search(before) and _VALUE_AFTER_RE.match(self.text, m.end, m.end + 12))

    def _resolve_mentions(self) -> None:
        lex = self.lex
        self._drop_uncorroborated_typos()
        # Bodies named unambiguously somewhere in the article: the context that settles homonyms and
        # confirms ordinary-word names.
        strong: set[str] = set()
        for m in self.mentions:
            if len(m.ids) == 1 and not m.ordinary and m.strength in ("typed", "alias", "central"):
                strong |= m.ids
        unique_bare = {next(iter(m.ids)) for m in self.mentions if len(m.ids) == 1 and not m.ordinary}
        context = strong | unique_bare
        kept = []
        for m in self.mentions:
            if len(m.ids) == 1:
                only = next(iter(m.ids))
                if m.ordinary and m.strength != "typed" and only not in strong and not self._list_slot(m):
                    continue  # R-ORDINARY: "Batu", "Pati" without confirmation are words, not places
                m.resolved = only
            else:
                # R-HOMONYM: a bare "Bogor" is Kota or Kabupaten Bogor only when the article names
                # exactly one of them unambiguously; otherwise it stays unresolved (and blocks).
                hits = [i for i in m.ids if i in context]
                if m.ordinary and not hits:
                    continue
                m.resolved = hits[0] if len(hits) == 1 else None
            kept.append(m)
        self.mentions = kept
        for m in self.mentions:
            if m.resolved and m.resolved in EVALUATOR_IDS:
                line_start = self.text.rfind("\n", 0, m.start) + 1
                before = self.text[max(line_start, m.start - 25) : m.start]
                # "KemenPAN-RB ... mencatat indeksnya sendiri sebesar v", "milik KemenPAN-RB sendiri
                # (v)": the evaluator's own result.
                own = re.match(
                    r"[^.!?\n]{0,80}?\b(?:indeks|nilai|skor)(?:nya)?\s+(?:SPBE\s+)?(?:\w+\s+)?sendiri\b|\s*sendiri\s*\(\s*[1-5][.,]\d",
                    self.text[m.end : m.end + 120],
                    IC,
                )
                if not re.search(r"\bSPBE\s*(?:\(\w+\)\s*)?$", before, IC) and not own:
                    m.org = True  # R-EVALUATOR
            _ = lex
        self._chain_qualifiers()

    def _drop_uncorroborated_typos(self) -> None:
        """R-NAME-TYPO, corroboration: a corrected name stands only when the article names (in a
        known spelling) a body of the same province. Regional news names its province's bodies; a
        capitalised word of a headline ("Pemkot Pasang Target") that happens to be one letter from a
        region elsewhere in the country is a word, not that region."""
        inst = self.lex.instansi
        if not any(m.typo for m in self.mentions):
            return
        # Bodies named in a known spelling and without doubt (a correction does not vouch for itself).
        named = {next(iter(m.ids)) for m in self.mentions if len(m.ids) == 1 and not m.typo and not m.ordinary}
        provinces = {inst(i).province_code for i in named if inst(i).is_regional}
        self.mentions = [m for m in self.mentions if not m.typo or inst(next(iter(m.ids))).province_code in provinces]

    def _chain_qualifiers(self) -> None:
        """R-QUALIFIER (e): "terbaik se-P1 dan P2": a place joined by "dan" to a
        qualifier is a qualifier too."""
        for before, m in itertools.pairwise(self.mentions):
            if before.qualifier and not m.qualifier and _JOINED_RE.fullmatch(self.text, before.end, m.start):
                m.qualifier = True

    def _assign_to_sentences(self) -> None:
        it = iter(self.mentions)
        pending = next(it, None)
        for s in self.sentences:
            while pending is not None and pending.start < s.start:
                pending = next(it, None)
            while pending is not None and pending.start < s.end:
                s.mentions.append(pending)
                pending = next(it, None)

    def _dominant(self) -> str | None:
        """R-SUBJECT: the body the article is about - clearly the most mentioned candidate."""
        # Mentions in the lead (first three sentences) count double: news names its subject first.
        lead_end = self.sentences[min(2, len(self.sentences) - 1)].end if self.sentences else 0
        counts: Counter[str] = Counter()
        previous = None
        for m in self.mentions:
            # "Badan Pusat Statistik (BPS)": a name and its acronym side by side are one mention.
            repeat = previous is not None and previous.resolved == m.resolved and m.start - previous.end <= 3
            if m.resolved and m.candidate and not repeat:
                counts[m.resolved] += 2 if m.start < lead_end else 1
            previous = m
        if not counts:
            return None
        ranked = counts.most_common(2)
        top_id, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if top >= 2 and top > 1.5 * second:
            return top_id
        if top >= 1 and second == 0:
            return top_id
        return None
