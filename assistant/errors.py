"""Errors a user can hit. Each message is one line that names what was wrong."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant reports to a user."""


class BadFileError(AssistantError):
    """An article file cannot be used (empty, binary, not UTF-8, too large)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class BadQuestionError(AssistantError):
    """A question is empty or too long."""


class CorpusError(AssistantError):
    """The corpus folder is missing or holds no usable article."""


class IndexMissingError(AssistantError):
    """No index has been built at the given folder."""


class IndexFolderError(AssistantError):
    """The index folder cannot be one: a file has its name, or it cannot be created."""


class IndexUnavailableError(AssistantError):
    """The index database (ASSISTANT_INDEX_DSN) cannot be reached or answers with an error."""


class StaleIndexError(AssistantError):
    """The index no longer matches the corpus or the embedding model."""


class DamagedPassageError(StaleIndexError):
    """A row of the passage table cannot be read: the index is damaged."""

    def __init__(self, row: int) -> None:
        super().__init__(f"passage row {row} of the index is damaged; re-run 'assistant ingest'")
        self.row = row


class EmbeddingModelError(AssistantError):
    """The embedding model cannot be loaded."""


class EvalDatasetError(AssistantError):
    """An evaluation dataset, label file or SQuAD file cannot be read or does not fit."""


class ThresholdsError(AssistantError):
    """The evaluation thresholds file cannot be read or names an unknown metric."""


class JudgeUnavailableError(AssistantError):
    """The LLM support judge was asked for but no LLM is configured."""


class LLMError(AssistantError):
    """The language model cannot answer: not installed, unreachable, too slow or failing."""


class PromptError(AssistantError):
    """A prompt file is missing or its placeholders do not match what the code fills in."""


class ChatHistoryError(AssistantError):
    """The chat's kept chats cannot be read (none kept yet, or not a chats file)."""
