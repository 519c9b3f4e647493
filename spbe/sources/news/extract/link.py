"""Stage 5 (link): a value to its index label, kind, instansi and predikat, with document context."""

from __future__ import annotations

import re

from spbe.domain.predikat import normalize_predikat
from spbe.sources.news.extract.cues import (
    ANAPHOR_START_RE,
    BAND,
    BAND_LIST_SPLIT_RE,
    BASELINE_TAIL_RE,
    CLAUSE_BREAK_RE,
    DOMAIN_AFTER_RE,
    DOMAIN_RE,
    EVAL_RE,
    FIRST_PERSON_RE,
    GROUP_SIZE,
    IC,
    INDEX_NOUN_RE,
    LIST_RE,
    NATIONWIDE_RE,
    OFFICIAL_RE,
    OWNER_AFTER_RE,
    PREDIKAT_BOTH_RE,
    PREDIKAT_EACH_RE,
    PREDIKAT_PAREN_RE,
    PREDIKAT_RE,
    PREDIKAT_SHARED_RE,
    PREDIKAT_VERB,
    RELATIVE_CLAUSE_RE,
    RESULT_ANAPHOR_RE,
    SPEECH_BEFORE_NAME_RE,
    SUPERLATIVE_RE,
    TARGET_RE,
    TOPIC_BLOCK_RE,
    TOPIC_CUE_RE,
    UNNAMED_BODY_RE,
    VALUE_RE,
    index_labels,
    last_match,
    self_cues,
)
from spbe.sources.news.extract.model import Candidate, Mention, Sentence

KIND_WINDOW = 140  # characters before a value where its kind cues are looked for
TOPIC_LOOKBACK = 40  # sentences; bounded so a long text stays linear
# Between a name and its value in a list item: "Sleman 2,47", "Kota Kupang (Indeks SPBE 3,26)",
# "Bima: 1,88", "Dompu dengan nilai 1,20".
_NAME_VALUE_GAP_RE = re.compile(
    r"[\s:(\-–=]*(?:,?\s*(?:pada\s+)?tahun\s+20\d\d\s*)?"
    r"(?:\((?:indeks\s+)?(?:spbe\s*)?|(?:dengan\s+|yakni\s+|sebesar\s+)?(?:indeks|nilai|skor)?(?:\s+spbe)?)?[\s:=]*",
    IC,
)


_EXTERNAL_RE = re.compile(r"\b(?:penilaian|evaluasi|nilai|hasil|asesmen)\s+(?:\w+\s+)?(?:eksternal|resmi|akhir|final)\b", IC)
_STRONG_TARGET_RE = re.compile(
    r"\b(?:ditarget|optimis|optimistis|berupaya|diupayakan|mengupayakan|agar|supaya|menargetkan|ditargetkan|targetkan|targetnya|target|mematok|dipatok|membidik|dibidik|rpjmd|renstra)\b",
    IC,
)
_PAST_CLAUSE_RE = re.compile(r",\s*(?:setelah|sesudah|usai|padahal|sebelumnya)\b", IC)
_BEATEN_TARGET_RE = re.compile(r"\b(?:melebihi|melampaui|melewati|mengungguli)\s+(?:dari\s+)?target\w*", IC)
_SUCCESS_RE = re.compile(
    r"\b(?:berhasil|tercapai|terealisasi|realisasi|melampaui|melebihi|terlampaui|capaian\s+(?:akhir|realisasi))\b", IC
)


