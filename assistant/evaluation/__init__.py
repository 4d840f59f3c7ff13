"""Evaluation. Run a dataset through the real pipeline and measure it.

dataset (schema, loading) -> runner (ask every item) -> scoring (per item:
metrics, citations judged by the support judge, checks) -> ragas_metrics ->
aggregate -> thresholds (gates) -> report (JSON, HTML, terminal). ``squad``
turns a SQuAD file into a corpus and a dataset.
"""
