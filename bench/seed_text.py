"""The bench's words: a Zipf vocabulary for titles and a few hundred cooked Markdown bodies."""

from __future__ import annotations

import random

DOMAIN_WORDS = """
speeding parking cars drugs dealing noise night bikes street park youths school
lorries scooters motorbikes theft phones shop station bus late road estate gangs
stolen vans litter graffiti fighting drinking alcohol shouting music party needles
cannabis smell alley garage burglary shed doors windows broken lights corner market
pavement cycling crossing junction traffic racing engines bins fireworks dogs begging
knives threats intimidation harassment scams doorstep callers catalytic converter
weekend morning evening residents children elderly neighbours playground underpass
tunnel bridge canal towpath footpath stairwell lift entrance car-park petrol takeaway
""".split()


def vocabulary() -> list[str]:
    from faker.providers.lorem.en_US import Provider

    words = list(dict.fromkeys(w.replace("-", "") for w in DOMAIN_WORDS))
    tail = [w for w in Provider.word_list if w.isalpha() and len(w) > 3 and w not in words]
    return words + tail


def zipf_weights(n: int, s: float = 1.0, q: float = 2.7) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights 1/(rank+q)^s, the usual fit for word frequencies:
    with this vocabulary the top word is in ~25 % of titles, the last in ~0.1 %."""
    cumulative, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1 / (rank + q) ** s
        cumulative.append(total)
    return cumulative


def cook_bodies(
    words: list[str], weights: list[float], rng: random.Random, count: int = 400
) -> list[tuple[str, str]]:
    """A few hundred Markdown bodies, cooked once. Their words come from ranks 20-600: the
    top words stay title words (so the frequent term is in a quarter of rows, not all) and the
    tail stays rare (only titles use it)."""
    from engage.text import render_markdown

    head, head_weights = words[20:600], zipf_weights(580)
    bodies = []
    for _ in range(count):
        paragraphs = []
        for _ in range(rng.randint(1, 3)):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                tokens = rng.choices(head, cum_weights=head_weights, k=rng.randint(6, 14))
                sentences.append(" ".join(tokens).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        if rng.random() < 0.3:
            paragraphs[0] = paragraphs[0].replace(" ", " **", 1).replace(".", "**.", 1)
        if rng.random() < 0.2:
            items = rng.choices(head, cum_weights=head_weights, k=3)
            paragraphs.append("\n".join(f"- {item} again" for item in items))
        source = "\n\n".join(paragraphs)
        bodies.append((source, render_markdown(source)))
    return bodies
