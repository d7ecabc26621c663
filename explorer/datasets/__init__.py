"""Dataset profiling: loading, statistics, language ID, PII, word associations, error review."""
