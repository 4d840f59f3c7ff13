"""A deterministic generator of realistic synthetic news articles with known answers.

Each article reports one event of one of several kinds (fire, council vote,
company results, court ruling, storm, election, study, transfer) in a
fictional place, with its own people, figures and dates, padded with
background paragraphs drawn from shared pools. Many articles share a kind, so
retrieval has to match names, places and figures, not just the topic. Each
article yields questions whose answer sentence is known exactly.

    python -m benchmarks.corpus_gen OUT_DIR --articles 300 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

FIRST = ("Amara Liesl Tomas Ingrid Rafael Noor Keiko Dmitri Selin Mateo Hana Oskar Priya "
         "Jonas Leila Farid Elena Viktor Ayla Bruno Mira Caspar Nadia Emil Sofia Yusuf Greta "
         "Idris Marta Felix Zara Anton Lucia Henrik Dalia Tariq Vera Milan Ines").split()
LAST = ("Okafor Brandt Moreau Lindqvist Haddad Novak Castillo Petrov Yilmaz Sato Fischer "
        "Almeida Kowalski Dubois Nakamura Osei Varga Romano Berg Aziz Holm Costa Kaur Weiss "
        "Jansen Marin Dahl Quinn Ferreira Sandoval Eriksen Mendez Ruiz Pajari Greco").split()
TOWNS = ("Port Alden|Harwick|Velmont|Kessing|Orrin Bay|Castlebrook|Dunmere|Eastgate|Lorvik|"
         "Marlow Heath|Norrby|Quillan|Redfern|Saltmarsh|Tavistock Vale|Ulvik|Westerly|"
         "Ashgrove|Brightwater|Coldharbour|Deepdale|Elmstead|Fairhaven|Glenrock|Hollowmere|"
         "Ironbridge|Juniper Falls|Kingsreach|Lakemont|Millbrook|Northcliff|Oakhurst|"
         "Pinecrest|Queensford|Riverton|Stonebridge|Thornbury|Upton Mills|Valewood|"
         "Whitecliff|Yarrow|Zennor").split("|")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October November "
          "December").split()
COMPANIES = ("Tessaro Freight|Halvard Foods|Corvin Steel|Lumen Grid|Ostara Textiles|"
             "Brightline Rail|Keel & Co|Sundale Dairy|Vantor Mining|Pellam Pharma").split("|")

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


@dataclass
class Fact:
    question: str
    answer_sentence: str
    answer: str


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _fire(rng: random.Random, town: str) -> tuple[str, list[str], list[Fact]]:
    chief, hurt, hours = _person(rng), rng.randint(2, 40), rng.randint(2, 14)
    building = rng.choice(["warehouse", "textile mill", "apartment block", "school", "depot"])
    day = rng.choice(DAYS)
    s1 = (f"A fire swept through a {building} in {town} on {day}, injuring {hurt} people "
          f"and forcing dozens of residents from nearby homes.")
    s2 = f"Fire chief {chief} said crews needed {hours} hours to bring the blaze under control."
    s3 = f"Investigators in {town} believe the fire started in an electrical cupboard."
    facts = [
        Fact(f"How many people were injured in the {building} fire in {town}?", s1, str(hurt)),
        Fact(f"Who is the fire chief who spoke about the {town} {building} fire?", s2, chief),
        Fact(f"Where did the {town} {building} fire start?", s3, "electrical cupboard"),
    ]
    return f"Fire Guts {building.title()} in {town}", [s1, s2, s3], facts


def _vote(rng: random.Random, town: str) -> tuple[str, list[str], list[Fact]]:
    mayor, yes, no = _person(rng), rng.randint(6, 15), rng.randint(1, 5)
    project = rng.choice(["footbridge", "tram line", "swimming pool", "bus depot", "library"])
    cost = round(rng.uniform(2, 90), 1)
    s1 = f"The {town} council voted {yes} to {no} on {rng.choice(DAYS)} to build a new {project}."
    s2 = f"The {project} will cost {cost} million euros, according to the finance committee."
    s3 = f"Mayor {mayor} called the {project} vote a turning point for {town}."
    facts = [
        Fact(f"How much will the new {project} in {town} cost?", s2, f"{cost} million"),
        Fact(f"How did the {town} council vote on the {project}?", s1, f"{yes} to {no}"),
        Fact(f"What did the mayor of {town} call the {project} vote?", s3, "turning point"),
    ]
    return f"{town} Council Backs New {project.title()}", [s1, s2, s3], facts


def _results(rng: random.Random, town: str) -> tuple[str, list[str], list[Fact]]:
    company, boss = rng.choice(COMPANIES), _person(rng)
    profit, jobs = rng.randint(5, 900), rng.randint(50, 2000)
    s1 = (f"{company} reported a profit of {profit} million euros for the year, "
          f"helped by strong demand at its {town} plant.")
    s2 = f"Chief executive {boss} said the company would hire {jobs} workers in {town}."
    facts = [
        Fact(f"What profit did {company} report, with its plant in {town}?", s1, str(profit)),
        Fact(f"How many workers will {company} hire in {town}?", s2, str(jobs)),
    ]
    return f"{company} Profits Rise on {town} Demand", [s1, s2], facts


def _storm(rng: random.Random, town: str) -> tuple[str, list[str], list[Fact]]:
    rain, homes = rng.randint(40, 300), rng.randint(100, 9000)
    month = rng.choice(MONTHS)
    s1 = f"A storm dropped {rain} millimetres of rain on {town} in {month}, the weather service said."
    s2 = f"Power was cut to {homes} homes in {town} after high winds brought down lines."
    facts = [
        Fact(f"How much rain fell on {town} during the storm?", s1, f"{rain} millimetres"),
        Fact(f"How many homes in {town} lost power in the storm?", s2, str(homes)),
    ]
    return f"Storm Batters {town}", [s1, s2], facts


def _study(rng: random.Random, town: str) -> tuple[str, list[str], list[Fact]]:
    lead, sites, pct = _person(rng), rng.randint(5, 60), rng.randint(3, 45)
    topic = rng.choice(["wild bees", "river otters", "school meals", "street trees", "sleep"])
    s1 = (f"Researchers at the University of {town} studied {topic} at {sites} sites over "
          f"three years.")
    s2 = f"The team found a {pct} percent improvement, said lead author {lead}."
    facts = [
        Fact(f"How many sites did the University of {town} study of {topic} cover?", s1,
             str(sites)),
        Fact(f"Who led the University of {town} study of {topic}?", s2, lead),
    ]
    return f"{town} Study Sheds Light on {topic.title()}", [s1, s2], facts


KINDS = [_fire, _vote, _results, _storm, _study]


def article(rng: random.Random, number: int) -> tuple[str, str, list[Fact]]:
    """One article's file name, text and facts."""
    town = rng.choice(TOWNS)
    title, event, facts = rng.choice(KINDS)(rng, town)
    background = rng.sample(BACKGROUND, k=rng.randint(4, 8)) + [
        _fill(t, rng, town) for t in rng.sample(CONTEXT, k=rng.randint(6, 10))
    ]
    paragraphs = [event[0]] + [" ".join(pair) for pair in _pairs(event[1:] + background, rng)]
    body = "\n\n".join(paragraphs)
    return f"article_{number:06d}.txt", f"{title}\n\n{body}\n", facts


def _fill(template: str, rng: random.Random, town: str) -> str:
    return template.format(
        person=_person(rng), town=town, other=rng.choice(TOWNS), n=rng.randint(2, 90),
        m=rng.randint(2, 90), year=rng.randint(1995, 2024), month=rng.choice(MONTHS),
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


def generate(out: Path, *, articles: int, seed: int) -> list[dict[str, str]]:
    """Write ``articles`` files to ``out`` and return the questions (also to questions.jsonl)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    questions = []
    for n in range(articles):
        name, text, facts = article(rng, n)
        (out / name).write_text(text, encoding="utf-8")
        for fact in facts:
            questions.append({"source": name, "question": fact.question,
                              "answer_sentence": fact.answer_sentence, "answer": fact.answer})
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
    args = parser.parse_args()
    questions = generate(args.out, articles=args.articles, seed=args.seed)
    print(f"wrote {args.articles} articles and {len(questions)} questions to {args.out}")


if __name__ == "__main__":
    main()
