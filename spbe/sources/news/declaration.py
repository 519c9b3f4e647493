"""News figures in spbe_index: the lowest tier. Evaluation figures fill a year no higher source has,
when the articles agree; targets are matched with the year's result (spbe_target)."""

import pandas as pd

from spbe.infra.fact_sources import PRESS, FactSource


def evaluations(figures: pd.DataFrame) -> pd.DataFrame:
    """Reported results as candidates: the article is the source URL, the body's name as reported."""
    if figures.empty:
        return figures.iloc[0:0].assign(source_url=pd.Series(dtype=str), published_name=pd.Series(dtype=str))
    chosen = figures[figures["kind"] == "evaluation"]
    return chosen.assign(source_url=chosen["article_url"], published_name=chosen["instansi_name"]).reset_index(drop=True)


def targets(figures: pd.DataFrame) -> pd.DataFrame:
    return figures[figures["kind"] == "target"] if not figures.empty else figures


FACTS = FactSource(
    name="news",
    table="spbe_news_figure",
    kind="report",
    precedence=PRESS,
    candidates=evaluations,
    targets=targets,
    review_table="spbe_news_review",
    description="figures stated in news articles (spbe_news_figure)",
)
