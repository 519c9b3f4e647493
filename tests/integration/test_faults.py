"""Fault injection against the real Dagster asset: every fault either leaves the good rows loaded or
fails naming the URL and the cause, and the warehouse never loses or duplicates rows."""

from __future__ import annotations

import io
import socket
import time

import dagster as dg
import pytest
from reportlab.pdfgen import canvas

from assets.resources import SourcesResource, WarehouseResource
from assets.sources.official.results import official_results
from spbe.domain.predikat import predikat_for
from spbe.infra.registry import load_registry
from spbe.infra.warehouse import Warehouse
from spbe.sources.official.section import official_source
from tests.fault_server import Fault, FaultServer
from tests.lampiran_builder import lampiran_pdf
from tests.registries import registry_with_pinned_page

YEAR = 2023
REGISTRY = load_registry(mode="live")
SOURCE = official_source(REGISTRY, YEAR)
# The portal's layout: a document page, and the attachment on the data host it links to.
PDF_URL = f"https://{SOURCE.attachment_host}/dokumen/kepmenpanrb-13-2024-lampiran.pdf"
# A document page a person checked and pinned in the registry (index_url): no portal search.
PAGE_URL = "https://jdih.menpan.go.id/dokumen-hukum/keputusan-menteri-panrb-nomor-13-tahun-2024-tentang-hasil-e-1248"
INDEX_PATH = "/" + PAGE_URL.split("://", 1)[1]
PDF_PATH = "/" + PDF_URL.split("://", 1)[1]
ROWS = [
    ("1", "Kementerian Keuangan", "4,10", "Sangat Baik"),
    ("2", "Pemerintah Provinsi Lampung", "3,10", "Baik"),
    ("3", "Pemerintah Kabupaten Pesawaran", "2,91", "Baik"),
    ("4", "Pemerintah Kota Pangkalpinang", "2,87", "Baik"),
] + [(str(5 + i), f"Pemerintah Kabupaten {n}", f"2,{50 + i}", predikat_for(2.50 + i / 100, YEAR)) for i, n in enumerate(
    ["Lampung Selatan", "Lampung Tengah", "Lampung Utara", "Lampung Barat", "Tulang Bawang", "Tanggamus",
     "Lampung Timur", "Way Kanan", "Pringsewu", "Mesuji", "Tulang Bawang Barat", "Pesisir Barat",
     "Bogor", "Bekasi", "Sukabumi", "Cianjur"])]
GOOD_ROWS = len(ROWS)


@pytest.fixture(scope="module")
def mirror_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("mirror")
    index = root / INDEX_PATH.lstrip("/")
    index.mkdir(parents=True)
    (index / "index.html").write_text(
        f'<html><body><h1>Kepmen PANRB 13/2024</h1><a href="{PDF_URL}">Unduh lampiran (PDF)</a></body></html>'
    )
    pdf = root / PDF_PATH.lstrip("/")
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(lampiran_pdf(ROWS, rows_per_page=8))
    return root


@pytest.fixture
def server(mirror_root):
    with FaultServer(mirror_root) as srv:
        yield srv


@pytest.fixture(scope="module")
def unstated_registry(tmp_path_factory):
    return registry_with_pinned_page(tmp_path_factory.mktemp("registry"), YEAR, PAGE_URL)  # a 20-row decree for a year of 621


@pytest.fixture(scope="module")
def stated_registry(tmp_path_factory):
    return registry_with_pinned_page(tmp_path_factory.mktemp("registry"), YEAR, PAGE_URL, stated=True)


@pytest.fixture
def run(server, tmp_path, unstated_registry):
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    instance = dg.DagsterInstance.ephemeral()

    def materialize(run_config=None, **client_overrides):
        resources = {
            "warehouse": WarehouseResource(url=url),
            "sources": SourcesResource(
                source_mode="mirror", mirror_url=server.base_url, cache_dir=str(tmp_path / "cache"),
                **{"max_retries": 2, "total_timeout_s": 5.0, "registry_path": unstated_registry, **client_overrides},
            ),
        }
        return dg.materialize([official_results], partition_key=str(YEAR), resources=resources, instance=instance,
                              raise_on_error=False, run_config=run_config)

    materialize.warehouse = Warehouse(url)
    return materialize


def counts(wh: Warehouse) -> tuple[int, int]:
    return wh.count("spbe_official_result", {"year": YEAR}), wh.count("spbe_official_result")


def failure_text(result) -> str:
    texts = []
    for event in result.all_events:
        if event.is_failure and event.event_specific_data is not None:
            err = getattr(event.event_specific_data, "error", None)
            texts.append(str(err.message if err else event.message))
            cause = getattr(err, "cause", None)
            while cause is not None:
                texts.append(str(cause.message))
                cause = getattr(cause, "cause", None)
    return "\n".join(texts)


def not_a_pdf() -> bytes:
    return b"<html><body>Maaf, dokumen tidak ditemukan</body></html>"


def layout_changed_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "Lampiran dapat diunduh melalui aplikasi SPBE.")
    c.save()
    return buf.getvalue()


