"""The index stage: embed the passages and store them as dense + BM25 indexes on disk."""
