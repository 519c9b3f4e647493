"""Stage 7b (confidence): a small learned model over a figure's evidence, applied in pure Python.

The hand-set hold rules (evidence.py) each say why one cue is weak. On unseen articles no single
cue separated right figures from wrong ones, so a logistic regression combines them: its inputs are
the figure's evidence (how its body, year and kind were found, how far each cue was, how crowded
its sentence is, which hold rules fired) and its output is the probability that the figure is
right (body, year, value and kind all as the article means them).

The coefficients live in `spbe/data/news_confidence.json`, fitted by `scripts/fit_news_confidence.py`
(scikit-learn, the `fit` extra) on the real articles of ../shared/news-real with folds grouped by
site, so that every figure it reports was measured on sites the fold had not seen. The runtime needs
no scikit-learn: a dot product and a logistic.

The model is used only where that site-grouped cross-validation showed it beats the rules alone:
a figure held by the rules is accepted when every reason it is held for is one the model may
overrule (the JSON's `promotable`: never a question, a denial, a future round or an index
mismatch) and its probability reaches the JSON's `threshold`. It never demotes an accepted figure
and never changes a body, year or kind.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib.resources import files

from spbe.sources.news.extract.evidence import IMPLIED_YEAR_RULES, Cues

MODEL_FILE = "news_confidence.json"


def features(cues: Cues, kind: str, year_rule: str, kind_rule: str, reasons: list[str]) -> dict[str, float]:
    """The figure's evidence as numbers (names are the model file's keys). Distances are scaled
    to about 0..1 so one coefficient reads as "one step along that cue"."""
    codes = {r.split(":", 1)[0] for r in reasons}
    f = {
        "kind_evaluation": float(kind == "evaluation"),
        "kind_target": float(kind == "target"),
        "kind_self": float(kind == "self_assessment"),
        "kind_word": float(cues.kind_word),
        "kind_bound": float(kind_rule == "R-KIND-BOUND"),
        "label_sentence": float(cues.label not in ("R-TOPIC", "")),
        "year_explicit": float(year_rule == "R-YEAR-EXPLICIT"),
        "year_decree": float(year_rule == "R-YEAR-DECREE"),
        "year_implied": float(year_rule in IMPLIED_YEAR_RULES),
        "year_pair": float(year_rule == "R-YEAR-PAIR"),
        "year_far": min(cues.year_distance, 200) / 100 if cues.year_distance >= 0 else 0.0,
        "year_unwritten": float(cues.year_distance < 0),
        "year_after_other": float(cues.year_after is not None),
        "body_nearest": float(cues.body.startswith("R-NEAREST")),
        "body_list": float(cues.body.startswith("R-LIST")),
        "body_coref": float(cues.body == "R-COREF"),
        "body_far": min(cues.body_distance, 200) / 100 if cues.body_distance >= 0 else 0.0,
        "body_unnamed": float(cues.body_distance < 0),
        "crowded": float(cues.values > max(cues.bodies, 1)),
        "values": min(cues.values, 6) / 6,
        "bodies": min(cues.bodies, 6) / 6,
        "respective": float(cues.respective or cues.own_values),
        "target_before": float(cues.target_before),
    }
    for code in HOLD_CODES:
        f["h_" + code.removeprefix("H-").lower().replace("-", "_")] = float(code in codes)
    return f


HOLD_CODES = (
    "H-YEAR-IMPLIED",
    "H-YEAR-AMBIGUOUS",
    "H-BODY-PLACE",
    "H-BODY-FALLBACK",
    "H-BODY-FAR",
    "H-CROWDED",
    "H-QUESTION",
    "H-TARGET-NEAR",
    "H-KIND-UNMARKED",
    "H-DENIED-NEXT",
    "H-KIND-FUTURE",
    "H-INDEX-MISMATCH",
    "H-CONFLICT",
    "H-ROUND-UNPUBLISHED",
)


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    """The shipped coefficients, or None when the package carries no model file."""
    try:
        text = files("spbe.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return json.loads(text)


def probability(feats: dict[str, float], model: dict) -> float:
    """P(the figure is right | its evidence): the logistic of the model's linear score."""
    z = model["intercept"] + sum(c * feats.get(name, 0.0) for name, c in model["coef"].items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def overrules(reasons: list[str], p: float, model: dict) -> bool:
    """May the model accept a figure the rules hold? Only for reasons it was allowed to weigh."""
    if not reasons or not model.get("enabled", False):
        return False
    codes = {r.split(":", 1)[0] for r in reasons}
    return codes <= set(model["promotable"]) and p >= model["threshold"]
