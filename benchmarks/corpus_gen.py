"""A deterministic generator of realistic synthetic news articles with known answers.

Each article reports one event of one of five kinds (fire, council vote,
company results, storm, study) in a fictional place, with its own people,
figures and dates, padded with background paragraphs drawn from shared pools.
Many articles share a kind, so retrieval has to match names, places and
figures, not just the topic. Each article yields questions whose answer
sentence is known exactly; a question that fits two articles is dropped.

The default ("classic") corpus draws from 42 towns and undated events: past a
few thousand articles almost every question fits several articles and is
dropped (1,000 articles keep 906 questions, 10,000 keep 50). ``wide=True``
draws each article's town from about 90,000 generated names and dates its
event, naming the date in the text and in the questions, so 100,000 articles
keep nearly all their questions. The classic output is unchanged (same seed,
same files); the wide one is a different corpus, deterministic too.

    python -m benchmarks.corpus_gen OUT_DIR --articles 300 --seed 7 [--wide] [--per-folder 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FIRST = (
    "Amara Liesl Tomas Ingrid Rafael Noor Keiko Dmitri Selin Mateo Hana Oskar Priya "
    "Jonas Leila Farid Elena Viktor Ayla Bruno Mira Caspar Nadia Emil Sofia Yusuf Greta "
    "Idris Marta Felix Zara Anton Lucia Henrik Dalia Tariq Vera Milan Ines"
).split()
LAST = (
    "Okafor Brandt Moreau Lindqvist Haddad Novak Castillo Petrov Yilmaz Sato Fischer "
    "Almeida Kowalski Dubois Nakamura Osei Varga Romano Berg Aziz Holm Costa Kaur Weiss "
    "Jansen Marin Dahl Quinn Ferreira Sandoval Eriksen Mendez Ruiz Pajari Greco"
).split()
TOWNS = (
    "Port Alden|Harwick|Velmont|Kessing|Orrin Bay|Castlebrook|Dunmere|Eastgate|Lorvik|"
    "Marlow Heath|Norrby|Quillan|Redfern|Saltmarsh|Tavistock Vale|Ulvik|Westerly|"
    "Ashgrove|Brightwater|Coldharbour|Deepdale|Elmstead|Fairhaven|Glenrock|Hollowmere|"
    "Ironbridge|Juniper Falls|Kingsreach|Lakemont|Millbrook|Northcliff|Oakhurst|"
    "Pinecrest|Queensford|Riverton|Stonebridge|Thornbury|Upton Mills|Valewood|"
    "Whitecliff|Yarrow|Zennor"
).split("|")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
COMPANIES = (
    "Tessaro Freight|Halvard Foods|Corvin Steel|Lumen Grid|Ostara Textiles|"
    "Brightline Rail|Keel & Co|Sundale Dairy|Vantor Mining|Pellam Pharma"
).split("|")

# Background sentences with their own names and figures: distractors, as in real reporting.
CONTEXT = [
    "{person}, who has lived in {town} for {n} years, said the street had never been so busy.",
    "The {town} chamber of commerce counts {n} member businesses, up from {m} a decade ago.",
    "Councillor {person} said the town had asked the region for help {n} times since {year}.",
    "A similar incident in {other} in {year} led to a review that took {n} months.",
    "{person}, a spokesperson for the regional authority, said the review would start in {month}.",
    "Schools in {town} opened as usual on {day}, the education office said.",
    "About {n} people attended a public meeting at the {town} community hall.",
    "The regional newspaper reported that {n} complaints had been filed since {month}.",
    "{person} of the residents' association said the town deserved clear answers.",
    "Rail services between {town} and {other} ran with delays of up to {n} minutes.",
    "The last comparable event in {town} was in {year}, according to local archives.",
    "Local historian {person} said the old harbour district dates from the {n}00s.",
]

BACKGROUND = [
    "Local officials said they would publish a full report in the coming weeks.",
    "The area has grown quickly over the past decade, drawing families from the capital.",
    "Residents said they had raised similar concerns at public meetings last year.",
    "Opposition members called for an independent review of how the matter was handled.",
    "The regional government has promised to release more funding before the winter.",
    "Several businesses on the high street stayed closed for the rest of the day.",
    "A spokesperson for the national ministry declined to comment on the details.",
    "Community groups organised a meeting at the town library on the following evening.",
    "The town's population has risen by almost a fifth since the last census.",
    "Traffic was diverted around the centre for several hours, the police said.",
    "Officials stressed that the figures were provisional and could still change.",
    "Neighbouring councils have faced similar questions over the past two years.",
]


# Wide mode: towns are "[qualifier ]<first><second>[ suffix]", about 90,000 names.
_QUALIFIERS = [
    "",
    *(f"{q} " for q in "North South East West Upper Lower Great Little Old New".split()),
]
_FIRST_PARTS = (
    "Ash Alder Birch Brack Bright Brook Castle Cedar Cold Deep Dun East Elm Fair Fern "
    "Glen Gold Har Hazel Hollow Holly Iron Juniper Kes King Lake Lor Marl Mill Nor "
    "North Oak Orr Pine Queen Quil Red River Salt Stone Tav Thorn Ulv Upton Vale Vel "
    "West White Wick Yarrow"
).split()
_SECOND_PARTS = (
    "bury ford mere wick stead dale field gate haven hurst ley mouth port ridge stow "
    "ton wood worth brook bridge cliff cross holm moor thorpe well by combe"
).split()
_SUFFIXES = ["", " Bay", " Falls", " Heath", " Mills", " Vale"]
_FIRST_DAY = dt.date(2000, 1, 1)
_DAYS_SPAN = (dt.date(2024, 12, 31) - _FIRST_DAY).days


@lru_cache(maxsize=1)
def wide_towns() -> tuple[str, ...]:
    """The wide mode's town names, in a fixed order."""
    return tuple(
        f"{q}{a}{b}{s}"
        for q in _QUALIFIERS
        for a in _FIRST_PARTS
        for b in _SECOND_PARTS
        for s in _SUFFIXES
    )