# (id, path, fault, expectation) - expectation "ok": the run succeeds with the good rows;
# otherwise a regex the failure must match (it must name the URL path and the cause).
FAULTS = [
    ("503-then-ok", PDF_PATH, Fault("status", 503, times=1), "ok"),
    ("429-retry-after-then-ok", PDF_PATH, Fault("status", 429, headers={"Retry-After": "1"}, times=1), "ok"),
    ("500-then-ok", PDF_PATH, Fault("status", 500, times=1), "ok"),
    ("503-retry-after-always", PDF_PATH, Fault("status", 503, headers={"Retry-After": "1"}), r"lampiran\.pdf.*(503|retr)"),
    ("500-always", PDF_PATH, Fault("status", 500), r"lampiran\.pdf.*(500|retr)"),
    ("reset-then-ok", PDF_PATH, Fault("reset", times=1), "ok"),
    ("reset-always", PDF_PATH, Fault("reset"), r"lampiran\.pdf"),
    ("truncated-body", PDF_PATH, Fault("truncate", body=b"%PDF-1.4 truncated"), r"lampiran\.pdf"),
    ("wrong-content-type-html", PDF_PATH, Fault("body", body=not_a_pdf(), headers={"Content-Type": "text/html"}), r"lampiran\.pdf.*not a PDF"),
    # No PDF path is guessed: a document page without the attachment link fails, naming the page.
    ("html-error-page-200", INDEX_PATH, Fault("body", body=b"<html><title>Error</title><body>Internal error</body></html>"),
     r"dokumen-hukum/.*no PDF on data-jdih\.menpan\.go\.id"),
    ("not-a-pdf", PDF_PATH, Fault("body", body=b"PK\x03\x04 zip archive", headers={"Content-Type": "application/pdf"}), r"lampiran\.pdf.*not a PDF"),
    ("layout-changed", PDF_PATH, Fault("body", body=layout_changed_pdf(), headers={"Content-Type": "application/pdf"}), r"lampiran\.pdf.*no lampiran table"),
    ("oversize-100x", PDF_PATH, Fault("huge", size=100 * 200_000), r"lampiran\.pdf.*(large|size|cap)"),
    ("redirect-loop", PDF_PATH, Fault("redirect", 302, headers={"Location": PDF_PATH}), r"lampiran\.pdf.*redirect"),
    ("redirect-off-host", PDF_PATH, Fault("redirect", 302, headers={"Location": "https://evil.example.com/x.pdf"}), r"evil\.example\.com.*(allow|host)"),
    ("redirect-file-scheme", PDF_PATH, Fault("redirect", 302, headers={"Location": "file:///etc/passwd"}), r"file:.*(scheme|allow)"),
    ("robots-disallow", "/robots.txt", Fault("body", body=b"User-agent: *\nDisallow: /jdih.menpan.go.id/\n", headers={"Content-Type": "text/plain"}), r"robots"),
    ("trickle", PDF_PATH, Fault("trickle", delay_s=0.5), r"lampiran\.pdf.*(time|slow)"),
]


@pytest.mark.parametrize("name, path, fault, expect", FAULTS, ids=[f[0] for f in FAULTS])
def test_fault_leaves_warehouse_whole(run, server, name, path, fault, expect):
    first = run(max_bytes=200_000)
    assert first.success, failure_text(first)
    before = counts(run.warehouse)
    assert before == (GOOD_ROWS, GOOD_ROWS)
    server.inject(path, fault)
    # A fresh cache directory would hide nothing here: the cache revalidates every request.
    result = run(max_bytes=200_000)
    after = counts(run.warehouse)
    assert after == before, f"{name}: rows changed from {before} to {after}"
    frame = run.warehouse.read("spbe_official_result")
    assert not frame.duplicated(["year", "instansi_id"]).any()
    if expect == "ok":
        assert result.success, failure_text(result)
    else:
        assert not result.success, f"{name}: the run should have failed"
        import re

        assert re.search(expect, failure_text(result), re.I | re.S), failure_text(result)


def test_a_bad_row_goes_to_rejects_and_shows_in_the_check(run, server):
    rows = ROWS + [("21", "Pemerintah Kabupaten Antah Berantah", "2,50", "Cukup")]
    server.inject(PDF_PATH, Fault("body", body=lampiran_pdf(rows, rows_per_page=8), headers={"Content-Type": "application/pdf"}))
    result = run()
    assert result.success  # one unknown name in 21 rows is under the 5 % limit: load the good rows
    assert counts(run.warehouse) == (GOOD_ROWS, GOOD_ROWS)
    rejects = run.warehouse.read("spbe_reject")
    assert rejects["published_name"].tolist() == ["Pemerintah Kabupaten Antah Berantah"]
    assert rejects.loc[0, "page"] == 3 and rejects.loc[0, "row_number"] == 21
    check = [e for e in result.get_asset_check_evaluations() if e.check_name == "rows_valid"][0]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["rejected_count"].value == 1
    assert "Antah Berantah" in check.metadata["rejected_sample"].value


