"""Tell article text from the page around it.

Scraped news carries the site's furniture: subscription offers, newsletter
sign-ups, "Editor's pick" widgets, share buttons. No list of exact strings is
used; a unit of text (a paragraph, or a line of a list) is scored on general
signals and classed as ``boilerplate`` when they add up:

* call-to-action vocabulary (sign up, subscribe, newsletter, unlimited access,
  ad-free, click, loading..., read more, ...), counted per distinct cue;
* being a fragment (no sentence-final punctuation, few words) or a list item;
* being repeated within the page, or shared with another article of the corpus
  (a site template);
* sitting next to boilerplate while being a fragment (widgets come in runs).

Image captions are kept, marked ``caption``: a unit with a photo cue ("Above,",
"Pictured", "Photo:", "Getty Images", ...), one that ends in a bare photo
credit, or one that repeats the headline over a description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Block, BlockKind

_CTA = [
    r"\bsign(?:ing)?[\s-]?(?:up|in)\b",
    r"\bsubscri(?:be|ption|ber|bers|bing)\b",
    r"\bnewsletters?\b",
    r"\bmarketing e-?mails?\b",
    r"\bunlimited (?:digital )?access\b",
    r"\bad[\s-]free\b",
    r"\bpodcasts?\b",
    r"\b(?:ios|android)\b",
    r"\bdelivered to your (?:door|inbox)\b",
    r"\bclick(?:ing)?\b",
    r"\bloading\s*(?:\.\.\.|…)",
    r"\bread more\b",
    r"\beditor'?s'? (?:pick|choice)s?\b",
    r"\b(?:recommended|related|trending|popular) (?:for you|stories|articles|videos|now)\b",
    r"\bmost (?:read|popular|viewed)\b",
    r"\ball rights reserved\b",
    r"\b(?:cookie|privacy) (?:policy|settings|preferences)\b",
    r"\bterms (?:of (?:use|service)|and conditions)\b",
    r"\bfollow us\b",
    r"\bshare (?:this|on|via)\b",
    r"\badvertisement\b",
    r"\bget the latest\b",
    r"\bdownload (?:the|our) app\b",
    r"\bfree trial\b",
    r"\bother offers\b|\bspecial offers?\b",
    r"\b[\w-]+\.(?:com|co\.uk|org|net)\b",
    r"\bskip (?:to|ad)\b",
]
_CTA_RE = [re.compile(p, re.IGNORECASE) for p in _CTA]

_CAPTION_CUES = [
    (r"^\s*(?:Above|Below|Pictured|Top|Bottom|Left|Right|Inset)\b\s*[,:]", "photo cue"),
    (r"\b(?:Above|Below|Pictured)\s*,\s", "photo cue"),
    (r"\((?:Photo|Image|Credit|Picture)\b", "photo credit"),
    (r"\b(?:Photo|Photograph|Image|Picture)(?:\s+by)?\s*:", "photo credit"),
    (r"\bGetty Images\b|\bAP Photo\b|\bfile photo\b", "photo credit"),
    (r"\b(?:Reuters|AFP|EPA|Getty)\s*/|/\s*(?:Reuters|AFP|EPA|AP|Getty)\b", "photo credit"),
]
_CAPTION_RE = [(re.compile(p, re.IGNORECASE), why) for p, why in _CAPTION_CUES]
# A description that ends in a bare credit: "... Mosul, Iraq. Jane Doe-Smith"
_CREDIT_TAIL = re.compile(r"[.!?]\s+(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+\s*$")

_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*+–—-]|\d{1,2}[.)])\s+")
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")
_PARAGRAPH = re.compile(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", re.MULTILINE)
_WORD = re.compile(r"[\w'’-]+")


def normalise_line(line: str) -> str:
    """A line reduced for comparison: bullets, case and spacing removed."""
    return " ".join(_WORD.findall(_BULLET.sub("", line).lower()))


@dataclass
class _Unit:
    start: int
    end: int
    text: str
    paragraph: int
    kind: BlockKind = "body"
    reason: str = ""

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))

    @property
    def fragment(self) -> bool:
        return self.words <= 8 and not _TERMINAL.search(self.text)

    @property
    def bullet(self) -> bool:
        return bool(_BULLET.match(self.text))


def classify_blocks(
    text: str,
    *,
    shared_lines: frozenset[str] = frozenset(),
    markdown: bool = False,
    body_start: int = 0,
    title_line: bool = True,
) -> list[Block]:
    """Split a text into title, body, caption and boilerplate blocks.

    Args:
        text: the whole article file.
        shared_lines: normalised lines that other articles of the corpus also have.
        markdown: strip a leading ``#`` from the title.
        body_start: where the article starts (after a front-matter block); the text
            before it gets no block.
        title_line: whether the first line may be the title (False when front matter
            gives one).

    Returns:
        Blocks in file order; together they cover every non-blank character after
        ``body_start``.
    """
    # Blanked, not cut: offsets stay those of the whole text.
    units = _units(re.sub(r"[^\n]", " ", text[:body_start]) + text[body_start:])
    if not units:
        return []
    # A first line longer than any headline (a file that is one long line) is text, not
    # a title: the article is then named after its file, and the line is indexed.
    title = (
        _title(units[0], text, markdown=markdown)
        if title_line and len(units[0].text.split()) <= _MAX_TITLE_WORDS
        else None
    )
    rest = units[1:] if title else units
    counts: dict[str, int] = {}
    for unit in units:
        key = normalise_line(unit.text)
        counts[key] = counts.get(key, 0) + 1
    for unit in rest:
        _classify(unit, repeated=counts[normalise_line(unit.text)] > 1, shared_lines=shared_lines)
    _spread(rest)
    title_text = normalise_line(text[title.start : title.end]) if title else ""
    _mark_captions(rest, title_text=title_text)
    return ([title] if title else []) + [
        Block(start=u.start, end=u.end, kind=u.kind, reason=u.reason) for u in rest
    ]


_MAX_TITLE_WORDS = 40  # headlines are rarely over 25 words
_MAX_PITCH_WORDS = 40  # a call to subscribe, sign up or donate is rarely longer


def _units(text: str) -> list[_Unit]:
    """Paragraphs; a paragraph of list items or short lines is split into its lines."""
    units: list[_Unit] = []
    for p_no, para in enumerate(_PARAGRAPH.finditer(text)):
        lines = list(re.finditer(r"[^\n]*\S[^\n]*", para.group()))
        split = p_no == 0 or any(_BULLET.match(m.group()) for m in lines[1:])
        pieces = lines if split and len(lines) > 1 else [para]
        base = para.start() if pieces is lines else 0
        for m in pieces:
            start = base + m.start() + (len(m.group()) - len(m.group().lstrip()))
            end = base + m.end() - (len(m.group()) - len(m.group().rstrip()))
            units.append(_Unit(start, end, text[start:end], p_no))
    return units


def _title(first: _Unit, text: str, *, markdown: bool) -> Block:
    start = first.start
    if markdown:
        hashes = re.match(r"#+\s*", first.text)
        start += hashes.end() if hashes else 0
    return Block(start=start, end=first.end, kind="title", reason="first line")


def _cta_cues(text: str) -> list[str]:
    return [rx.pattern for rx in _CTA_RE if rx.search(text)]


def _classify(unit: _Unit, *, repeated: bool, shared_lines: frozenset[str]) -> None:
    cues = _cta_cues(unit.text)
    short = unit.words <= 25
    # A widget's pitch is short; a paragraph of news about subscribers, podcasts and
    # newsletters may name two cues and still be news.
    if len(cues) >= 2 and unit.words <= _MAX_PITCH_WORDS:
        unit.kind, unit.reason = "boilerplate", f"{len(cues)} call-to-action cues"
    elif cues and (unit.fragment or unit.bullet or short):
        unit.kind, unit.reason = "boilerplate", "call-to-action in a short line"
    elif normalise_line(unit.text) in shared_lines and (unit.fragment or short):
        unit.kind, unit.reason = "boilerplate", "line shared with another article"
    elif repeated and (unit.fragment or unit.bullet):
        unit.kind, unit.reason = "boilerplate", "fragment repeated on the page"


def _spread(units: list[_Unit]) -> None:
    """Fragments and list items next to boilerplate are part of the same widget."""
    changed = True
    while changed:
        changed = False
        for i, unit in enumerate(units):
            if unit.kind != "body" or not (unit.fragment or unit.bullet):
                continue
            neighbours = units[max(i - 1, 0) : i] + units[i + 1 : i + 2]
            if any(n.kind == "boilerplate" for n in neighbours):
                unit.kind, unit.reason = "boilerplate", "fragment next to boilerplate"
                changed = True


def _mark_captions(units: list[_Unit], *, title_text: str) -> None:
    for unit in units:
        if unit.kind != "body":
            continue
        reason = next((why for rx, why in _CAPTION_RE if rx.search(unit.text)), "")
        if not reason and _CREDIT_TAIL.search(unit.text):
            reason = "ends in a photo credit"
        first_line = normalise_line(unit.text.split("\n", 1)[0])
        if not reason and "\n" in unit.text and first_line and first_line in title_text:
            reason = "headline repeated over a description"
        if reason:
            unit.kind, unit.reason = "caption", reason
