"""``python -m benchmarks NAME [ARGS]``: run one benchmark (``--help`` after NAME for its options).

scale    ours vs the naive LangChain pipeline; ours at 10k / 100k / 1M passages
core     seeds/ ingest and latency; ingest by step and retrieval quality against the naive pipeline
chat     concurrent chat sessions against a real Chainlit server
verify   the cost of checking LLM answers against their citations
pg       local files vs PostgreSQL + pgvector: keyword ranking; latency, recall, size at scale
sentences  sentence splitting time against paragraph length
html     saved news pages in seven CMS-like templates: extraction, and answers vs plain text
"""

from __future__ import annotations

import runpy
import sys

MODULES = {
    "scale": "benchmarks.scale",
    "core": "benchmarks.core",
    "chat": "benchmarks.chat_load",
    "verify": "benchmarks.verify_overhead",
    "pg": "benchmarks.pg",
    "sentences": "benchmarks.sentences",
    "html": "benchmarks.html_pages",
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in MODULES:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
    name = sys.argv.pop(1)
    sys.argv[0] = MODULES[name]
    runpy.run_module(MODULES[name], run_name="__main__")


if __name__ == "__main__":
    main()
