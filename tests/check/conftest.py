"""The support judge's tests run in the LLM mode's clean environment too."""

from tests.llm.conftest import _clean_environment

__all__ = ["_clean_environment"]
