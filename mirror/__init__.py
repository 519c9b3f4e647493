"""The local mirror: a synthetic, realistic snapshot of the publishers for the demo and the tests.

A development package, not part of the product: `spbe` never imports it.

    official_values.official_results(year)  the seeded table (real seed figures as overrides)
    documents.write_mirror(out_dir)          index pages + lampiran PDFs under out_dir/HOST/PATH
    server.serve_mirror(root)                a local HTTP server with ETag/Last-Modified
    python -m mirror demo|generate|serve     the command line (`make demo` runs `demo`)

The values are SYNTHETIC (except the overrides) and every page says so.
"""
