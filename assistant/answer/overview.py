"""Questions that ask for an overview ("Summarize what the articles say", "What do the
reports say about the evacuation?"): the key sentences of each article, cited.

An extractive answerer cannot write a summary, but a news article writes its own:
its first sentences carry who, what, where and when. Asked for an overview of
everything, the answer quotes each retrieved article's lead; asked about a topic, it
quotes each article's sentence that best matches the topic, and refuses when no
sentence does, as any other question. Each article gets its own sentence(s), so two
reports of one event are both heard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.candidates import Candidate
from assistant.models import Passage, Sentence

_OVERVIEW = re.compile(
    r"^\W*(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:"
    r"summari[sz]e|sum\s+up|recap|brief\s+me(?:\s+on)?|give\s+(?:me\s+)?(?:a|an|the)\s+"
    r"(?:short\s+|brief\s+|quick\s+)?(?:summary|overview|rundown|recap|gist)(?:\s+of)?|"
    r"what\s+(?:do|does|did)\s+(?:the|these|those|both|all|my|our)?\s*(?:\w+\s+)?"
    r"(?:articles?|reports?|stories|story|sources|pieces?|texts?|documents?|they)\s+"
    r"(?:say|report|tell\s+(?:me|us))|"
    r"what\s+are\s+the\s+(?:main|key|most\s+important)\s+(?:points|facts|takeaways|findings)"
    r"(?:\s+of)?|(?:main|key)\s+points(?:\s+of)?|tl;?dr"
    r")\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# What the overview is of, when the question names a topic ("... about the evacuation").
_TOPIC = re.compile(r"^\W*(?:about|on|of|regarding|concerning|around)\s+(?P<topic>.+?)\W*$", re.I)
# Words that only point at the articles themselves ("what the two articles say").
_ARTICLES_ONLY = re.compile(
    r"^\W*(?:what\s+)?(?:the|these|those|both|all|my|our)?\s*(?:\w+\s+)?(?:articles?|reports?|"
    r"stories|story|sources|pieces?|texts?|documents?|news|them|it)?\s*(?:say|said|says|report)?"
    r"\W*$",
    re.I,
)
MAX_ARTICLES = 3
MAX_WORDS = 90  # the overview may be longer than an answer (~60), not much


@dataclass(frozen=True)
class Quoted:
    """A sentence the overview quotes."""

    passage: Passage
    sentence: Sentence
    text: str


def overview_topic(question: str) -> str | None:
    """What an overview question is about: '' for everything the articles say, the topic
    it names otherwise; None when the question does not ask for an overview."""
    m = _OVERVIEW.match(question.strip())
    if m is None:
        return None
    rest = m["rest"].strip()
    topic = _TOPIC.match(rest)
    if topic:
        return topic["topic"].strip()
    return "" if _ARTICLES_ONLY.match(rest) else rest.strip(" ?.!")


def leads(articles: list[list[Passage]]) -> list[list[Quoted]]:
    """The first sentences of each article (about 45 words each), in article order."""
    budget = MAX_WORDS // max(1, min(len(articles), MAX_ARTICLES))
    out = []
    for passages in articles[:MAX_ARTICLES]:
        chosen: list[Quoted] = []
        words = 0
        for p in passages:
            for s in p.sentences:
                text = p.sentence_text(s)
                n = len(text.split())
                if chosen and words + n > budget:
                    break
                chosen.append(Quoted(p, s, text))
                words += n
            else:
                continue
            break
        if chosen:
            out.append(chosen)
    return out


def best_per_article(ranked: list[Candidate]) -> list[list[Quoted]]:
    """Each article's best sentence for the topic (ranked best first), best article first."""
    seen: dict[str, list[Quoted]] = {}
    for c in ranked:
        if c.passage.source not in seen and len(seen) < MAX_ARTICLES:
            seen[c.passage.source] = [Quoted(c.passage, c.sentence, c.text)]
    return list(seen.values())
