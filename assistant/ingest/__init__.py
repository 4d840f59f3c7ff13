"""The ingest stage: read article files, set boilerplate aside, cut sentences and passages."""