@dataclass(frozen=True)
class When:
    """The date of a wide-mode event, as the text and the questions name it."""

    date: dt.date

    @property
    def day(self) -> str:
        """'Monday 3 March 2021': where the classic text says 'Monday'."""
        return f"{DAYS[self.date.weekday()]} {self.short}"

    @property
    def short(self) -> str:
        return f"{self.date.day} {MONTHS[self.date.month - 1]} {self.date.year}"

    @property
    def on(self) -> str:
        """' on 3 March 2021': appended to a question."""
        return f" on {self.short}"


def _when(rng: random.Random) -> When:
    return When(_FIRST_DAY + dt.timedelta(days=rng.randint(0, _DAYS_SPAN)))


@dataclass
class Fact:
    question: str
    answer_sentence: str
    answer: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


Event = tuple[str, list[str], list[Fact]]  # title, event sentences (lead first), facts


def _fire(rng: random.Random, town: str, when: When | None = None) -> Event:
    chief, hurt, hours = _person(rng), rng.randint(2, 40), rng.randint(2, 14)
    building = rng.choice(["warehouse", "textile mill", "apartment block", "school", "depot"])
    day = when.day if when else rng.choice(DAYS)
    on = when.on if when else ""
    s1 = (
        f"A fire swept through a {building} in {town} on {day}, injuring {hurt} people "
        f"and forcing dozens of residents from nearby homes."
    )
    s2 = f"Fire chief {chief} said crews needed {hours} hours to bring the blaze under control."
    s3 = f"Investigators in {town} believe the fire started in an electrical cupboard."
    facts = [
        Fact(f"How many people were injured in the {building} fire in {town}{on}?", s1, str(hurt)),
        Fact(f"Who is the fire chief who spoke about the {town} {building} fire{on}?", s2, chief),
        Fact(f"Where did the {town} {building} fire{on} start?", s3, "electrical cupboard"),
    ]
    return f"Fire Guts {building.title()} in {town}", [s1, s2, s3], facts


def _vote(rng: random.Random, town: str, when: When | None = None) -> Event:
    mayor, yes, no = _person(rng), rng.randint(6, 15), rng.randint(1, 5)
    project = rng.choice(["footbridge", "tram line", "swimming pool", "bus depot", "library"])
    cost = round(rng.uniform(2, 90), 1)
    day = when.day if when else rng.choice(DAYS)
    on = when.on if when else ""
    voted = f", voted{on}," if when else ""
    s1 = f"The {town} council voted {yes} to {no} on {day} to build a new {project}."
    named = f"{town} {project}" if when else project  # wide: no line shared by two articles
    s2 = f"The {named} will cost {cost} million euros, according to the finance committee."
    s3 = f"Mayor {mayor} called the {project} vote a turning point for {town}."
    facts = [
        Fact(f"How much will the new {project} in {town}{voted} cost?", s2, f"{cost} million"),
        Fact(f"How did the {town} council vote on the {project}{on}?", s1, f"{yes} to {no}"),
        Fact(f"What did the mayor of {town} call the {project} vote{on}?", s3, "turning point"),
    ]
    return f"{town} Council Backs New {project.title()}", [s1, s2, s3], facts


def _results(rng: random.Random, town: str, when: When | None = None) -> Event:
    company, boss = rng.choice(COMPANIES), _person(rng)
    profit, jobs = rng.randint(5, 900), rng.randint(50, 2000)
    year = f"{when.date.year}" if when else "the year"
    after = f" after its {when.date.year} results" if when else ""
    s1 = (
        f"{company} reported a profit of {profit} million euros for {year}, "
        f"helped by strong demand at its {town} plant."
    )
    s2 = f"Chief executive {boss} said the company would hire {jobs} workers in {town}."
    report = f" for {year}" if when else ""
    facts = [
        Fact(
            f"What profit did {company} report{report}, with its plant in {town}?", s1, str(profit)
        ),
        Fact(f"How many workers will {company} hire in {town}{after}?", s2, str(jobs)),
    ]
    return f"{company} Profits Rise on {town} Demand", [s1, s2], facts


