"""Stage 7 (article checks): the figures the sentences gave, checked across the whole article, and
each figure's outcome.

Stage 6 (decide.py) reads one value at a time in its sentence. Here the article's figures are seen
together: duplicates merge (R-DEDUP, R-IMPLICIT-DUPLICATE), a relative or calendar-guessed year
yields to a stated one (R-YEAR-RELATIVE-SHIFT, R-IMPLICIT-YIELDS), two values for one body and year
are a conflict (R-CONFLICT), and each figure is accepted or held for review from the evidence it
was read on (evidence.hold_reasons, confidence.py).
"""

from __future__ import annotations

from spbe.domain.methods import method_for_year
from spbe.domain.predikat import predikat_for
from spbe.sources.news.extract import confidence
from spbe.sources.news.extract.evidence import hold_reasons
from spbe.sources.news.extract.model import Candidate, NewsFigure, Refusal


class ArticleChecksMixin:
    """Methods of `Document` (see document.py) for this stage: `DecideMixin.figures` ends here."""

    def _finalize(self, cands: list[Candidate]) -> list[NewsFigure]:
        # R-DEDUP: one row per (instansi, year, value, kind), first evidence wins, a stated predikat
        # fills in a later duplicate's missing one.
        merged: dict[tuple[str, int, float, str], Candidate] = {}
        for c in cands:
            key = (c.instansi_id, c.year, c.value, c.kind)
            if key in merged:
                if merged[key].year_source == "implicit" and c.year_source != "implicit":
                    # A headline's undated value that the body dates: the dated reading is the
                    # evidence (its year rule and cues decide whether it is held).
                    merged[key], c = c, merged[key]
                if merged[key].predikat is None and c.predikat is not None:
                    merged[key].predikat = c.predikat
                continue
            merged[key] = c
        items = list(merged.values())
        # R-IMPLICIT-DUPLICATE: a value already dated explicitly for the same body is not a second
        # result for the calendar's year.
        explicit_values = {(c.instansi_id, c.value, c.kind) for c in items if c.year_source != "implicit"}
        items = [c for c in items if not (c.year_source == "implicit" and (c.instansi_id, c.value, c.kind) in explicit_values)]
        items = self._resolve_year_conflicts(items)
        # R-CONFLICT: two different official values for one body and year: we cannot tell which is
        # right, so each is held (H-CONFLICT) for a person, or the decree, to choose.
        values: dict[tuple[str, int], list[float]] = {}
        for c in items:
            if c.kind == "evaluation":
                values.setdefault((c.instansi_id, c.year), []).append(c.value)
        for c in items:
            others = [v for v in values.get((c.instansi_id, c.year), []) if v != c.value]
            if c.kind == "evaluation" and others:
                c.cues.conflict = tuple(others)
                c.rules.append("R-CONFLICT")
        out = []
        for c in items:
            inst = self.lex.instansi(c.instansi_id)
            flags = "predikat-contradicts-band" if c.predikat and c.predikat != predikat_for(c.value, c.year) else ""
            out.append(
                NewsFigure(
                    instansi_id=inst.id,
                    name=self.lex.gaz.name_in(inst.id, c.year),
                    instansi_type=inst.type,
                    province=inst.province_name,
                    year=c.year,
                    value=round(c.value, 2),
                    kind=c.kind,
                    predikat=c.predikat,
                    evidence=c.evidence,
                    rule="+".join(c.rules),
                    flags=flags,
                    **self._outcome(c),
                )
            )
        return out

    def _resolve_year_conflicts(self, items: list[Candidate]) -> list[Candidate]:
        """R-YEAR-RELATIVE-SHIFT: "X tahun Y ... v1. Angka itu naik dari tahun lalu (v2)": when
        "tahun lalu" (counted from the publication date) lands on a year the article states another
        value for, it counts from that evaluation instead."""
        taken = {(c.instansi_id, c.year): c.value for c in items if c.kind == "evaluation" and c.year_source != "relative"}
        for c in items:
            key = (c.instansi_id, c.year)
            shifted = (c.instansi_id, c.year - 1)
            if c.kind == "evaluation" and c.year_source == "relative" and taken.get(key, c.value) != c.value and shifted not in taken:
                c.year -= 1
                c.rules[1] = "R-YEAR-RELATIVE-SHIFT"
        return self._explicit_beats_implicit(items)

    def _explicit_beats_implicit(self, items: list[Candidate]) -> list[Candidate]:
        """R-IMPLICIT-YIELDS: when one body has two evaluation values for a year and only one of them
        states that year, the other was dated by the calendar guess: it is refused, not the stated one."""
        out = []
        for c in items:
            rivals = [
                o
                for o in items
                if o is not c and o.kind == c.kind == "evaluation" and (o.instansi_id, o.year) == (c.instansi_id, c.year)
            ]
            if rivals and c.year_source == "implicit" and any(o.year_source != "implicit" for o in rivals):
                self.refusals.append(
                    Refusal(f"{c.value:.2f}", "R-IMPLICIT-YIELDS", f"{c.year} is stated for another value", c.evidence)
                )
                continue
            out.append(c)
        return out

    @staticmethod
    def _outcome(c: Candidate) -> dict[str, object]:
        """status, hold_reason, cues, index_name (the index of the figure's year: SPBE or PemDI) and
        the learned confidence: the hold rules decide, and the model (confidence.py) may accept a
        figure they hold for reasons it was fitted to weigh."""
        year_rule = c.rules[1] if len(c.rules) > 1 and c.rules[1].startswith("R-YEAR-") else f"R-YEAR-{c.year_source.upper()}"
        kind_rule = next((r for r in c.rules if r.startswith("R-KIND-")), "")
        index_name = method_for_year(c.year).index_code
        reasons = hold_reasons(c.cues, c.kind, year_rule, c.year, index_name)
        cues = c.cues.describe(year_rule, kind_rule)
        feats = confidence.features(c.cues, c.kind, year_rule, kind_rule, reasons)
        model = confidence.load_model()
        p = round(confidence.probability(feats, model), 3) if model else None
        if p is not None:
            cues += f"; p={p:.3f}"
            if confidence.overrules(reasons, p, model):
                cues += " accepted over " + ",".join(r.split(":", 1)[0] for r in reasons)
                reasons = []
        return {
            "index_name": index_name,
            "status": "review" if reasons else "accepted",
            "hold_reason": "; ".join(reasons),
            "cues": cues,
            "confidence": p,
            "features": feats,
        }