_WHOLE_INDEX_RE = re.compile(
    r"\bindeks\s+(?:spbe|sistem\s+pemerintahan\s+berbasis\s+elektronik)\b(?!\s*(?:pada|untuk|di)\s+(?:domain|aspek))", IC
)
# A list item or sentence that opens with a capitalised name of two or more words (no known body was
# found there, or this would not be reached), e.g. "3. Kabupaten Sleman Raya meraih ...".
_UNKNOWN_SUBJECT_RE = re.compile(r"^\W*\d{1,2}[.)]\s*[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+\s+(?!\d)")
_COMPARED_BEFORE_RE = re.compile(
    r"\b(?:di\s*bawah|di\s*atas|setelah|mengungguli|melampaui|daripada|dibanding(?:kan)?(?:\s+dengan)?|ketimbang|menyusul)\s+$", IC
)
_NUMBERED_RE = re.compile(r"^\W*\d{1,2}[.)]\s")
_YANG_RE = re.compile(r"\byang\b", IC)
# One step of a name-value run: ", Blora ", ", dan Kabupaten Rembang ", "; Kota X: " (names capitalised).
_LIST_STEP_RE = re.compile(
    r"\s*[,;]\s*(?:[Dd]an\s+|[Ss]erta\s+)?(?:(?:Kabupaten|Kab\.|Kota|Provinsi|Pemkab|Pemkot|Pemprov)\s+)?"
    r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}\s*(?:[:(=]|dengan\s+nilai|dengan\s+indeks)?\s*"
)
_LIST_RUN_MAX = 40  # values: the run's labels are looked up recursively, bounded
_OWN_INDEX_CLAUSE_RE = re.compile(r"(?:,|\b(?:mengingat|sedangkan|sementara|karena|sebab|padahal))[^.;]*?\b(?:indeks|nilai|skor)\b[^.;]*?\b20[1-3]\d", IC)
_WITH_VALUE_RE = re.compile(r"\s*,?\s*dengan\s+(?:nilai|indeks|skor|poin)(?:\s+(?:indeks|spbe))*\s*(?:sebesar\s*)?", IC)
_INDEX_VALUE_RE = re.compile(r"(?<![\d.,])[1-5][.,]\d{1,3}(?![\d.,]\d)")
_OWN_PARENS_RE = re.compile(r"\s*\(\s*")
# The title of the evaluation decree ("Keputusan Menteri PANRB Nomor 13 Tahun 2024 tentang Hasil
# Evaluasi SPBE pada Instansi Pusat dan Pemerintah Daerah") names its scope, not a national figure.
_DECREE_TITLE_RE = re.compile(
    r"\btentang\s+hasil\s+(?:evaluasi|pemantauan)\s+(?:[\w()]+\s+){0,6}?pada\s+instansi\s+pusat\s+dan\s+pemerintah\s+daerah\b", IC
)
_LEADING_VALUE_RE = re.compile(r"^\W*dengan\s+(?:[\w-]+\s+){0,4}$", IC)
_SUBJECT_GAP_RE = re.compile(r"\s*(?:\([^()]{0,25}\))?\s*,\s*(?:pemerintah\s+|pemkab\s+|pemkot\s+|pemko\s+|pemprov\s+)?", IC)
_PREDIKAT_CLAUSE_CUT_RE = re.compile(r"[;,]\s*(?:sementara|sedangkan|adapun|namun|tetapi|dan|serta)\b|\b(?:sementara|sedangkan|menjadi)\b", IC)
_LIST_PREDIKAT_RE = re.compile(
    r"\b(?:predikat|kategori)\s+[\"'‘“]?\s*(sangat\s+baik|memuaskan|baik|cukup|kurang)[\"'’”,\s]*"
    r"(?:antara\s+lain|di\s*antaranya|yaitu|yakni|adalah|ialah|meliputi|sebagai\s+berikut|:)",
    IC,
)
PREDIKAT_GROUP_TAIL_RE = re.compile(r"^\s*\)?\s*,?\s*" + PREDIKAT_VERB + BAND + r"\b", IC)
PREDIKAT_ALL_RE = re.compile(r"^\W*(?:seluruhnya|semuanya|kesemuanya)\s+" + PREDIKAT_VERB + BAND + r"\b", IC)
_LIST_CUT_RE = re.compile(r"\b(?:sedangkan|sementara|namun|tetapi|adapun|sebaliknya)\b", IC)
_LIST_REACH = 400  # characters back from a value to the list's header
_PREDIKAT_CHANGE_RE = re.compile(
    r"^\s*,?\s*(?:atau\s+)?(?:meningkat\s+|naik\s+)?dari\s+(?:predikat|kategori)\s+[\"'‘“]?\s*(?:sangat\s+baik|memuaskan|baik|cukup|kurang)"
    r"[\"'’”]?\s+(?:menjadi|ke)\s+[\"'‘“]?\s*(sangat\s+baik|memuaskan|baik|cukup|kurang)",
    IC,
)
_CLAUSE_GAP_RE = re.compile(r"[;]|\b(?:dan|serta|setelah|sebelum|dari|di|se)\b", IC)


