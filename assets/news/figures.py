"""News as a second source: discover new SPBE articles, fetch, extract figures, upsert them."""


import dagster as dg
import pandas as pd

from assets.checks import failure_metadata
from pipelines.resources import SourcesResource, WarehouseResource, http_metadata
from schemas import NewsArticle, NewsFigure, validate
from spbe.infra.markdown import markdown_table
from spbe.infra.provenance import Build
from spbe.sources.news.ingest import ingest_news, write_news
from spbe.sources.news.section import news_sites

FIGURE_PREVIEW = ["instansi_name", "year", "index_value", "kind", "predikat", "article_url"]


@dg.asset(
    group_name="news",
    pool="host_news_sites",
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds={"python", "html"},
    check_specs=[
        dg.AssetCheckSpec("articles_valid", asset="news_figures", blocking=True, description="Pandera NewsArticle on the new articles."),
        dg.AssetCheckSpec("figures_valid", asset="news_figures", blocking=True, description="Pandera NewsFigure: resolved instansi, value 1-5, known kind, one row per key."),
        dg.AssetCheckSpec("sources_reachable", asset="news_figures", description="Feeds, sitemaps, listings and articles that could not be fetched or parsed, with the cause."),
    ],
    description="SPBE figures (evaluations, self-assessments, targets) extracted from local news, with evidence (tables spbe_news_article, spbe_news_figure).",
)
def news_figures(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource):
    registry = sources.registry()
    client = sources.client(registry)
    wh = warehouse.get()
    result = ingest_news(registry, client, wh.news_seen_urls())
    articles, figures = validate(NewsArticle, result.articles), validate(NewsFigure, result.figures)
    article_failures, figure_failures = articles.failure_cases, figures.failure_cases
    errors = pd.DataFrame(result.errors, columns=["url", "cause"])
    yield dg.AssetCheckResult(check_name="articles_valid", passed=article_failures.empty, metadata=failure_metadata(article_failures, label="failure_cases"))
    yield dg.AssetCheckResult(check_name="figures_valid", passed=figure_failures.empty, metadata=failure_metadata(figure_failures, label="failure_cases"))
    yield dg.AssetCheckResult(
        check_name="sources_reachable",
        passed=errors.empty,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=failure_metadata(errors, label="errors"),
    )
    if not (article_failures.empty and figure_failures.empty):
        raise dg.Failure(description="news articles or figures failed validation; nothing was written (see the checks)")
    build = Build.now(sources.source_mode, build_id=context.run.run_id)
    written = write_news(wh, articles.frame, figures.frame, result.rejects, build)
    by_kind = result.figures.groupby("kind").size().to_dict() if not result.figures.empty else {}
    yield dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(wh.count("spbe_news_figure")),
            "new_articles": dg.MetadataValue.int(written.get("spbe_news_article", 0)),
            "new_figures": dg.MetadataValue.int(written.get("spbe_news_figure", 0)),
            # Figures about a body in a year it did not exist, with the reason (spbe_reject, source 'news').
            "rejected_figures": dg.MetadataValue.int(written.get("spbe_reject", 0)),
            "figures_by_kind": dg.MetadataValue.json(by_kind),
            # How many figures each extractor rule family decided (the `rule` of `spbe extract-news`).
            "figures_by_rule_family": dg.MetadataValue.json(result.rule_families),
            "candidates_discovered": dg.MetadataValue.int(result.discovered),
            "preview": dg.MetadataValue.md(markdown_table(result.figures[FIGURE_PREVIEW] if not result.figures.empty else result.figures)),
            "http": dg.MetadataValue.json(client.stats_dict()),
            **http_metadata(client, [site.name for site in news_sites(registry) if not site.verified]),
        }
    )
