"""News as a second source: discover new SPBE articles, fetch, extract figures, upsert them.

Incremental by nature: an article URL already stored is never fetched again, so a night without
new articles only revalidates the feeds, sitemaps and listings and writes nothing.
"""

import tempfile
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.checks import failure_metadata, validation_check
from assets.metadata import OWNERS, asset_metadata, code_version, dataset_metadata, http_metadata, preview
from assets.nightly import CheckInputs, nightly_check
from assets.resources import SourcesResource, WarehouseResource
from spbe.infra.memory import release_free_memory
from spbe.infra.provenance import Build
from spbe.nightly import Finding, news_finding
from spbe.sources.news.ingest import ingest_news, write_news_batches
from spbe.sources.news.section import news_sites
from spbe.sources.news.sink import SpillSink, check_batches

FIGURE_PREVIEW = ["instansi_name", "year", "index_value", "kind", "predikat", "article_url"]
CODE_VERSION = code_version(__name__, "spbe.sources.news", "spbe.domain", "spbe.data", "schemas")


@dg.asset(
    group_name="news",
    pool="host_news_sites",
    kinds={"python", "html"},
    owners=OWNERS,
    code_version=CODE_VERSION,
    metadata=asset_metadata("spbe_news_figure"),
    check_specs=[
        dg.AssetCheckSpec("articles_valid", asset="news_figures", blocking=True, description="Pandera NewsArticle on the new articles."),
        dg.AssetCheckSpec("figures_valid", asset="news_figures", blocking=True, description="Pandera NewsFigure: resolved instansi, value 1-5, known kind, one row per key."),
        dg.AssetCheckSpec("sources_reachable", asset="news_figures", description="Feeds, sitemaps, listings and articles that could not be fetched or parsed, with the cause."),
    ],
    description="SPBE figures (evaluations, self-assessments, targets) extracted from local news, with evidence (tables spbe_news_article, spbe_news_figure).",
)
def news_figures(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource):
    wh = warehouse.get()
    registry = sources.registry()
    # The crawl streams each host's rows to a file and keeps none, and they are validated and written
    # host by host in one transaction: the step's memory does not grow with the number of sites.
    with tempfile.TemporaryDirectory(prefix="spbe-news-rows-") as spill:
        rows = SpillSink(Path(spill) / "crawled.pickle")
        with sources.client() as client:
            result = ingest_news(registry, client, wh.news_seen_urls(), progress=context.log.info, sink=rows)
            http = http_metadata(client, [site.name for site in news_sites(registry) if not site.verified])
        checked = check_batches(rows, Path(spill) / "validated.pickle")
        checks = _checks(result, checked)
        if not (checked.article_failures.empty and checked.figure_failures.empty):
            yield from checks
            raise dg.Failure(description="news articles or figures failed validation; nothing was written (see the checks)")
        build = Build.now(sources.source_mode, build_id=context.run.run_id)
        written = write_news_batches(wh, checked.valid.batches(), build)
    release_free_memory()  # the next step in this process should not inherit this one's high-water mark
    skipped = (
        f"nothing new: {http['not_modified'].value} feeds, sitemaps and listings answered 304 Not Modified; "
        f"{result.skipped_seen} candidates were already stored"
        if checked.articles == 0
        else "no"
    )
    yield dg.MaterializeResult(
        metadata={
            **dataset_metadata(wh),
            "dagster/row_count": dg.MetadataValue.int(wh.count("spbe_news_figure")),
            "new_articles": dg.MetadataValue.int(written.get("spbe_news_article", 0)),
            "new_figures": dg.MetadataValue.int(written.get("spbe_news_figure", 0)),
            # Figures about a body in a year it did not exist, with the reason (spbe_reject, source 'news').
            "rejected_figures": dg.MetadataValue.int(written.get("spbe_reject", 0)),
            "figures_by_kind": dg.MetadataValue.json(dict(sorted(checked.by_kind.items()))),
            # Figures the extractor holds for review (never loaded unless corroborated or accepted: spbe review).
            "figures_held": dg.MetadataValue.int(checked.held),
            "rank_claims": dg.MetadataValue.int(checked.claims),
            # How many figures each extractor rule family decided (the `rule` of `spbe extract-news`).
            "figures_by_rule_family": dg.MetadataValue.json(result.rule_families),
            "candidates_discovered": dg.MetadataValue.int(result.discovered),
            "skipped": dg.MetadataValue.text(skipped),
            "preview": preview(checked.preview, FIGURE_PREVIEW),
            **http,
        },
        check_results=checks,
    )


def _checks(result, checked) -> list[dg.AssetCheckResult]:
    errors = pd.DataFrame(result.errors, columns=["url", "cause"])
    # One row per failing site (a site that is down shows once, named, not only as its URLs).
    failing_sites = pd.DataFrame([{"site": name, "errors": r["errors"], "articles_fetched": r["articles_fetched"], "first_error": r["first_error"]}
                                  for name, r in sorted(result.sites.items()) if r["errors"]],
                                 columns=["site", "errors", "articles_fetched", "first_error"])
    return [
        validation_check("articles_valid", checked.article_failures, articles_checked=checked.articles),
        validation_check("figures_valid", checked.figure_failures, figures_checked=checked.figures),
        dg.AssetCheckResult(
            check_name="sources_reachable",
            passed=errors.empty,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={**failure_metadata(errors, label="errors"), **failure_metadata(failing_sites, label="sites_failing")},
        ),
    ]


@nightly_check("news_figures", order=90, label="news")
def no_new_articles(inputs: CheckInputs) -> Finding:
    """Discovery as the asset runs it (feeds, sitemaps, listings, conditional requests) against the stored URLs."""
    return news_finding(inputs.sources.registry(), inputs.client, inputs.warehouse.news_seen_urls())
