"""The answer ranker: what it reads, how its score is blended, and that it helps.

The articles in ``tests/ranker_articles`` were written for these tests after the
ranker was trained; nothing was tuned on them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.answer.candidates import Candidate
from assistant.answer.ranker import CONTEXT_SEPARATOR, MODEL_DIR, AnswerRanker, ranker_pair, rerank
from assistant.models import Passage, Sentence
from tests.conftest import copy_corpus

ARTICLES = Path(__file__).resolve().parent.parent / "ranker_articles"


def test_the_pair_puts_the_sentence_first_and_the_title_after() -> None:
    q, s = ranker_pair(" Who? ", " It was her. ", title="A story")
    assert (q, s) == ("Who?", "It was her." + CONTEXT_SEPARATOR + "A story")
    assert ranker_pair("Who?", "It was her.")[1] == "It was her."


def test_the_shipped_model_and_its_card_are_in_the_package() -> None:
    assert (MODEL_DIR / "model_int8.onnx").stat().st_size < 25_000_000
    card = (MODEL_DIR / "MODEL_CARD.md").read_text()
    for fact in ("SQuAD", "CC BY-SA 4.0", "SelQA", "Apache-2.0", "python -m training.ranker"):
        assert fact in card


@pytest.fixture(scope="module")
def ranker() -> AnswerRanker:
    return AnswerRanker()


@pytest.mark.parametrize(
    ("question", "answer", "others"),
    [
        (
            "Who first noticed the smoke?",
            "Chief engineer Rosa Whitcombe was the first to notice smoke coming from a fuel "
            "line, according to the operator.",
            [
                "The crew put out the fire within twenty minutes.",
                "Inspectors will examine the engine room on Monday.",
            ],
        ),
        (
            "How much will the new library cost?",
            "The building will cost an estimated £6.2 million, most of it paid from a national "
            "fund for town centres.",
            [
                "Eastholm's town council voted 9 to 4 on Tuesday night to build a new library.",
                "Opponents argued that the money would be better spent on repairing roads.",
            ],
        ),
    ],
)
def test_the_ranker_puts_the_answering_sentence_first(
    ranker: AnswerRanker, question: str, answer: str, others: list[str]
) -> None:
    scores = ranker.probabilities(question, [(s, "News") for s in [answer, *others]])
    # A margin far above int8 noise between CPUs (~0.01): the verdict is not near a tie.
    assert scores[0] >= max(scores[1:]) + 0.1, scores


def test_a_pairs_probability_does_not_depend_on_the_pairs_scored_with_it(
    ranker: AnswerRanker,
) -> None:
    # Scored in one int8 run, a pair's probability moved with its batch-mates (one
    # activation scale per run): 0.39 among 8 pairs, 0.54 among 4, 0.60 alone.
    question = "What was the inflation rate in August?"
    sentences = [
        "The bank said it now expected inflation to reach its target in the second half "
        "of 2027, about six months later than it had forecast in the summer.",
        "Inflation fell to 2.8 percent in October from 3.1 percent in September, according "
        "to figures published last week, but remains above the bank's target of 2 percent.",
        "Average two-year fixed mortgage rates are now about 4.4 percent.",
        'Governor Beatrix Lund said the bank was "not in a hurry" and would wait for more '
        "evidence that wage growth was slowing.",
    ]
    pairs = [(s, "Bank holds rates") for s in sentences]
    together = ranker.probabilities(question, pairs)
    alone = [ranker.probabilities(question, [pair])[0] for pair in pairs]
    reversed_order = ranker.probabilities(question, pairs[::-1])[::-1]
    assert together == alone == reversed_order


class _FixedRanker(AnswerRanker):
    """A test double: fixed probabilities, in the order asked."""

    def __init__(self, values: list[float]) -> None:
        super().__init__()
        self.values = values
        self.asked: list[str] = []

    def probabilities(self, question: str, sentences: list[tuple[str, str]]) -> list[float]:
        self.asked = [s for s, _ in sentences]
        return self.values[: len(sentences)]


def _candidate(text: str, support: float, factor: float = 1.0) -> Candidate:
    passage = Passage(
        id=text[:8],
        source="a.txt",
        title="T",
        start=0,
        end=len(text),
        text=text,
        sentences=[Sentence(start=0, end=len(text))],
    )
    c = Candidate(passage, passage.sentences[0], text, vector=None)  # type: ignore[arg-type]
    c.hand = support
    c.factor = factor
    c.support = support * factor
    return c


def test_rerank_blends_the_learned_score_into_the_best_candidates_only() -> None:
    settings = Settings().answer.model_copy(update={"ranker_weight": 0.6, "ranker_candidates": 2})
    a, b, c = _candidate("a.", 0.5), _candidate("b.", 0.4, factor=0.5), _candidate("c.", 0.1)
    fixed = _FixedRanker([0.1, 0.9])
    ranked = rerank([a, b, c], "q?", fixed, settings)
    assert fixed.asked == ["a.", "b."]  # the two best by the hand score
    assert a.support == pytest.approx(0.4 * 0.5 + 0.6 * 0.1)
    assert b.support == pytest.approx(0.5 * (0.4 * 0.4 + 0.6 * 0.9))  # marks-down still apply
    assert c.learned is None and c.support == pytest.approx(0.4 * 0.1)
    assert ranked == [b, a, c]


def test_candidates_tied_with_the_last_one_read_are_read_too_up_to_twice_as_many() -> None:
    settings = Settings().answer.model_copy(update={"ranker_candidates": 2})
    fixed = _FixedRanker([0.5] * 6)
    # Within 0.01 of the second (0.60): 0.595; 0.585 is beyond it.
    rerank([_candidate(f"{s}", s) for s in (0.7, 0.6, 0.595, 0.585, 0.3)], "q?", fixed, settings)
    assert fixed.asked == ["0.7", "0.6", "0.595"]
    # All tied: never more than half as many again as asked for (at least one).
    rerank([_candidate(f"{s}", s) for s in (0.7, 0.6, 0.598, 0.596, 0.594)], "q?", fixed, settings)
    assert fixed.asked == ["0.7", "0.6", "0.598"]
    settings = settings.model_copy(update={"ranker_candidates": 4})
    rerank(
        [_candidate(f"{s}", s) for s in (0.7, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6)], "q?", fixed, settings
    )
    assert len(fixed.asked) == 6


@pytest.fixture(scope="module")
def ranker_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_corpus(ARTICLES, tmp_path_factory.mktemp("ranker") / "corpus")


def test_with_the_ranker_off_it_is_never_loaded(ranker_corpus: Path) -> None:
    settings = Settings()
    settings.answer.ranker = "none"
    bot = Assistant.open(ranker_corpus, ranker_corpus.parent / "index", settings=settings)
    answer = bot.ask("Who first noticed the smoke?")
    assert answer.answerable and "Rosa Whitcombe" in answer.citations[0].quote
    assert bot._ranker._model is None  # the model file was never opened


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Who first noticed the smoke?", "Rosa Whitcombe"),
        ("How long will the repairs take?", "three weeks"),
        ("How much will the new library cost?", "£6.2 million"),
        ("When should the library open?", "2028"),
        ("Who said residents had not been asked?", "Jean Pryce"),
    ],
)
def test_answers_lead_with_the_sentence_that_answers(
    ranker_corpus: Path, question: str, fact: str
) -> None:
    bot = Assistant.open(ranker_corpus, ranker_corpus.parent / "index")
    answer = bot.ask(question)
    assert answer.answerable, answer.text
    assert fact in answer.citations[0].quote, answer.text


def test_realtimeqa_import_keeps_questions_whose_choice_is_written(tmp_path: Path) -> None:
    from assistant.errors import EvalDatasetError
    from assistant.evaluation.realtimeqa import import_realtimeqa

    lines = [
        {  # kept: the right choice is in the evidence
            "question_id": "20240105_1",
            "question_date": "2024/01/05",
            "question_source": "CNN",
            "question_sentence": "Which city hosted the summit?",
            "choices": ["Oslo", "Lima"],
            "answer": ["1"],
            "evidence": "Leaders met in Lima on Tuesday for the summit.",
        },
        {  # left out: worded otherwise
            "question_id": "20240105_2",
            "question_sentence": "Which country?",
            "choices": ["Peru", "Chile"],
            "answer": "0",
            "evidence": "Leaders met in Lima.",
        },
        {  # kept, its scrape's markup left out: the article's text, as a reader sees it
            "question_id": "20240105_4",
            "question_sentence": "Which chain is closing restaurants?",
            "choices": ["Red Lobster", "cnn.com"],
            "answer": ["0"],
            "evidence": 'Red Lobster is <a href="https://www.cnn.com/x.html" target="_blank">'
            "abruptly closing</a> dozens of restaurants &amp; bars.",
        },
        {  # left out: the right choice is only in a link's address
            "question_id": "20240105_5",
            "question_sentence": "Which site?",
            "choices": ["Lima", "cnn.com"],
            "answer": ["1"],
            "evidence": 'Leaders <a href="https://www.cnn.com/y">met</a> in Lima.',
        },
        {  # left out: no evidence
            "question_id": "20240105_3",
            "question_sentence": "Which?",
            "choices": ["A"],
            "answer": ["0"],
            "evidence": "",
        },
    ]
    path = tmp_path / "all_qa.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    data = import_realtimeqa(path, tmp_path / "out")
    assert [i.id for i in data.items] == ["20240105_1", "20240105_4"]
    item = data.items[0]
    assert item.key_facts == ["Lima"]
    ev = item.evidence[0]
    assert (data.corpus_dir / ev.source).read_text()[ev.start : ev.end] == "Lima"
    assert "2 left out" in data.header.description
    linked = (data.corpus_dir / data.items[1].evidence[0].source).read_text()
    assert linked.endswith("\n\nRed Lobster is abruptly closing dozens of restaurants & bars.\n")
    path.write_text(path.read_text() + "not json\n")
    with pytest.raises(EvalDatasetError, match=r"all_qa.jsonl:6: not a RealTimeQA item"):
        import_realtimeqa(path, tmp_path / "out")
