import assistant


def test_exported_names_are_pinned() -> None:
    assert sorted(assistant.__all__) == [
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
    for name in assistant.__all__:
        assert hasattr(assistant, name)


def test_package_import_does_not_load_heavy_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys, assistant; "
        "print(sorted(m for m in ('torch', 'faiss', 'sentence_transformers', 'bm25s', 'chainlit',"
        " 'ragas', 'psycopg', 'pgvector') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
