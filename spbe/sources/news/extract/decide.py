"""Stage 6 (decide): each candidate gets a label, kind, instansi, year and predikat, or a refusal;
then the article-level checks (duplicates, conflicts) and each figure's outcome run over what was
found (article_checks.py, stage 7).

Every emitted figure carries the rules that decided it (`Candidate.rules`); every refused number
is recorded in `Document.refusals` with the rule that refused it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from spbe.domain.calendar import FIRST_EVALUATION_YEAR, LAST_SPBE_YEAR, today_in_jakarta
from spbe.domain.methods import method_for_year
from spbe.sources.news.extract.bounds import PLAN_PERIOD_RE, TARGET_BEATEN_RE, TARGET_STATED_RE, aimed_bound, bound_integers
from spbe.sources.news.extract.candidates import (
    SentenceContext,
    bind_post_years,
    find_values,
    mark_ranges,
    surface_refusal,
)
from spbe.sources.news.extract.cues import (
    ANAPHOR_START_RE,
    BASELINE_TAIL_RE,
    BOUND_TAIL_RE,
    CHANGE_RE,
    CLAUSE_BREAK_RE,
    EVAL_RE,
    IC,
    LIMITED_ROUND_YEAR,
    MISATTRIBUTION_RE,
    NOT_EVALUATED_RE,
    PREDIKAT_RE,
    SAME_EVALUATION_RE,
    TARGET_RE,
    last_match,
    provisional_cue,
)
from spbe.sources.news.extract.evidence import TARGET_WORD_RE, Cues, sentence_flags
from spbe.sources.news.extract.link import KIND_WINDOW
from spbe.sources.news.extract.modality import modality_refusal
from spbe.sources.news.extract.model import Candidate, NewsFigure, Refusal, Sentence

_PAIR_TO_RE = re.compile(r"\b(?:menjadi|jadi|ke\s+angka|ke\s+nilai|ke|hingga)\b", IC)
_HAPPENED_RE = re.compile(r"\bdari\b[^.;]{0,40}\b(?:menjadi|jadi)\b", IC)
_YEAR_RANGE_RE = re.compile(r"\b20[1-3]\d\s*(?:[-–—/]|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga)\s*20[1-3]\d\b(?![^.;]*\b(?:tahun|pada)\s+20[1-3]\d)", IC)
_AND_RE = re.compile(r"\s+dan\s+")
_VALUE_JOIN_RE = re.compile(r"\s*(?:,|;|dan|serta)\s*(?:dan\s+)?", IC)
_YEAR_BOTH_RE = re.compile(r"\b(20[1-3]\d)\s*(?:,\s*)?(?:dan|serta|&)\s+(?:tahun\s+|pada\s+)?(20[1-3]\d)\b(?!\s*[-–/])", IC)
# Between the pair and its one value: "(Indeks SPBE ", " sama-sama meraih indeks ", ": ",
# " masing-masing dengan indeks " (one value "each": both have it).
_SHARED_GAP_RE = re.compile(
    r"\s*(?:\(\s*)?(?:(?:sama-sama|masing-masing)\s+(?:dengan\s+)?)?(?:(?:meraih|memperoleh|mendapat\w*)\s+)?(?:indeks|nilai|skor)?(?:\s+spbe)?\s*[:=]?\s*",
    IC,
)
_WHOLE_INDEX_RE = re.compile(r"\bindeks\s+(?:spbe|sistem\s+pemerintahan)", IC)
_SELF_AFTER_RE = re.compile(
    r"\s*,?\s*(?:itu\s+|ini\s+|tersebut\s+)?(?:merupakan|adalah|ialah|masih|baru)\s+(?:berdasarkan\s+|menurut\s+|dari\s+|sebagai\s+)?"
    r"(?:hasil\s+|nilai\s+)?(?:pe[nmr]\w{3,12}|evaluasi|asesmen|input|hitungan)\s+(?:\w+\s+){0,2}?mandiri",
    IC,
)
_NOT_A_BODY = frozenset({"R-AVERAGE", "R-NATIONAL", "R-DOMAIN", "R-LABEL-OTHER"})
_LONE_BASELINE_RE = re.compile(
    r"\b(?:naik|turun|meningkat|menurun|melonjak|merosot|bergerak|berubah|anjlok)\b[^.;]{0,40}?"
    r"\bdari\s+(?:(?:angka|nilai|indeks|skor|poin|sebelumnya|semula|awalnya|hanya|yang)\s+)*$",
    IC,
)
_OTHER_CLAUSE_RE = re.compile(r"[,;]|\b(?:dan|lalu|kemudian|sedangkan|serta|sementara)\b", IC)
# "X dengan (angka) indeks V", "dengan nilai V", "meraih skor V": the value is stated as the body's level.
_STATED_LEVEL_RE = re.compile(r"\b(?:indeks|nilai|skor|angka)(?:\s+(?:indeks|sebesar|spbe))?\s*[,:]?\s*$", IC)
# Refusals that mean an index value was there but no single body owned it (H-CROWDED counts them).
_OWNER_DOUBT = frozenset({"R-NO-OWNER", "R-AMBIGUOUS-NAME", "R-OWNER-AFTER-AMBIGUOUS", "R-UNKNOWN-NAME", "R-UNNAMED"})
# A name that follows a place word is a scope or a capital's province, not an owner (H-BODY-PLACE).
_PLACE_BEFORE_RE = re.compile(r"(?:\b(?:di|tingkat|wilayah)\s+|\bse-?\s*)$", IC)
_CAPITAL_BEFORE_RE = re.compile(r"\b(?:ibu\s*kota|ibukota)\s+$", IC)
_REACH_RE = re.compile(r"\b(?:menjadi|meningkatkan|tingkatkan|mencapai|naik)\b", IC)


def _same_tier(a: str, b: str) -> bool:
    """Two regional bodies of one tier (kabupaten/kota "33.17", or provinces "33")."""
    return a.replace(".", "").isdigit() and b.replace(".", "").isdigit() and ("." in a) == ("." in b)


@functools.lru_cache(maxsize=64)  # asked once per figure, the same sentence for all of its figures
def _provisional_words(sentence: str) -> str:
    """The words of the sentence that mark its values as interim (R-KIND-PROVISIONAL), or ""."""
    m = provisional_cue(sentence)
    return " ".join(m.group(0).split()).lower() if m else ""


class Refused(Exception):
    """A value is not emitted; `rule` names why."""

    def __init__(self, rule: str, detail: str = "") -> None:
        super().__init__(rule)
        self.rule = rule
        self.detail = detail


class DecideMixin:
    """Methods of `Document` (see document.py) for this stage."""

    def figures(self) -> list[NewsFigure]:
        cands: list[Candidate] = []
        for s in self.sentences:
            found = self._sentence_figures(s)
            if found:
                self._found_in.add(s.index)
            self._collective_predikat(s, found)
            self._eval_years |= {c.year for c in found if c.kind == "evaluation"}
            last = next((c for c in reversed(found) if c.kind == "evaluation"), None)
            if last is not None:
                self._last_eval_year, self._last_eval_at = last.year, (last.instansi_id, s.index)
            cands.extend(found)
        return self._finalize(cands)

    def _refuse(self, s: Sentence, raw: str, rule: str, detail: str = "") -> None:
        self.refusals.append(Refusal(raw, rule, detail, s.text))

    def _context(self, s: Sentence) -> SentenceContext | None:
        values = sorted(find_values(s.text) + bound_integers(s.text))
        if not values:
            return None
        sentence_decrees = self._decree_years(s.text)
        ctx = SentenceContext(
            s,
            values,
            self._year_tokens(s.text),
            sentence_decrees[0] if len(set(sentence_decrees)) == 1 else None,
            [(m.start - s.start, m.end - s.start, m) for m in s.mentions],
        )
        ctx.aimed = {k for k, (a, b, _v) in enumerate(values) if aimed_bound(s.text, a, b)}
        nxt = self.sentences[s.index + 1].text if s.index + 1 < len(self.sentences) else None
        ctx.flags = sentence_flags(s.text, nxt)
        mark_ranges(ctx)
        bind_post_years(ctx)
        ctx.list_slots = self._list_assignments(s.text, values, ctx.rel_mentions, ctx.years)
        return ctx

    def _sentence_figures(self, s: Sentence) -> list[Candidate]:
        ctx = self._context(s)
        if ctx is None:
            return []
        out: list[Candidate] = []
        misattributed = MISATTRIBUTION_RE.search(s.text)
        for k, (a, b, _value) in enumerate(ctx.values):
            raw = s.text[a:b]
            if misattributed:
                self._refuse(s, raw, "R-MISATTRIBUTION", "the sentence says a number is mistaken for SPBE")
                continue
            try:
                out.append(self._decide(ctx, k, out))
                ctx.found[k] = out[-1]
                other_year = self._both_years(ctx, k, out[-1])
                if other_year is not None:
                    out.append(replace(out[-1], year=other_year, rules=[out[-1].rules[0], "R-YEAR-BOTH", *out[-1].rules[2:]]))
                partner = self._shared_partner(ctx, k)
                if partner is not None:
                    out.append(replace(out[-1], instansi_id=partner, rules=["R-GROUP-SHARED", *out[-1].rules[1:]]))
            except Refused as r:
                ctx.refused[k] = r.rule
                self._refuse(s, raw, r.rule, r.detail)
        self._year_pairs(ctx)
        self._mark_chain(ctx, out)
        return out

    @staticmethod
    def _mark_chain(ctx: SentenceContext, out: list[Candidate]) -> None:
        """How crowded the sentence is, once all its values are decided: the index values that
        became figures plus those refused because no single body owned them (a distractor, a delta
        or an average is not counted). The figures are each body's own when every body's figures
        have distinct years or kinds, or one body's run along a change ("naik dari v1 menjadi v2");
        more values than bodies is then no doubt, unless a value had no owner."""
        if not out:
            return
        doubtful = sum(1 for rule in ctx.refused.values() if rule in _OWNER_DOUBT)
        values = len({(c.value, c.year, c.kind) for c in out}) + doubtful
        per_body: dict[str, list[tuple[int, str]]] = {}
        for c in out:
            per_body.setdefault(c.instansi_id, []).append((c.year, c.kind))
        distinct = all(len(set(roles)) == len(roles) for roles in per_body.values())
        chain = len(per_body) == 1 and bool(CHANGE_RE.search(ctx.text))
        for c in out:
            c.cues.values = values
            c.cues.own_values = (distinct or chain) and not doubtful

    def _year_pairs(self, ctx: SentenceContext) -> None:
        """R-YEAR-PAIR: "naik dari v1 menjadi v2", "hanya v1, lalu meningkat menjadi v2 ...
        naik lagi menjadi v3 (Y)": a chain of changes of one body states consecutive
        evaluations; when the chain's values all read the same year, that year is the last one's
        and each earlier link is one year before the next."""
        chain: list[int] = []
        for k in sorted(ctx.found):
            if chain and self._links(ctx, chain[-1], k):
                chain.append(k)
                continue
            self._date_chain(ctx, chain)
            chain = [k] if ctx.found[k].kind == "evaluation" else []
        self._date_chain(ctx, chain)
        self._lone_baselines(ctx)

    def _lone_baselines(self, ctx: SentenceContext) -> None:
        """R-YEAR-PAIR for a change with one end: "pada 2023 indeks X naik dari 3,2": the value after
        "naik ... dari" is where the change started, the evaluation before the year written, not
        that year's result (grammar of "dari"; the year's own value is not stated)."""
        for k, c in ctx.found.items():
            if c.kind != "evaluation" or c.year_source != "explicit" or c.rules[1:2] == ["R-YEAR-PAIR"]:
                continue
            a = ctx.values[k][0]
            if k in ctx.post_years or c.cues.year_after is not None or not _LONE_BASELINE_RE.search(ctx.text, max(0, a - 60), a):
                continue
            linked = any(j in ctx.found and self._links(ctx, min(j, k), max(j, k)) for j in (k - 1, k + 1))
            if not linked and len(c.rules) > 1:
                c.year -= 1
                c.rules[1] = "R-YEAR-PAIR"

    def _both_years(self, ctx: SentenceContext, k: int, cand: Candidate) -> int | None:
        """R-YEAR-BOTH: "pada 2020 dan 2021 sebesar 2,45": one value stated for two years joined
        by "dan" is each year's result; the other year, or None. Not when the value has a year of
        its own (another year between), nor in a list of values ("2022 dan 2023 masing-masing 2,51
        dan 3,02"), nor for the baseline of a change ("2022 dan 2023 naik dari 2,5
        menjadi 3,0": the change's two ends are the two years, R-YEAR-PAIR)."""
        if cand.kind != "evaluation" or cand.year_source != "explicit":
            return None
        a, b, _v = ctx.values[k]
        start = ctx.values[k - 1][1] if k else 0
        m = last_match(_YEAR_BOTH_RE, ctx.text[start:a])
        nxt = ctx.values[k + 1][0] if k + 1 < len(ctx.values) else len(ctx.text)
        if m is None or _PAIR_TO_RE.search(ctx.text, b, nxt) or k in ctx.list_slots:
            return None
        # "tahun 2022 dan 2023 sebesar 2,51 dan 3,02": two values for the two years, one each.
        if k + 1 < len(ctx.values) and _VALUE_JOIN_RE.fullmatch(ctx.text, b, nxt):
            return None
        first, second = int(m.group(1)), int(m.group(2))
        if cand.year not in (first, second) or first == second:
            return None
        other = first if cand.year == second else second
        if self._evaluation_year(other, "explicit", ctx.sentence_decree) != (other, "explicit"):
            return None
        ctx.both_years[k] = (min(first, second), max(first, second))
        return other

    @staticmethod
    def _links(ctx: SentenceContext, j: int, k: int) -> bool:
        first, nxt = ctx.found[j], ctx.found[k]
        if k != j + 1 or nxt.kind != "evaluation" or first.instansi_id != nxt.instansi_id:
            return False
        # An undated value before a dated one ("turun ke 2,30, lalu pada 2022 menjadi 2,05") is the
        # chain's earlier link as much as one that reads the same year.
        if first.year != nxt.year and first.year_source != "implicit":
            return False
        return j in ctx.change_pairs or bool(_PAIR_TO_RE.search(ctx.text, ctx.values[j][1], ctx.values[k][0]))

    @staticmethod
    def _date_chain(ctx: SentenceContext, chain: list[int]) -> None:
        if len(chain) < 2:
            return
        # A last value given for two years ("lalu pada 2021 dan 2022 turun menjadi 2,05") follows the earlier one.
        last = ctx.both_years.get(chain[-1], (ctx.found[chain[-1]].year,))[0]
        for steps_back, k in enumerate(reversed(chain)):
            if steps_back:
                ctx.found[k].year = last - steps_back
                ctx.found[k].rules[1] = "R-YEAR-PAIR"

    def _decide(self, ctx: SentenceContext, k: int, found: list[Candidate]) -> Candidate:
        a, b, value = ctx.values[k]
        s, text = ctx.s, ctx.text
        rule = surface_refusal(ctx, k)
        if rule is not None:
            raise Refused(rule)
        # R-CHANGE-OF-OTHER: "indeks SPBE nasional mencapai 2,79, naik dari 2,34": the start of a
        # change whose end is an average, a national or a domain value is that same kind of value.
        if k and ctx.refused.get(k - 1) in _NOT_A_BODY and ctx.values[k - 1][1] >= a - 60 and _LONE_BASELINE_RE.search(text, max(0, a - 60), a):
            raise Refused(ctx.refused[k - 1], "the start of a change whose end is not a body's index")
        before, after = ctx.before(k), ctx.after(k)
        seg = text[ctx.seg_start(k) : a]
        label, label_rule = self._label_for(s, a, b, after[:60], k, ctx.values)
        if label not in ("spbe", "pemdi"):
            raise Refused("R-LABEL-OTHER" if label == "other" else "R-LABEL-NONE", "not the SPBE index")
        if self._is_domain_score(s, a, after[:60], seg) or self._domain_list_goes_on(ctx, k):
            raise Refused("R-DOMAIN", "a domain, aspect or indicator score")
        rule = modality_refusal(text, a, b)
        if rule is not None and not (rule == "R-MOD-HOPED" and k in ctx.aimed):  # a wished floor is a target
            raise Refused(rule, "not a statement of a result")
        kind, kind_rule = self._decide_kind(ctx, k, before, seg)
        owner, owner_rule = self._owner(s, a, b, k, ctx.rel_mentions, ctx.list_slots, after)
        if owner is None:
            raise Refused(owner_rule or "R-NO-OWNER", "no single named body owns the value")
        context_year = found[-1].year if found else None
        year_info = self._year_for(
            text, a, b, k, kind, ctx.years, ctx.post_years, ctx.consumed, ctx.list_slots, ctx.values, context_year, s
        )
        if year_info is None:
            raise Refused("R-YEAR-NONE", "relative year without a reference")
        if year_info[1] != "explicit" and _YEAR_RANGE_RE.search(text, max(0, a - 90), a):
            year_info = self._plan_period_year(ctx, k, kind)
        year, source, kind = self._settle_year(ctx, k, kind, year_info, seg, before, owner, label)
        predikat = self._predikat(text, ctx.seg_start(k), a, b, after)
        rules = [owner_rule, f"R-YEAR-{source.upper()}", kind_rule, label_rule]
        cues = self._cues(ctx, k, owner, owner_rule, kind, label_rule, source)
        cues.index_label = label
        return Candidate(owner, year, value, kind, predikat, text, source, [r for r in rules if r], cues)

    def _cues(self, ctx: SentenceContext, k: int, owner: str, owner_rule: str, kind: str, label_rule: str, source: str) -> Cues:
        """The evidence the figure was decided on: which cue, how far from the value."""
        a, b, _v = ctx.values[k]
        named = [(ms, me) for ms, me, mm in ctx.rel_mentions if mm.resolved == owner and mm.candidate]
        before = [a - me for ms, me in named if me <= a]
        after = [ms - b for ms, me in named if ms >= b]
        distance = min(before) if before else (min(after) if after else -1)
        written = [(st, e, y) for st, e, y, src in ctx.years if src == "explicit"]
        years = [min(abs(a - e), abs(st - b)) for st, e, y in written]
        nxt = ctx.values[k + 1][0] if k + 1 < len(ctx.values) else len(ctx.text)
        # A year after the value in its own clause ("menjadi 1,90 Kategori Sedang pada 2022"), and a
        # year before it in its segment that no other value took as its own ("2,41 (2019)").
        others = {py[0] for j, py in ctx.post_years.items() if j != k}
        before_years = [y for st, e, y in written if ctx.seg_start(k) <= st and e <= a and st not in others]
        after_years = [y for st, e, y in written if b <= st < nxt and not _OTHER_CLAUSE_RE.search(ctx.text, b, st)]
        place = [ms for ms, me, mm in ctx.rel_mentions if mm.resolved == owner and me <= a]
        own_end = max((me for _ms, me in named if me <= a), default=-1)
        # A body of the owner's tier named between the owner and the value as a place ("yang
        # bertugas di Kota X"): the owner was chosen past a nearer body the value may be about.
        passed_place = own_end >= 0 and any(
            mm.resolved and mm.resolved != owner and own_end <= ms and me <= a and _same_tier(mm.resolved, owner)
            and _PLACE_BEFORE_RE.search(ctx.text, max(0, ms - 12), ms)
            for ms, me, mm in ctx.rel_mentions
        )
        window = ctx.text[max(0, a - KIND_WINDOW) : min(len(ctx.text), b + 40)]
        word = {"evaluation": EVAL_RE, "target": TARGET_RE}.get(kind)
        return Cues(
            body=owner_rule,
            body_via=self._coref_via if owner_rule == "R-COREF" and distance < 0 else "sentence",
            body_distance=distance,
            year_distance=min(years) if years and source != "implicit" else -1,
            kind_word=word is None
            or bool(word.search(window))
            or (kind == "evaluation" and bool(PREDIKAT_RE.search(window) or _STATED_LEVEL_RE.search(ctx.text, max(0, a - 40), a))),
            label=label_rule,
            values=len(ctx.values),
            bodies=len({mm.resolved for _s, _e, mm in ctx.rel_mentions if mm.candidate and mm.resolved}),
            target_before=bool(TARGET_WORD_RE.search(ctx.text, 0, a)),
            year_before=before_years[-1] if before_years else None,
            year_after=after_years[0] if after_years else None,
            body_place=any(_PLACE_BEFORE_RE.search(ctx.text, max(0, ms - 12), ms) for ms in place),
            body_province=owner.isdigit() and len(owner) == 2,
            body_passed_place=passed_place,
            body_capital=any(_CAPITAL_BEFORE_RE.search(ctx.text, max(0, ms - 12), ms) for ms in place),
            published=self.pub,
            context_year=self._previous_sentence_year(ctx.s),
            provisional=_provisional_words(ctx.text),
            decree_cited=ctx.sentence_decree is not None,
            sole_body=self.sole_body,
            years_written=self._years_written,
            **ctx.flags,
        )

    def _previous_sentence_year(self, s: Sentence) -> int | None:
        """The one year the sentence before writes (None: none, or several)."""
        if s.index == 0:
            return None
        years = {t[2] for t in self._year_tokens(self.sentences[s.index - 1].text) if t[3] == "explicit"}
        return next(iter(years)) if len(years) == 1 else None

    @staticmethod
    def _domain_list_goes_on(ctx: SentenceContext, k: int) -> bool:
        """R-DOMAIN-LIST: "... domain D1 (v1) dan D2 (v2)": the items after a domain score
        are part scores too, unless the index itself is named again."""
        if k == 0 or ctx.refused.get(k - 1) != "R-DOMAIN":
            return False
        between = ctx.text[ctx.values[k - 1][1] : ctx.values[k][0]]
        return len(between) <= 80 and not _WHOLE_INDEX_RE.search(between)

    def _shared_partner(self, ctx: SentenceContext, k: int) -> str | None:
        """R-GROUP-SHARED: "Kabupaten A dan B (Indeks SPBE v)": one value right after
        two bodies joined by "dan" is each one's. Only for a value directly after the pair."""
        if k in ctx.list_slots:
            return None
        a = ctx.values[k][0]
        near = [(ms, me, mm) for ms, me, mm in ctx.rel_mentions if me <= a and mm.candidate and mm.resolved]
        if len(near) < 2:
            return None
        (s1, e1, m1), (s2, e2, m2) = near[-2], near[-1]
        prev_value_end = ctx.values[k - 1][1] if k else 0
        if s1 < prev_value_end or m1.resolved == m2.resolved or not _AND_RE.fullmatch(ctx.text, e1, s2):
            return None
        return m1.resolved if _SHARED_GAP_RE.fullmatch(ctx.text, e2, a) else None

    def _decide_kind(self, ctx: SentenceContext, k: int, before: str, seg: str) -> tuple[str, str]:
        a = ctx.values[k][0]
        kind = self._kind(ctx.text, a, seg, ctx.values, k, ctx.s)
        if kind is None:
            raise Refused("R-SELF-CONTEXT", "after a self-assessment, an unmarked number is not an official result")
        if kind == "evaluation" and _SELF_AFTER_RE.match(ctx.text, ctx.values[k][1]):
            # R-KIND-SELF-AFTER: "v itu merupakan hasil penilaian mandiri": the value is named
            # first and what it is comes after the copula.
            return "self_assessment", "R-KIND-SELF"
        if k in ctx.aimed and kind != "self_assessment":
            return "target", "R-KIND-BOUND"
        if BOUND_TAIL_RE.search(before) and kind != "target":
            if self._future_year_near(ctx.text, a, ctx.years):
                return "target", "R-KIND-BOUND"
            raise Refused("R-THRESHOLD", "a lower bound outside a target")
        return kind, {"evaluation": "R-KIND-EVAL", "target": "R-KIND-TARGET", "self_assessment": "R-KIND-SELF"}[kind]

    def _settle_year(self, ctx: SentenceContext, k: int, kind: str, year_info, seg: str, before: str, owner: str, label: str = "spbe"):
        year, source = year_info
        # R-YEAR-RUNNING: an undated interim value ("hasil sementara asesor ... 3,28") in the
        # assessment season (from July, as R-YEAR-PROVISIONAL) is a value of the round being
        # assessed, the one after the latest published round. Earlier in the year the round just
        # released is the one whose interim score is recalled ("naik dari hasil sementara v").
        season = self.pub is not None and self.pub.month >= 7 and ctx.sentence_decree is None
        running = self.latest + 1 if season and self.latest and self.latest + 1 == self.pub.year else None
        if kind == "evaluation" and year is None and running and _provisional_words(ctx.text):
            return running, "running", kind
        if kind == "evaluation":
            ev = self._evaluation_year(year, source, ctx.sentence_decree, year is not None and ctx.is_series(year), label)
            if ev is None:
                # R-FUTURE: a "result" in a year not yet published is a target when the clause
                # speaks of reaching it ("menjadi 3,00 pada tahun 2024"), else nothing.
                future = year is not None and self.latest is not None and self.latest < year <= LAST_SPBE_YEAR + 5
                # ... but "naik dari v1 menjadi v2" reports a change that happened.
                a = ctx.values[k][0]
                happened = _HAPPENED_RE.search(ctx.text, max(0, a - 120), a)
                if future and _REACH_RE.search(seg) and not BASELINE_TAIL_RE.search(before) and not happened:
                    return year, "future", "target"
                raise Refused("R-YEAR-UNPUBLISHED", f"no published evaluation fits year {year}")
            year, source = ev
            if source in ("implicit", "decree"):
                year, source = self._implicit_year_checks(ctx, k, year, source, owner)
        elif kind == "self_assessment":
            if year is None:
                if self.pub is None or self.latest is None:
                    raise Refused("R-YEAR-NONE", "a self-assessment without a year or date")
                year, source = min(self.pub.year, self.latest + 1), "implicit"
            # A body scores itself during its round: not before the first evaluation, nor after
            # the article (or today); a PemDI round's self-assessment is as real as an SPBE one's.
            if not FIRST_EVALUATION_YEAR <= year <= (self.pub or today_in_jakarta()).year:
                raise Refused("R-YEAR-RANGE", f"self-assessment year {year} out of range")
        elif year is None:
            year, source = self._undated_target_year(ctx, k)
        elif not FIRST_EVALUATION_YEAR <= year <= LAST_SPBE_YEAR and not self._successor_target(year, label):
            # The SPBE index ends with the 2025 round (PemDI from 2026): a later target is not one,
            # unless the sentence names the index that replaced it (R-TARGET-PEMDI).
            raise Refused("R-YEAR-RANGE", f"target year {year} outside the SPBE years")
        return year, source, kind

    def _successor_target(self, year: int, label: str) -> bool:
        """R-TARGET-PEMDI: "menargetkan Indeks PemDI 2027 sebesar v": a target of the index that
        replaced SPBE, for a year its method covers, at most five years after publication. One
        that names SPBE for such a year is kept too, and held (H-INDEX-MISMATCH)."""
        if year <= LAST_SPBE_YEAR or (self.pub is not None and year > self.pub.year + 5):
            return False
        return method_for_year(year).index_code != "SPBE"

    def _plan_period_year(self, ctx: SentenceContext, k: int, kind: str) -> tuple[int, str]:
        """A value dated by a span of years ("2021-2026") next to it."""
        a = ctx.values[k][0]
        plan = PLAN_PERIOD_RE.search(ctx.text, max(0, a - 150), a)
        if plan is None or kind != "target":
            # R-YEAR-RANGE: "Selama 2021-2023 indeks SPBE ... 3,40": a span of years is not an
            # evaluation year, and the calendar's guess is not either.
            raise Refused("R-YEAR-RANGE", "the value is dated by a range of years")
        # R-YEAR-PLAN: "RPJMD 2021-2026 menargetkan 3,0": a plan period, not an evaluation span.
        # The target is the period's end (refused later when that is past the SPBE years) unless
        # the text measures it against a result (R-YEAR-TARGET-BEATEN).
        if TARGET_BEATEN_RE.search(ctx.text) and self._last_eval_year is not None:
            return self._last_eval_year, "context"
        return 2000 + int(plan.group(1)), "plan"

    def _undated_target_year(self, ctx: SentenceContext, k: int) -> tuple[int, str]:
        """The year of a target the text does not date."""
        # R-YEAR-TARGET-BEATEN: "capaian X melampaui target v yang ditetapkan": the target
        # of the result it is measured against.
        if TARGET_BEATEN_RE.search(ctx.text) and self._last_eval_year is not None:
            return self._last_eval_year, "context"
        # R-YEAR-TARGET-CURRENT: a target stated as such ("menargetkan ... di atas 4", "target
        # 3,5") is the aim of the evaluation in progress when the article appeared (as for a
        # self-assessment). A weaker cue ("mampu", "di bawah target 1,75") gives no year.
        a = ctx.values[k][0]
        stated = k in ctx.aimed or TARGET_STATED_RE.search(ctx.text, max(0, a - 60), a)
        if self.pub is None or self.latest is None or not stated:
            raise Refused("R-YEAR-NONE", "a target needs a year")
        return min(self.pub.year, self.latest + 1), "implicit"

    def _implicit_year_checks(self, ctx: SentenceContext, k: int, year: int, source: str, owner: str) -> tuple[int, str]:
        a, b, _v = ctx.values[k]
        text = ctx.text
        # R-YEAR-COMPARED: "Capaian tersebut tertinggal dari Kabupaten Konawe yang meraih 2,35":
        # a sentence that opens on the result just reported (the sentence before) and sets other
        # bodies against it states their values in that result's evaluation, not the calendar's.
        last_owner, last_at = self._last_eval_at or (None, -1)
        if ANAPHOR_START_RE.match(text) and last_at == ctx.s.index - 1 and owner != last_owner and self._last_eval_year:
            return self._last_eval_year, "compared"
        # R-NOT-EVALUATED: "tidak dievaluasi pada 2020" while the calendar says 2020: the body kept
        # its previous result. Only the limited 2020 round is known to have skipped most bodies.
        skipped = {
            int(m.group(1))
            for m in NOT_EVALUATED_RE.finditer(text)
            if not CLAUSE_BREAK_RE.search(text[min(m.end(), b) : max(m.start(), a)])
        }
        if year in skipped:
            if year != LIMITED_ROUND_YEAR:
                raise Refused("R-NOT-EVALUATED", f"not evaluated in {year}")
            return year - 1, "context"
        # R-SAME-EVALUATION: "pada evaluasi yang sama" is the evaluation the article reported so far.
        if SAME_EVALUATION_RE.search(text) and self._eval_years:
            if len(self._eval_years) == 1:
                return next(iter(self._eval_years)), "context"
            if year not in self._eval_years:
                raise Refused("R-SAME-EVALUATION", "which earlier evaluation is meant is unclear")
        return year, source