_CONNECTIVE_RE = re.compile(r"^\W*(?:kemudian|lalu|selanjutnya|setelah\s+itu|namun|sedangkan|sementara|tahun|pada\s+tahun)\b", IC)
_YEAR_BOUND_RE = re.compile(r"\btahun\s+20[1-3]\d\b[^.;,]{0,30}$", IC)
_CONTINUATION_RE = re.compile(
    r"\b(?:naik|turun|meningkat|menurun|menjadi|menembus|mencapai|capai|kini|sekarang|kemudian|lalu|tercatat|sempat|"
    r"tahun\s+20\d\d|di\s*angka)\b",
    IC,
)


class LinkMixin:
    """Methods of `Document` (see document.py) for this stage."""

    def _label_for(self, s: Sentence, a: int, b: int, after_head: str, k: int, values) -> tuple[str | None, str]:
        before_labels = [lab for lab in s.labels if lab[1] <= a]
        next_value_start = values[k + 1][0] if k + 1 < len(values) else len(s.text)
        after_labels = [lab for lab in s.labels if b <= lab[0] < min(next_value_start, b + 45)]
        # An other-index label right after the number claims it ("3,2 untuk SAKIP", "3,9 (IPP)"),
        # unless it introduces the next number ("2,90 dan Indeks Pelayanan Publik 3,91").
        if after_labels and after_labels[0][2] == "other":
            la, lb, _ = after_labels[0]
            gap = s.text[b:la]
            introduces_next = k + 1 < len(values) and values[k + 1][0] - lb <= 30
            if (
                re.fullmatch(r"\s*\)?\s*(?:[,(:]|untuk|pada|dalam|di|bagi|sebagai)?\s*(?:nilai\s+|indeks\s+)?", gap, IC)
                and not introduces_next
            ):
                return "other", "R-LABEL-AFTER"
        if before_labels:
            return before_labels[-1][2], "R-LABEL"
        if after_labels:
            return after_labels[0][2], "R-LABEL-AFTER"
        if any(lab[2] == "other" for lab in s.labels):
            return "other", "R-LABEL"
        if s.labels:
            return "spbe", "R-LABEL"  # the sentence names the SPBE index (further away) and no other index
        if self._list_header(s) is not None:
            return "spbe", "R-LIST-LINES"
        # R-ANAPHORA: "Capaian tersebut ...", "meningkatkan indeks tersebut menjadi 3.00": the
        # previous sentence of the paragraph talked about the SPBE index.
        prev = self.sentences[s.index - 1] if s.index > 0 else None
        if (
            prev is not None
            and INDEX_NOUN_RE.search(s.text)
            and (prev.para == s.para or ANAPHOR_START_RE.match(s.text))
            and prev.labels
            and prev.labels[-1][2] == "spbe"
        ):
            return "spbe", "R-ANAPHORA"
        continues = prev is not None and prev.index in self._found_in and (prev.para == s.para or _CONNECTIVE_RE.match(s.text))
        if continues and _CONTINUATION_RE.search(s.text, max(0, a - 80), a):
            # R-CONTINUATION: "Indeks SPBE X tahun Y1 v1. Tahun Y2 naik menjadi v2. Sekarang sudah
            # v3.": the next sentences continue the series of the same index.
            return "spbe", "R-CONTINUATION"
        if self._name_value_list(s, values) and self._topic_label(s, require_cue=False) == "spbe":
            return "spbe", "R-LIST-ITEMS"
        if all(_YEAR_BOUND_RE.search(s.text, max(0, v[0] - 40), v[0]) for v in values) and self._topic_label(s, require_cue=False) == "spbe":
            # R-SERIES-LINE: "Tahun Y1 di angka (v1). Tahun Y2 ... (v2).": every value
            # dated by its own year, in an article about the SPBE index.
            return "spbe", "R-SERIES-LINE"
        if k > 0 and k <= _LIST_RUN_MAX and _LIST_STEP_RE.fullmatch(s.text, values[k - 1][1], a):
            # R-LIST-ITEMS (run): "..., Boyolali 2,98, Blora 2,71, dan Kabupaten X 2,66": an item
            # of a name-value run has the label of the item before it.
            pa, pb, _pv = values[k - 1]
            if self._label_for(s, pa, pb, s.text[pb : pb + 60], k - 1, values)[0] == "spbe":
                return "spbe", "R-LIST-ITEMS"
        return self._topic_label(s), "R-TOPIC"

    def _name_value_list(self, s: Sentence, values) -> bool:
        """R-LIST-ITEMS: "Antara lain Pemkab A v1, B v2, C v3 ...": two or
        more values, each right after the name of a body, is a results list of the article's index."""
        if len(values) < 2 and not _NUMBERED_RE.match(s.text):
            return False
        ends = [m.end - s.start for m in s.mentions if m.candidate]
        for a, _b, _v in values:
            near = [e for e in ends if a - 40 <= e <= a]
            if not near or not _NAME_VALUE_GAP_RE.fullmatch(s.text[near[-1] : a]):
                return False
        return True

    def _topic_label(self, s: Sentence, require_cue: bool = True) -> str | None:
        """R-TOPIC: an SPBE report names the index once and then lists results ("Kota X meraih
        indeks 3,1", "pada evaluasi yang sama ... 2,9") without repeating "SPBE". An unlabelled
        sentence with a result word belongs to the index the article last named, provided that was
        SPBE: a mention of another index in between hands the following numbers to that index."""
        if (require_cue and not TOPIC_CUE_RE.search(s.text)) or TOPIC_BLOCK_RE.search(s.text):
            return None
        for t in reversed(self.sentences[max(0, s.index - TOPIC_LOOKBACK) : s.index]):
            if t.labels:
                return "spbe" if t.labels[-1][2] == "spbe" and all(lab[2] == "spbe" for lab in t.labels) else None
        return None

    def _is_list_item(self, t: Sentence) -> bool:
        return (
            self._para_sizes[t.para] == 1
            and len(t.text.split()) <= 14
            and VALUE_RE.search(t.text) is not None
            and any(m.candidate for m in t.mentions)
            and not t.labels
        )

    def _list_header(self, s: Sentence) -> Sentence | None:
        """R-LIST-LINES: one-line items ("1. Kota Balikpapan: 3,62") under a header line that names
        the SPBE index ("Berikut indeks SPBE kabupaten/kota di Kaltim tahun 2023:")."""
        if s.index in self._header_cache:
            return self._header_cache[s.index]
        header = None
        if self._is_list_item(s):
            i = s.index - 1
            while i >= 0 and s.index - i <= 60 and self._is_list_item(self.sentences[i]):
                i -= 1
            if i >= 0:
                t = self.sentences[i]
                if t.para != s.para and t.labels and t.labels[-1][2] == "spbe":
                    header = t
        self._header_cache[s.index] = header
        return header

    def _is_domain_score(self, s: Sentence, a: int, after_head: str, seg: str) -> bool:
        if DOMAIN_AFTER_RE.match(after_head):
            return True
        spbe_before = [lab for lab in s.labels if lab[1] <= a and lab[2] == "spbe"]
        window_start = max(0, spbe_before[-1][0] - 30) if spbe_before else max(0, a - len(seg))
        window = s.text[window_start:a]
        m = last_match(DOMAIN_RE, window)
        # R-DOMAIN: "domain"/"aspek" before the value makes it a part score, even when it only
        # describes the index ("indeks SPBE yang terdiri dari 4 domain"): precision wins. But
        # "<domain cue> ... tingkat kematangan indeks SPBE v" names the index itself after the cue.
        return m is not None and not _WHOLE_INDEX_RE.search(window, m.end())

    def _kind(self, text: str, a: int, seg: str, values, k: int, s: Sentence) -> str | None:
        before = text[max(0, a - KIND_WINDOW) : a]  # bounded: the clause near the value is what counts
        clause_start = 0
        for m in CLAUSE_BREAK_RE.finditer(before):
            clause_start = m.end()
        clause = before[clause_start:]
        selfs = [m.end() for m in self_cues(clause)]
        external = [m.end() for m in _EXTERNAL_RE.finditer(clause)]
        # R-KIND-NEAREST: "penilaian mandiri v1 dan hasil penilaian eksternal v2": the nearer cue wins.
        if selfs and (not external or max(selfs) > max(external)):
            return "self_assessment"
        # R-BASELINE: "naik dari 2,87 menjadi 3,00": the "dari" value is what was achieved.
        if BASELINE_TAIL_RE.search(before) and k + 1 < len(values):
            between = text[values[k][1] : values[k + 1][0]]
            if re.search(r"\b(?:menjadi|ke|hingga|jadi)\b", between, IC):
                return self._not_contradicted_by_self(s, "evaluation", clause)
        # R-KIND-BEATEN: "target v1 ... namun melebihi target, mencapai v2", "melampaui target
        # (dengan) v2": the value after "exceeded the target" is what was reached, a result.
        beaten = last_match(_BEATEN_TARGET_RE, clause)
        if beaten is not None and not TARGET_RE.search(clause, beaten.end()):
            return self._not_contradicted_by_self(s, "evaluation", clause)
        strong = [m.end() for m in _STRONG_TARGET_RE.finditer(clause)]
        # R-KIND-AIM: "optimis meraih indeks ... mencapai 4,5", "ditargetkan meraih 3,5": the aim
        # governs the verbs after it, unless the clause then reports success against it.
        # ... nor over a past result in a clause of its own: "menargetkan v1 pada 2025, setelah pada
        # 2023 hanya meraih v2" ("setelah", "padahal": what was already reached).
        if strong and _PAST_CLAUSE_RE.search(clause, max(strong)):
            strong = []
        if strong and not _SUCCESS_RE.search(clause, max(strong)):
            return "target"
        header = self._list_header(s)
        if header is not None and not TARGET_RE.search(clause) and not EVAL_RE.search(clause):
            if self_cues(header.text):
                return "self_assessment"
            clause = header.text + " " + clause
        tgt = [m.end() for m in TARGET_RE.finditer(clause)]
        # "target capaian 3,0": the achievement word belongs to the target.
        evl = [
            m.end()
            for m in EVAL_RE.finditer(clause)
            if not (m.group(0).lower() == "capaian" and re.search(r"\btarget\w*\s*$", clause[: m.start()], IC))
        ]
        last_t = max(tgt) if tgt else -1
        last_e = max(evl) if evl else -1
        # "menargetkan indeks 2024 naik, setelah pada 2023 mencapai v": a clause of what was already
        # reached, after the target word, states a result (as R-KIND-AIM's exception above).
        past = last_match(_PAST_CLAUSE_RE, clause)
        if last_t > last_e and not (past is not None and past.start() >= last_t):
            return "target"
        return self._not_contradicted_by_self(s, "evaluation", clause)

    def _not_contradicted_by_self(self, s: Sentence, kind: str, clause: str) -> str | None:
        # R-SELF-CONTEXT: right after a sentence about a self-assessment, an unmarked number is
        # probably that self-assessment's result; without an official cue we cannot tell.
        prev = self.sentences[s.index - 1] if s.index > 0 else None
        if prev is None or not self_cues(prev.text) or OFFICIAL_RE.search(s.text):
            return kind
        if prev.para == s.para or RESULT_ANAPHOR_RE.match(s.text):
            return None
        return kind

    @staticmethod
    def _future_year_near(text: str, a: int, years) -> bool:
        return any(y is not None and src == "relative" and "depan" in text[st:en].lower() for st, en, y, src in years if st < a)

    def _list_assignments(self, text: str, values, rel_mentions, years) -> dict[int, dict[str, object]]:
        """R-LIST: "A, B dan C masing-masing 3,1, 2,9 dan 2,5" pairs names (or years) with values in order."""
        m = LIST_RE.search(text)
        if not m:
            return {}
        after_idx = [k for k, (a, _b, _v) in enumerate(values) if a > m.end()]
        if len(after_idx) < 2:
            return {}
        # Values after the list word must follow each other without new names in between.
        first_after = values[after_idx[0]][0]
        if any(first_after <= ms < values[after_idx[-1]][0] for ms, _me, mm in rel_mentions if mm.candidate):
            return {}
        slots: dict[int, dict[str, object]] = {}
        owners: list[Mention] = []
        for ms, _me, mm in rel_mentions:
            if ms < m.start() and mm.candidate and (not owners or owners[-1].resolved != mm.resolved or mm.resolved is None):
                owners.append(mm)
        labels = [lab for lab in index_labels(text[: m.start()])]
        list_years = [y for st, _en, y, src in years if st < m.start() and src == "explicit"]
        all_years = {y for _st, _en, y, src in years if src == "explicit"}
        if len(owners) == len(after_idx):
            # "A, B dan C masing-masing 3,1, 2,9 dan 2,5 pada 2023": the one year is everyone's.
            shared = next(iter(all_years)) if len(all_years) == 1 else None
            for k, owner in zip(after_idx, owners, strict=True):
                slots[k] = {"owner": owner.resolved, "year": shared}
        elif len(list_years) == len(after_idx) and len(owners) <= 1:
            for k, y in zip(after_idx, list_years, strict=True):
                slots[k] = {"year": y}
        else:
            for k in after_idx:
                slots[k] = {"owner": None}  # a list we cannot pair: nothing from it
        if len(labels) == len(after_idx) and len({lab[2] for lab in labels}) > 1:
            for k, lab in zip(after_idx, labels, strict=True):
                if lab[2] != "spbe":
                    slots[k] = {"owner": None}
        return slots

    def _owner(self, s: Sentence, a: int, b: int, k: int, rel_mentions, list_slots, after: str) -> tuple[str | None, str]:
        """(instansi id or None, the rule that decided)."""
        slot = list_slots.get(k)
        if slot is not None and "owner" in slot:
            return slot["owner"], "R-LIST-PAIR"  # type: ignore[return-value]
        # R-RELATIVE-CLAUSE: "Kabupaten A, yang sebelumnya unggul dari Kabupaten B, adalah 3,12": a
        # body named inside a closed relative clause does not take the value that follows it.
        closed = [(m.start(), m.end()) for m in RELATIVE_CLAUSE_RE.finditer(s.text, max(0, a - 200), a)]
        before = [mm for ms, _me, mm in rel_mentions if ms < a and mm.candidate and not any(x <= ms < y for x, y in closed)]
        # R-COMPARED: "Pemprov Malut berada di urutan kedua di bawah Pemprov Gorontalo dengan nilai
        # 2,47": a body named as the point of comparison does not take the subject's value.
        if len(before) > 1:
            # ... unless a "yang" clause gives it the value: "di atas Pemprov Kepri yang memperoleh 3,10",
            # or the value stands in parentheses right after it: "setelah Kabupaten Lahat (2,63)".
            # ... or the subject's own value was already given before the comparison: "A meraih v1,
            # urutan kedua setelah B dengan nilai v2": v2 is B's, since A has its value (grammar).
            first_end = before[0].end - s.start
            kept = [
                mm
                for mm in before
                if not _COMPARED_BEFORE_RE.search(s.text, max(0, mm.start - s.start - 25), mm.start - s.start)
                or _YANG_RE.search(s.text, mm.end - s.start, a)
                or _OWN_PARENS_RE.fullmatch(s.text, mm.end - s.start, a)
                or (
                    _WITH_VALUE_RE.fullmatch(s.text, mm.end - s.start, a)
                    and _INDEX_VALUE_RE.search(s.text, first_end, mm.start - s.start) is not None
                )
            ]
            before = kept or before[:1]
        # R-OTHER-BODY: "Kanwil Sulsel memperoleh skor 3,71": the nearest organisation is a unit
        # that is not evaluated, so neither it nor the article's subject owns the number.
        nearest = [mm for ms, _me, mm in rel_mentions if ms < a and (mm.candidate or mm.other_body)]
        if nearest and nearest[-1].other_body:
            return None, "R-OTHER-BODY"
        # R-UNNAMED: "sebuah kabupaten di Jawa Tengah yang indeksnya 4,05": the number belongs to a
        # body the writer does not name, not to the last named one or the article's subject.
        unnamed = [m.end() for m in UNNAMED_BODY_RE.finditer(s.text, 0, a)]
        if unnamed and not any(unnamed[-1] <= ms < a for ms, _me, mm in rel_mentions if mm.candidate):
            return None, "R-UNNAMED"
        if before:
            # R-NEAREST: the closest preceding body owns the number; an unresolved homonym there
            # ("Bogor" with no context) makes the number unattributable.
            return before[-1].resolved, ("R-NEAREST" if before[-1].resolved else "R-AMBIGUOUS-NAME")
        return self._owner_without_mention_before(s, a, b, rel_mentions)

    def _owner_without_mention_before(self, s: Sentence, a: int, b: int, rel_mentions) -> tuple[str | None, str]:
        # R-OWNER-AFTER: "3,41 untuk Pemkab Pesawaran", "nilai 3,1 yang diraih Kota X".
        later = [(ms, mm) for ms, _me, mm in rel_mentions if ms >= b and mm.candidate]
        if later:
            ms, mm = later[0]
            if OWNER_AFTER_RE.match(s.text[b:ms]):
                return mm.resolved, "R-OWNER-AFTER"
        # R-LEADING-VALUE: "Dengan indeks v, Kota X berada di ...": the value opens the
        # sentence and its subject follows the comma.
        if later and _LEADING_VALUE_RE.match(s.text[:a]) and _SUBJECT_GAP_RE.fullmatch(s.text[b : later[0][0]]):
            return later[0][1].resolved, "R-LEADING-VALUE"
        # R-SPEAKER: "... indeks SPBE kita 3,12," kata Wali Kota Bogor.
        if later and FIRST_PERSON_RE.search(s.text[:a]):
            ms, mm = later[0]
            if SPEECH_BEFORE_NAME_RE.search(s.text[b:ms]):
                return mm.resolved, "R-SPEAKER"
        # R-NATIONAL / R-SUPERLATIVE: without a named owner, "indeks SPBE nasional naik menjadi
        # 3,12" or "indeks tertinggi 4,5" is not about the article's body.
        if NATIONWIDE_RE.search(_DECREE_TITLE_RE.sub(" ", s.text[:a])):
            return None, "R-NATIONAL"
        lo = max(0, a - 80)
        sup = last_match(SUPERLATIVE_RE, s.text[lo:a])
        # ... but a clause after the superlative that names the index and a year of its own ("...
        # sebagai raihan tertinggi, sebab nilai indeksnya pada Y cuma v") dates the value for
        # itself: the superlative describes the other year's result, not v (grammar).
        own_clause = sup is not None and _OWN_INDEX_CLAUSE_RE.search(s.text, lo + sup.end(), a) is not None
        if sup is not None and not own_clause and not FIRST_PERSON_RE.search(s.text[:a]):
            return None, "R-SUPERLATIVE"
        if _UNKNOWN_SUBJECT_RE.match(s.text[:a]):
            # R-UNKNOWN-NAME: "3. Kabupaten Sleeman memperoleh indeks v": the sentence's
            # subject is a name the gazetteer does not know (a misspelling); the value is its own.
            return None, "R-UNKNOWN-NAME"
        coref = self._coreference(s)
        # Only a body named right after the value, in its clause, competes with the article's body.
        later_ids = {mm.resolved for ms, mm in later if ms - b <= 40 and not _CLAUSE_GAP_RE.search(s.text, b, ms)}
        if later_ids and (coref is None or later_ids != {coref}):
            return None, "R-OWNER-AFTER-AMBIGUOUS"  # another body is named after the number
        return coref, "R-COREF"

    def _coreference(self, s: Sentence) -> str | None:
        """R-COREF: a sentence naming no body is about the paragraph's body, else the article's."""
        para_ids: list[str | None] = []
        # The paragraph's earlier sentences, at most TOPIC_LOOKBACK back (bounded: linear time).
        for t in self.sentences[max(0, s.index - TOPIC_LOOKBACK) : s.index]:
            if t.para == s.para:
                para_ids += [m.resolved for m in t.mentions if m.candidate]
        distinct = set(para_ids)
        self._coref_via = "paragraph"
        if None in distinct:
            return None
        if len(distinct) == 1:
            return para_ids[-1]
        if not distinct:
            # No body named yet in this paragraph: the body of the last sentences that named one
            # (up to three back), checked against the article's subject.
            recent: set[str | None] = set()
            for t in reversed(self.sentences[max(0, s.index - 3) : s.index]):
                recent = {m.resolved for m in t.mentions if m.candidate}
                if recent:
                    break
            # The one body of the sentences just before (a quote after "Pemkab Tubaba ...") wins;
            # else the article's subject when nothing or it was named there.
            if len(recent) == 1 and None not in recent:
                self._coref_via = "recent"
                return next(iter(recent))
            if self.dominant is not None and (not recent or self.dominant in recent):
                self._coref_via = "dominant"
                return self.dominant
            return None
        if self.dominant in distinct and para_ids[-1] == self.dominant:
            return self.dominant
        return None

    def _predikat(self, text: str, seg_start: int, a: int, b: int, after: str) -> str | None:
        m = PREDIKAT_PAREN_RE.match(after)
        if m:
            return normalize_predikat(re.sub(r"\s+", " ", m.group(1)))
        head = after[:90]
        # R-PREDIKAT-CHANGE: "dari v1 menjadi v2, atau dari predikat P1 menjadi P2":
        # the band after "menjadi" is the new value's.
        change = _PREDIKAT_CHANGE_RE.match(head)
        if change:
            return normalize_predikat(re.sub(r"\s+", " ", change.group(1)))
        m = PREDIKAT_RE.search(head[:70])
        if (
            m
            and re.match(
                r"^\s*\)?\s*(?:poin\s*)?[,]?\s*(?:dengan|berpredikat|dan|atau|yang|\(|masuk|termasuk|pada|kategori|predikat)",
                head,
                IC,
            )
            and m.start() <= 45
        ):
            return normalize_predikat(re.sub(r"\s+", " ", m.group(1)))
        # R-PREDIKAT-CLAUSE: "Jawa Barat meraih predikat Sangat Baik, sementara Kota Bandung 3,45":
        # a predikat before the value counts only inside the value's own clause.
        seg = text[seg_start:a]
        cut = last_match(_PREDIKAT_CLAUSE_CUT_RE, seg)
        seg = seg[cut.end() :] if cut else seg
        found = last_match(PREDIKAT_RE, seg)
        if found is not None:
            return normalize_predikat(re.sub(r"\s+", " ", found.group(1)))
        # R-PREDIKAT-LIST: "kabupaten dengan predikat Cukup antara lain A (2,40), B (2,10) dan C
        # (2,30)": a band that heads a list is each item's, while the list's clause goes on.
        start = max(0, a - _LIST_REACH)
        header = last_match(_LIST_PREDIKAT_RE, text[start:a])
        if header is not None:
            rest = text[start + header.end() : a]
            if not _LIST_CUT_RE.search(rest) and not PREDIKAT_RE.search(rest):
                return normalize_predikat(re.sub(r"\s+", " ", header.group(1)))
        return None

    def _collective_predikat(self, s: Sentence, found: list[Candidate]) -> None:
        """R-PREDIKAT-COLLECTIVE: "A 3,27, sedangkan B 3,11. Keduanya juga masuk predikat Baik.",
        "masing-masing 3,02 dan 2,61, sama-sama berpredikat Baik", "dengan predikat masing-masing
        Sangat Baik dan Baik". Only when the group is exactly the figures of this sentence."""
        group = [c for c in found if c.kind == "evaluation"]
        if len(group) < 2 or len(group) != len(found) or any(c.predikat for c in group):
            return
        last_value = list(VALUE_RE.finditer(s.text))[-1].end()
        tail = s.text[last_value:]
        m = PREDIKAT_EACH_RE.search(tail)
        if m:
            bands = BAND_LIST_SPLIT_RE.split(m.group(1).strip())
            if len(bands) == len(group):
                for c, band in zip(group, bands, strict=True):
                    c.predikat = normalize_predikat(re.sub(r"\s+", " ", band))
            return
        band = None
        # "..., sama-sama berpredikat Baik", "A (v1) dan B (v2) juga berada pada kategori P".
        m = PREDIKAT_SHARED_RE.search(tail) or PREDIKAT_GROUP_TAIL_RE.match(tail)
        if m:
            band = m.group(m.lastindex)
        else:
            nxt = self.sentences[s.index + 1] if s.index + 1 < len(self.sentences) else None
            if nxt is not None and nxt.para == s.para:
                m = PREDIKAT_BOTH_RE.match(nxt.text)
                if m and GROUP_SIZE[m.group(1).split()[0].lower()] == len(group):
                    band = m.group(m.lastindex)
                # "Seluruhnya mendapatkan predikat cukup." after a list: every item of it.
                m = PREDIKAT_ALL_RE.match(nxt.text)
                if m:
                    band = m.group(m.lastindex)
        if band is not None:
            for c in group:
                c.predikat = normalize_predikat(re.sub(r"\s+", " ", band))

    # -- article level ------------------------------------------------------------------------