def _storm(rng: random.Random, town: str, when: When | None = None) -> Event:
    rain, homes = rng.randint(40, 300), rng.randint(100, 9000)
    month = rng.choice(MONTHS)
    period = f"on {when.day}" if when else f"in {month}"
    on = when.on if when else ""
    s1 = f"A storm dropped {rain} millimetres of rain on {town} {period}, the weather service said."
    s2 = f"Power was cut to {homes} homes in {town} after high winds brought down lines."
    facts = [
        Fact(f"How much rain fell on {town} during the storm{on}?", s1, f"{rain} millimetres"),
        Fact(f"How many homes in {town} lost power in the storm{on}?", s2, str(homes)),
    ]
    return f"Storm Batters {town}", [s1, s2], facts


def _study(rng: random.Random, town: str, when: When | None = None) -> Event:
    lead, sites, pct = _person(rng), rng.randint(5, 60), rng.randint(3, 45)
    topic = rng.choice(["wild bees", "river otters", "school meals", "street trees", "sleep"])
    span = f"between {when.date.year - 3} and {when.date.year}" if when else "over three years"
    of = f"{topic} {span}" if when else topic
    s1 = f"Researchers at the University of {town} studied {topic} at {sites} sites {span}."
    team = f"The {town} team" if when else "The team"  # wide: no line shared by two articles
    s2 = f"{team} found a {pct} percent improvement, said lead author {lead}."
    facts = [
        Fact(f"How many sites did the University of {town} study of {of} cover?", s1, str(sites)),
        Fact(f"Who led the University of {town} study of {of}?", s2, lead),
    ]
    return f"{town} Study Sheds Light on {topic.title()}", [s1, s2], facts


KINDS = [_fire, _vote, _results, _storm, _study]


def article(rng: random.Random, number: int, *, wide: bool = False) -> tuple[str, str, list[Fact]]:
    """One article's file name, text and facts (``wide``: see the module docstring)."""
    town = rng.choice(wide_towns() if wide else TOWNS)
    when = _when(rng) if wide else None
    title, event, facts = rng.choice(KINDS)(rng, town, when)
    background = rng.sample(BACKGROUND, k=rng.randint(4, 8)) + [
        _fill(t, rng, town) for t in rng.sample(CONTEXT, k=rng.randint(6, 10))
    ]
    paragraphs = [event[0]] + [" ".join(pair) for pair in _pairs(event[1:] + background, rng)]
    body = "\n\n".join(paragraphs)
    return f"article_{number:06d}.txt", f"{title}\n\n{body}\n", facts


def _fill(template: str, rng: random.Random, town: str) -> str:
    return template.format(
        person=_person(rng),
        town=town,
        other=rng.choice(TOWNS),
        n=rng.randint(2, 90),
        m=rng.randint(2, 90),
        year=rng.randint(1995, 2024),
        month=rng.choice(MONTHS),
        day=rng.choice(DAYS),
    )


def _pairs(sentences: list[str], rng: random.Random) -> list[list[str]]:
    rng.shuffle(sentences)
    out, i = [], 0
    while i < len(sentences):
        size = rng.randint(1, 3)
        out.append(sentences[i : i + size])
        i += size
    return out


def generate(
    out: Path, *, articles: int, seed: int, wide: bool = False, per_folder: int = 0
) -> list[dict[str, str]]:
    """Write ``articles`` files under ``out`` and return the questions.

    The questions are also written next to ``out``, to ``<out>.questions.jsonl``.

    Args:
        wide: many towns and dated events (see the module docstring).
        per_folder: when above 0, article ``n`` goes to the sub-folder
            ``n // per_folder`` (``0000/``, ``0001/``...) and its ``source`` is the
            relative path (``0001/article_001000.txt``), as the assistant names it.
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    questions = []
    for n in range(articles):
        name, text, facts = article(rng, n, wide=wide)
        source = f"{n // per_folder:04d}/{name}" if per_folder > 0 else name
        if per_folder > 0 and n % per_folder == 0:
            (out / source).parent.mkdir(exist_ok=True)
        (out / source).write_text(text, encoding="utf-8")
        for fact in facts:
            questions.append(
                {
                    "source": source,
                    "question": fact.question,
                    "answer_sentence": fact.answer_sentence,
                    "answer": fact.answer,
                }
            )
    # Two articles can report the same kind of event in the same town; a
    # question that fits both has no single right passage, so it is dropped.
    counts: dict[str, int] = {}
    for q in questions:
        counts[q["question"]] = counts.get(q["question"], 0) + 1
    questions = [q for q in questions if counts[q["question"]] == 1]
    with (out.parent / f"{out.name}.questions.jsonl").open("w") as fh:
        fh.writelines(json.dumps(q) + "\n" for q in questions)
    return questions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--wide", action="store_true", help="Many towns, dated events.")
    parser.add_argument(
        "--per-folder", type=int, default=0, help="Articles per sub-folder (0: one folder)."
    )
    args = parser.parse_args()
    questions = generate(
        args.out, articles=args.articles, seed=args.seed, wide=args.wide, per_folder=args.per_folder
    )
    print(f"wrote {args.articles} articles and {len(questions)} questions to {args.out}")


if __name__ == "__main__":
    main()
