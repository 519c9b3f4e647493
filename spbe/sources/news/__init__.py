"""News as a second source: discovery, article parsing and SPBE figure extraction."""
