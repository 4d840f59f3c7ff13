"""Source-grounded, cited question answering over news articles.

Import what is listed in ``__all__``; everything else may change.
"""

from assistant.core import Assistant
from assistant.errors import (
    AssistantError,
    BadFileError,
    BadQuestionError,
    CorpusError,
    EmbeddingModelError,
    IndexMissingError,
    LLMError,
    PromptError,
    StaleIndexError,
)
from assistant.models import (
    Answer,
    AnswerEvent,
    Citation,
    Conflict,
    ConflictValue,
    IngestReport,
    Passage,
)
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import Settings

__all__ = [
    "Answer",
    "AnswerEvent",
    "Assistant",
    "AssistantError",
    "BadFileError",
    "BadQuestionError",
    "Citation",
    "Conflict",
    "ConflictValue",
    "CorpusError",
    "EmbeddingModelError",
    "HybridRetriever",
    "IndexMissingError",
    "IngestReport",
    "LLMError",
    "Passage",
    "PromptError",
    "Settings",
    "StaleIndexError",
]
