"""Infrastructure: HTTP client, source registry, warehouse database, generated docs."""
