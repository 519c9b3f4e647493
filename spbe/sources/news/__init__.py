"""News as a second source."""
