"""Ground a generated reply in the passages it was given, sentence by sentence.

The language model cites the numbered passages of its prompt as ``[n]``. Its reply
is fed in as it streams, and each sentence is checked once the next one has begun
(until then more markers may still come):

1. markers that name no given passage are removed;
2. the sentence is judged against the sentences of the passages it cites, by the
   support judge the evaluation uses (:meth:`SupportJudge.support`);
3. a supported sentence is cited with the sentence(s) inside those passages that
   support it best, so ``start``/``end``/``quote`` are exact file offsets, as in
   extractive answers; markers are renumbered 1, 2, ... in order of first use;
4. an unsupported sentence is dropped, or kept without markers and marked.

Only checked sentences leave the grounder, so nothing unchecked reaches the user.
"""

from __future__ import annotations

import re

from assistant.answer.citing import cite
from assistant.answer.conflicts import Report, conflict, disagreements
from assistant.check.claims import Claim, cited, claims
from assistant.check.support import Quote, SupportJudge, Verdict
from assistant.models import Answer, Citation
from assistant.retrieval.hybrid import Hit

UNSUPPORTED_NOTE = "not supported by the cited articles"
# "[1, 2]", "[1-3]", "[Passage 2]", "【1】" -> "[1][2]", "[1][2][3]", "[2]", "[1]".
_GROUP = re.compile(
    r"[\[【]\s*(?:passages?\s*)?(\d+(?:\s*(?:,|;|and|-|–)\s*\d+)*)\s*[\]】]", re.IGNORECASE
)
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")
_LETTER = re.compile(r"[^\W\d_]")
_OPEN_MARKER = re.compile(r"[\[【][^\]】]{0,20}$")
_WORDS = re.compile(r"\w+")


def normalise_markers(text: str) -> str:
    """Rewrite the marker styles models use into ``[n]`` markers."""

    def expand(m: re.Match[str]) -> str:
        numbers: list[int] = []
        for part in re.split(r"\s*(?:,|;|and)\s*", m.group(1)):
            span = _RANGE.fullmatch(part)
            if span and 0 <= int(span[2]) - int(span[1]) <= 10:
                numbers.extend(range(int(span[1]), int(span[2]) + 1))
            else:
                numbers.extend(int(n) for n in re.findall(r"\d+", part))
        return "".join(f"[{n}]" for n in numbers)

    return _GROUP.sub(expand, text)


class Grounder:
    """Checks one generated reply against the numbered passages of its prompt.

    Args:
        hits: the passages, in prompt order (passage ``[n]`` is ``hits[n - 1]``).
        judge: the support judge.
        not_found: the sentence the prompt told the model to reply when it cannot answer.
        mark_unsupported: keep unsupported sentences (marked) instead of dropping them.
    """

    def __init__(
        self,
        hits: list[Hit],
        judge: SupportJudge,
        *,
        not_found: str,
        mark_unsupported: bool = False,
    ) -> None:
        self.hits = hits
        self.judge = judge
        self.not_found = _plain(not_found)
        self.mark_unsupported = mark_unsupported
        # Quotes carry no vector: the index's sentence vectors are read in their
        # passage's context, and the judge's cosine thresholds were calibrated on
        # sentences embedded alone; the judge embeds the few quotes it needs.
        self._quotes = [
            [(h.passage, s, Quote(h.passage.sentence_text(s), None)) for s in h.passage.sentences]
            for h in hits
        ]
        self._pending = ""  # the reply from the first sentence not yet checked
        self.parts: list[str] = []  # the checked sentences as shown, markers renumbered
        self.citations: list[Citation] = []
        self.checked: list[tuple[Claim, Verdict]] = []
        self.supported = 0
        self.unsupported = 0
        self.bogus_markers = 0
        self.said_not_found = False

    def feed(self, piece: str) -> list[str]:
        """Take the next piece of the reply; returns the text now checked and ready."""
        self._pending += piece
        if _OPEN_MARKER.search(self._pending):
            return []  # "[Passage 2" may be the marker of the sentence before it
        found = claims(normalise_markers(self._pending))
        if len(found) < 2 or not _LETTER.search(found[-1].text):
            return []  # the last sentence may still be growing, or gaining markers
        # Only the unfinished last sentence stays pending: each piece parses little text.
        # (A claim's text is literal but for a full stop moved from after its markers.)
        pending, last = normalise_markers(self._pending), found[-1].text
        self._pending = pending[pending.rfind(last[:-1] if len(last) > 1 else last) :]
        return self._check(found[:-1])

    def finish(self) -> list[str]:
        """The reply is complete: check what is left; returns the text ready."""
        found = claims(normalise_markers(self._pending))
        self._pending = ""
        return self._check(found)

    def answer(self, question: str, standalone: str) -> Answer:
        """The checked answer (call after :meth:`finish`)."""
        quotes = [Report(c.quote, title=c.title) for c in self.citations]
        conflicts = [
            conflict(d, lambda i: self.citations[i].marker)
            for d in disagreements(quotes, standalone)
        ]
        return Answer(
            question=question,
            standalone_question=standalone,
            text=" ".join(self.parts),
            answerable=True,
            citations=self.citations,
            conflicts=conflicts,
            notice=self._notice(),
            mode="llm",
            unsupported_sentences=self.unsupported,
        )

    def _notice(self) -> str:
        if not self.unsupported:
            return ""
        n = self.unsupported
        sentences = "1 sentence" if n == 1 else f"{n} sentences"
        done = "marked" if self.mark_unsupported else "left out"
        return (
            f"{sentences} the language model wrote {'was' if n == 1 else 'were'} {done}: "
            f"the passages {'it' if n == 1 else 'they'} cited do not support "
            f"{'it' if n == 1 else 'them'}."
        )

    def _check(self, ready: list[Claim]) -> list[str]:
        todo: list[tuple[Claim, list[int]]] = []
        for claim in ready:
            valid = list(dict.fromkeys(m for m in claim.markers if 1 <= m <= len(self.hits)))
            self.bogus_markers += sum(m not in valid for m in claim.markers)
            if not valid and _plain(claim.text) == self.not_found:
                self.said_not_found = True
            elif _WORDS.search(claim.text):
                todo.append((claim, valid))
        owners = [[q for m in valid for q in self._quotes[m - 1]] for _, valid in todo]
        results = self.judge.support(
            [c.text for c, _ in todo], [[q for _, _, q in group] for group in owners]
        )
        out = []
        for (claim, valid), group, result in zip(todo, owners, results, strict=True):
            verdict = result.verdict
            if not valid:
                verdict = Verdict(False, 0.0, 0.0, -1, ["cites no passage it was given"])
            self.checked.append((claim, verdict))
            if verdict.supported:
                self.supported += 1
                markers = sorted({cite(self.citations, *group[j][:2]) for j in result.quotes})
                text = cited(claim.text, markers)
            else:
                self.unsupported += 1
                if not self.mark_unsupported:
                    continue
                text = _marked(claim.text)
            out.append((" " if self.parts else "") + text)
            self.parts.append(text)
        return out


def _plain(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _marked(text: str) -> str:
    """An unsupported sentence as shown: no markers, a note before its full stop."""
    body, end = (text[:-1], text[-1]) if text[-1:] in ".!?" else (text, ".")
    return f"{body} ({UNSUPPORTED_NOTE}){end}"
