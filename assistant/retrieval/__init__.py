"""The retrieval stage: dense + BM25 candidates fused, diversified, one slot per article."""
