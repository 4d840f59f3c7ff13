"""The evaluation corpora as articles, and as folders of plain text or saved web pages.

Used by ``python -m benchmarks html``. Each article of an evaluation corpus
(seeds/, evals/corpora/*) is read into its title, outlet, date, author and
paragraphs: from its front matter when it has one; the 20 files without one get
the outlet, date and author below (read off their bylines and datelines where
they have them, invented where not), so the plain and the HTML copies carry the
same metadata. Evidence spans of an evaluation set are moved with the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.evaluation.dataset import Dataset, EvalItem, Evidence
from assistant.ingest.frontmatter import parse_front_matter, render_front_matter
from benchmarks.news_templates import PageArticle

# file -> (outlet, date, author) for the files without front matter.
GIVEN: dict[str, tuple[str, str, str]] = {
    "000_3c1e0bf96721e7a1.txt": ("Newsweek", "2021-10-09", "Dana Whitfield"),
    "003_ccfd4e030e132f00.txt": ("Insider", "2021-10-10", "Ravi Menon"),
    "aldermoor_advertiser_escape.txt": ("Aldermoor Advertiser", "2026-07-15", "Claire Duval"),
    "brenmoor_star_protest.txt": ("Brenmoor Star", "2026-06-21", "Owen Price"),
    "cpa_kavari_floods.txt": ("CPA", "2026-09-09", "Amir Haddad"),
    "cpa_rail_audit.txt": ("CPA", "2026-05-14", "Lena Sorensen"),
    "kolsk_museum_reopens.txt": ("Kolsk Daily", "2026-04-18", "Marta Novak"),
    "radiotarsen_velmora_hospital.txt": ("Radio Tarsen", "2026-03-10", "Petr Halas"),
    "seaaid_ferry_survivors.txt": ("SeaAid News", "2026-08-18", "Grace Otieno"),
    "bcn_brennick_strike.txt": ("Brennick Coast News", "2026-06-18", "Tomas Reyes"),
    "channel6_hospital_breach.txt": ("Channel 6 Carrowby News", "2026-10-08", "Nadia Farouk"),
    "continental_veradal_seizure.txt": ("Continental Newswire", "2026-07-07", "Luis Moreno"),
    "courier_stellmark_blast.txt": ("Stellmark Courier", "2026-03-02", "Lukas Brenner"),
    "echo_sport_cycling.txt": ("Portmere Evening Echo", "2026-09-05", "Dan Mercer"),
    "gazette_ashby_budget.txt": ("Ashby Vale Gazette", "2026-11-18", "Megan Holt"),
    "gazette_culture_museum.txt": ("Ashby Vale Gazette", "2026-10-14", "Jess Okafor"),
    "meridian_portmere_crush.txt": ("Meridian Press Agency", "2026-08-23", "Sara Lind"),
    "gazette_flood.txt": ("Millbrook Gazette", "2025-10-17", "Tom Aldous"),
    "kestrel_rail.txt": ("Dunmore Business Journal", "2025-10-14", "Helen Park"),
    "wire_flood.md": ("Wessex News Agency", "2025-10-17", "Jon Ellery"),
}


@dataclass(frozen=True)
class SourceArticle:
    """One article of an evaluation corpus: its file, text, and what a page shows of it."""

    name: str  # file name in the corpus folder
    text: str  # the file as it is
    page: PageArticle
    front_matter: str  # the block added to the plain copy ("" when the file has one)


def read_articles(corpus_dir: Path) -> list[SourceArticle]:
    """Every article file of an evaluation corpus (``.txt``/``.md``), by name."""
    found = []
    for path in sorted(corpus_dir.iterdir()):
        if path.suffix not in (".txt", ".md"):
            continue
        text = path.read_text(encoding="utf-8")
        front = parse_front_matter(text)
        lines = [line.strip() for line in text[front.body_start :].splitlines()]
        lines = [line for line in lines if line]
        title = front.fields.get("title") or re.sub(r"^#+\s*", "", lines[0])
        if not front.fields.get("title") or _same(lines[0], title):
            lines = lines[1:]  # the title line is the page's headline, not a paragraph
        fields = front.fields
        added = ""
        if not fields:
            outlet, day, author = GIVEN[path.name]
            fields = {"title": title, "outlet": outlet, "date": day, "author": author}
            added = render_front_matter(fields) + "\n"
        page = PageArticle(
            slug=path.stem.replace("_", "-"),
            title=title,
            outlet=fields["outlet"],
            date=fields["date"],
            author=fields["author"],
            paragraphs=lines,
        )
        found.append(SourceArticle(path.name, text, page, added))
    return found


def _same(line: str, title: str) -> bool:
    return " ".join(re.sub(r"^#+\s*", "", line).split()) == " ".join(title.split())


def write_plain(articles: list[SourceArticle], folder: Path, *, metadata: bool) -> None:
    """The articles as text files; with ``metadata``, each one without front matter gets
    the block its page carries."""
    folder.mkdir(parents=True)
    for a in articles:
        prefix = a.front_matter if metadata else ""
        (folder / a.name).write_text(prefix + a.text, encoding="utf-8")


def html_name(name: str) -> str:
    return Path(name).stem + ".html"


def shifted(dataset: Dataset, articles: list[SourceArticle]) -> list[EvalItem]:
    """The dataset's items with evidence moved past the front matter added to the plain copy."""
    by_name = {a.name: len(a.front_matter) for a in articles}
    return [
        item.model_copy(
            update={
                "evidence": [
                    e.model_copy(
                        update={
                            "start": e.start + by_name[e.source],
                            "end": e.end + by_name[e.source],
                        }
                    )
                    for e in item.evidence
                ]
            }
        )
        for item in dataset.items
    ]


def moved_to_pages(dataset: Dataset, texts: dict[str, str]) -> tuple[list[EvalItem], int, int]:
    """The dataset's items with evidence found in the derived texts of the HTML pages.

    Args:
        dataset: the evaluation set (evidence in the plain files).
        texts: page file name -> the derived text its citations point into.

    Returns:
        The items, the evidence spans found, and those not found (left out).
    """
    found = lost = 0
    items = []
    for item in dataset.items:
        kept = []
        for e in item.evidence:
            source = html_name(e.source)
            span = _find(texts.get(source, ""), e.text)
            if span is None:
                lost += 1
                continue
            found += 1
            text = texts[source][span[0] : span[1]]
            kept.append(Evidence(source=source, start=span[0], end=span[1], text=text))
        items.append(item.model_copy(update={"evidence": kept}))
    return items, found, lost


def _find(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text``, any run of white space matching any other."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    match = re.search(pattern, text) if pattern else None
    return (match.start(), match.end()) if match else None