def test_many_bad_rows_block_the_load_and_keep_the_previous_year(run, server):
    assert run().success
    bad = [(no, name, "N/A", pred) for no, name, _, pred in ROWS[:5]] + ROWS[5:]
    server.inject(PDF_PATH, Fault("body", body=lampiran_pdf(bad, rows_per_page=8), headers={"Content-Type": "application/pdf"}))
    rejects_before = run.warehouse.count("spbe_reject")
    result = run()
    assert not result.success and "rejected" in failure_text(result)
    assert counts(run.warehouse) == (GOOD_ROWS, GOOD_ROWS)
    assert run.warehouse.count("spbe_reject") == rejects_before
    # The blocking check failed with an error, and says how many rows and which.
    check = [e for e in result.get_asset_check_evaluations() if e.check_name == "rows_valid"][0]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    assert check.metadata["rejected_count"].value == 5
    assert "Kementerian Keuangan" in check.metadata["rejected_sample"].value
    assert check.metadata["reject_share"].value == pytest.approx(5 / GOOD_ROWS, abs=1e-4)


def _serve(server, rows):
    server.inject(PDF_PATH, Fault("body", body=lampiran_pdf(rows, rows_per_page=8), headers={"Content-Type": "application/pdf"}))


@pytest.mark.parametrize(
    "case, message",
    [
        # Two of 20 predikat contradict their index: flagged rows count toward the 5 % block.
        ("flagged", "rejected, flagged or missing"),
        # Two rows absent from the No. sequence: missing rows count as well.
        ("gap", "rejected, flagged or missing"),
    ],
)
def test_flagged_and_missing_rows_count_toward_the_block(run, server, case, message):
    assert run().success
    if case == "flagged":
        rows = [(no, name, idx, "Memuaskan" if i < 2 else pred) for i, (no, name, idx, pred) in enumerate(ROWS)]
    else:
        rows = [r for r in ROWS if r[0] not in ("7", "8")]
    _serve(server, rows)
    result = run()
    assert not result.success and message in failure_text(result)
    assert counts(run.warehouse) == (GOOD_ROWS, GOOD_ROWS)


def test_a_row_count_drop_is_blocked_unless_the_user_confirms_it(run, server):
    assert run().success
    _serve(server, ROWS[:17])  # 15 % fewer rows, numbered without gaps
    result = run()
    text = failure_text(result)
    assert not result.success and "17 rows, 3 fewer than the 20 of the previous load" in text and "allow_row_drop" in text
    assert counts(run.warehouse) == (GOOD_ROWS, GOOD_ROWS)
    confirmed = run(run_config={"ops": {"official_results": {"config": {"allow_row_drop": True}}}})
    assert confirmed.success
    assert counts(run.warehouse) == (17, 17)


def test_a_year_far_below_the_decrees_stated_count_is_blocked(run, stated_registry):
    result = run(registry_path=stated_registry)  # the packaged registry's facts: 2023's decree states 621 bodies
    assert not result.success and "20 rows, 601 fewer than the 621 bodies the decree states" in failure_text(result)
    assert counts(run.warehouse) == (0, 0)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_mirror_that_is_not_running_is_unreachable_not_a_robots_decision(run, server, tmp_path):
    assert run().success
    before = counts(run.warehouse)
    dead = f"http://127.0.0.1:{_closed_port()}"
    resources = {
        "warehouse": WarehouseResource(url=f"sqlite:///{tmp_path / 'wh.sqlite'}"),
        "sources": SourcesResource(source_mode="mirror", mirror_url=dead, cache_dir=str(tmp_path / "cache")),
    }
    started = time.monotonic()
    result = dg.materialize([official_results], partition_key=str(YEAR), resources=resources, raise_on_error=False)
    assert not result.success and time.monotonic() - started < 30
    text = failure_text(result)
    assert f"{dead}/jdih.menpan.go.id/dokumen-hukum/" in text and "unreachable" in text and "refused" in text
    assert "robots" not in text.lower()
    assert counts(run.warehouse) == before


def test_a_live_run_without_dns_fails_within_seconds_saying_unreachable(run, server, tmp_path, monkeypatch):
    """The README's backfill on a machine without internet: every name fails to resolve."""
    assert run().success
    before = counts(run.warehouse)

    def no_dns(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    resources = {
        "warehouse": WarehouseResource(url=f"sqlite:///{tmp_path / 'wh.sqlite'}"),
        "sources": SourcesResource(source_mode="live", cache_dir=str(tmp_path / "cache")),
    }
    started = time.monotonic()
    result = dg.materialize([official_results], partition_key=str(YEAR), resources=resources, raise_on_error=False)
    assert not result.success and time.monotonic() - started < 30
    text = failure_text(result)
    assert SOURCE.search_url in text and "unreachable" in text and "does not resolve" in text
    assert "RobotsDisallowed" not in text and "verified = false" in text
    assert counts(run.warehouse) == before
