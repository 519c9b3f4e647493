"""The decree's attachment is found on its document page, on the registry's data host only."""

from spbe.infra.registry import load_registry
from spbe.sources.official.fetch import find_attachment_link

PAGE = "https://jdih.menpan.go.id/dokumen-hukum/keputusan-663-2024"
HOST = "data-jdih.menpan.go.id"


def page(*hrefs: str) -> str:
    return "<html><body>" + "".join(f'<a href="{h}">Unduh</a>' for h in hrefs) + "</body></html>"


def test_only_pdfs_on_the_attachment_host_are_taken():
    live = load_registry(mode="live", overlays=[])
    html = page("/panduan.pdf", "https://evil.example.com/dokumen/2024kepmenpanrb663.pdf",
                "https://data-jdih.menpan.go.id/dokumen/lampiran.docx", "https://data-jdih.menpan.go.id/dokumen/2024kepmenpanrb663.PDF")
    assert find_attachment_link(html, PAGE, HOST, live) == "https://data-jdih.menpan.go.id/dokumen/2024kepmenpanrb663.PDF"
    assert find_attachment_link(page("https://evil.example.com/x.pdf", "/dokumen/x.pdf"), PAGE, HOST, live) is None


def test_a_link_the_mirror_rewrote_maps_back_to_the_live_host():
    mirror = load_registry(mode="mirror", mirror_url="http://127.0.0.1:8765", overlays=[])
    html = page("http://127.0.0.1:8765/data-jdih.menpan.go.id/dokumen/2024kepmenpanrb663.pdf")
    assert find_attachment_link(html, "http://127.0.0.1:8765/jdih.menpan.go.id/dokumen-hukum/x", HOST, mirror) == \
        "https://data-jdih.menpan.go.id/dokumen/2024kepmenpanrb663.pdf"
