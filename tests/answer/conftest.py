"""The LLM-mode fixtures (real articles and index, a clean environment) for the answerers."""

from tests.llm.conftest import _clean_environment, corpus

__all__ = ["_clean_environment", "corpus"]
