"""Training and validation pairs for the answer ranker, from public QA data sets.

The data sets stay outside the project (``../shared/data`` by default; see its
README for sources and licences); nothing read here is ever written into it.

* SQuAD v1.1 dev (CC BY-SA 4.0): each question's answer offset names the
  sentence that holds the answer (split with the assistant's own splitter);
  the other sentences of its paragraph are hard negatives, and sentences of
  other paragraphs of the same article that share the question's words stand
  in for what retrieval brings back (same topic, wrong sentence).
* SQuAD v2.0 dev, first half (CC BY-SA 4.0): unanswerable questions, written
  to look answerable: every sentence of their paragraph is a negative.
* SelQA (Apache-2.0): answer sentence selection over Wikipedia sections.

Articles are split into train and validation by title, so no validation
article is ever seen in training. RealTimeQA (news, no licence) is for
validation only and is not read here.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.evaluation.squad import held_out
from assistant.ingest.sentences import split_sentences
from assistant.text.terms import content_stems


@dataclass
class Candidate:
    sentence: str
    title: str
    before: str
    label: int


@dataclass
class Question:
    """One question with its candidate sentences (label 1 = holds the answer)."""

    id: str
    text: str
    source: str  # squad, squad2-unanswerable, selqa
    article: str
    candidates: list[Candidate] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return any(c.label for c in self.candidates)


def _sentences(text: str) -> list[tuple[int, int, str]]:
    return [(a, b, text[a:b]) for a, b in split_sentences(text, 0, len(text))]


@lru_cache(maxsize=200_000)
def _stems(text: str) -> frozenset[str]:
    return frozenset(content_stems(text))


def _overlap(question: str, sentence: str) -> int:
    return len(_stems(question) & _stems(sentence))


def squad_questions(
    articles: list[dict], *, unanswerable_only: bool = False, rng: random.Random, far: int = 3
) -> list[Question]:
    """Questions of SQuAD articles with in-paragraph and same-article negatives."""
    out: list[Question] = []
    for article in articles:
        title = article["title"].replace("_", " ")
        paragraphs = [_sentences(p["context"]) for p in article["paragraphs"]]
        flat = [(pi, s) for pi, sents in enumerate(paragraphs) for s in sents]
        for pi, paragraph in enumerate(article["paragraphs"]):
            sents = paragraphs[pi]
            for qa in paragraph["qas"]:
                impossible = bool(qa.get("is_impossible"))
                if impossible != unanswerable_only:
                    continue
                starts = {a["answer_start"] for a in qa.get("answers", [])}
                q = Question(
                    id=qa["id"],
                    text=qa["question"],
                    source="squad2-unanswerable" if impossible else "squad",
                    article=article["title"],
                    answers=[a["text"] for a in qa.get("answers", [])],
                )
                for i, (a, b, text) in enumerate(sents):
                    label = int(any(a <= s < b + 1 for s in starts))
                    before = sents[i - 1][2] if i else ""
                    q.candidates.append(Candidate(text, title, before, label))
                # Sentences of other paragraphs that share the question's words.
                others = [(pi2, s) for pi2, s in flat if pi2 != pi]
                others.sort(key=lambda x: -_overlap(qa["question"], x[1][2]))
                for pi2, (a, b, text) in others[:far]:
                    idx = paragraphs[pi2].index((a, b, text))
                    before = paragraphs[pi2][idx - 1][2] if idx else ""
                    q.candidates.append(Candidate(text, title, before, 0))
                if q.candidates and (unanswerable_only or q.answerable):
                    out.append(q)
    return out


def selqa_questions(path: Path) -> list[Question]:
    out = []
    for n, item in enumerate(json.loads(path.read_text())):
        title = item["article"].replace("_", " ")
        cands = item["candidates"]
        q = Question(
            id=f"selqa-{path.stem}-{n}", text=item["question"], source="selqa", article=title
        )
        for i, text in enumerate(cands):
            label = int(i in item["answers"])
            q.candidates.append(Candidate(text, title, cands[i - 1] if i else "", label))
        if q.answerable:
            out.append(q)
    return out


def load(data_dir: Path, *, seed: int = 13) -> tuple[list[Question], list[Question]]:
    """(train, validation) questions; validation holds SQuAD articles never trained on."""
    rng = random.Random(seed)
    v1 = json.loads((data_dir / "squad" / "dev-v1.1.json").read_text())["data"]
    v2 = json.loads((data_dir / "squad" / "dev-v2.0-half.json").read_text())["data"]
    held = held_out([a["title"] for a in v1], {a["title"] for a in v2})
    train = squad_questions([a for a in v1 if a["title"] not in held], rng=rng)
    train += squad_questions(
        [a for a in v2 if a["title"] not in held], unanswerable_only=True, rng=rng
    )
    held_titles = {t.replace("_", " ").lower() for t in held}
    for name in ("selqa-ass-dev.json", "selqa-ass-test.json"):
        train += [
            q
            for q in selqa_questions(data_dir / "selqa" / name)
            if q.article.lower() not in held_titles
        ]
    valid = squad_questions([a for a in v1 if a["title"] in held], rng=rng)
    valid += squad_questions([a for a in v2 if a["title"] in held], unanswerable_only=True, rng=rng)
    return train, valid


def pairs(
    questions: list[Question], *, negatives: int, seed: int = 13
) -> list[tuple[list[str], float]]:
    """(text pair, label) for training: every positive, up to ``negatives`` per question.

    The negatives kept are the ones that share most words with the question
    (the hard ones), plus one at random so easy cases are not forgotten.
    """
    from assistant.answer.ranker import ranker_pair

    rng = random.Random(seed)
    out: list[tuple[list[str], float]] = []
    for q in questions:
        pos = [c for c in q.candidates if c.label]
        neg = [c for c in q.candidates if not c.label]
        neg.sort(key=lambda c: -_overlap(q.text, c.sentence))
        keep = neg[: negatives - 1]
        rest = neg[negatives - 1 :]
        if rest:
            keep.append(rng.choice(rest))
        for c in pos + keep:
            pair = ranker_pair(q.text, c.sentence, title=c.title)
            out.append((pair, float(c.label)))
    rng.shuffle(out)
    return out
