"""Screening at submit (moderation.screening) measured on the synthetic corpus (tests/moderation/
corpus.py, written beside the detectors: the personal-data detectors' spans; its table prints
with `-s`), and its robustness: adversarial and naughty strings, text in disguise.

Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from moderation.screening import screen
from tests.moderation.corpus import PERSONAL_DATA_DETECTORS, build_corpus
from tests.moderation.screening import FINDING_NAMES

# --- the labelled corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


@pytest.fixture(scope="module")
def screened(corpus):
    return [(post, screen(post.text, recent_texts=post.recent_texts)) for post in corpus]


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def test_the_corpus_is_large_labelled_and_the_same_every_time(corpus):
    kinds = {
        kind: sum(post.kind == kind for post in corpus)
        for kind in ("clean", "personal_data", "emergency", "safeguarding", "abuse", "spam")
    }
    assert len(corpus) >= 500
    assert kinds["clean"] >= 250 and kinds["personal_data"] >= 250
    assert kinds["emergency"] >= 30 and kinds["safeguarding"] >= 20
    assert kinds["abuse"] >= 20 and kinds["spam"] >= 20
    for detector in PERSONAL_DATA_DETECTORS:
        assert sum(detector in post.labels for post in corpus) >= 20, detector
    assert len({post.text for post in corpus}) == len(corpus)
    assert build_corpus() == corpus


def test_corpus_figures_per_detector(screened):
    """Recall on the posts seeded for each detector, false alarms on clean posts; printed with
    -s. Every detector must find at least 90% of its posts."""
    clean_posts = [screening for post, screening in screened if post.kind == "clean"]
    lines = [
        f"{'detector':<18}{'posts':>6}{'found':>7}{'recall':>8}{'clean FP':>10}"
        f"{'FP rate':>9}{'elsewhere':>11}"
    ]
    recalls = {}
    for detector in sorted(FINDING_NAMES):
        labelled = [s for post, s in screened if detector in post.labels]
        hits = sum(detector in s.detectors for s in labelled)
        false_alarms = sum(detector in s.detectors for s in clean_posts)
        elsewhere = sum(
            detector in s.detectors
            for post, s in screened
            if post.kind != "clean" and detector not in post.labels
        )
        if labelled:  # named_person and social_handle have no seeds here (test_triage.py)
            recalls[detector] = share(hits, len(labelled))
        lines.append(
            f"{detector:<18}{len(labelled):>6}{hits:>7}"
            f"{recalls.get(detector, 0.0):>8.1%}"
            f"{false_alarms:>10}{share(false_alarms, len(clean_posts)):>9.1%}"
            f"{elsewhere:>11}"
        )
    print("\n" + "\n".join(lines))
    assert {d: r for d, r in recalls.items() if r < 0.9} == {}


def test_at_least_95_percent_of_posts_seeded_with_personal_data_are_held(screened):
    seeded = [s for post, s in screened if post.kind == "personal_data"]
    held = share(sum(s.held for s in seeded), len(seeded))
    print(f"\npersonal data held: {sum(s.held for s in seeded)}/{len(seeded)} = {held:.1%}")
    assert held >= 0.95


def test_at_most_5_percent_of_clean_posts_are_held(screened):
    clean_posts = [(post, s) for post, s in screened if post.kind == "clean"]
    held = [(post.text, sorted(s.detectors)) for post, s in clean_posts if s.held]
    print(
        f"\nclean held: {len(held)}/{len(clean_posts)} = {share(len(held), len(clean_posts)):.1%}"
    )
    for text, detectors in held:
        print(f"  {detectors}: {text}")
    assert share(len(held), len(clean_posts)) <= 0.05


def test_every_span_lies_within_its_text_and_covers_what_was_seeded(screened):
    for post, screening in screened:
        for finding in screening.findings:
            assert finding.field == "text"
            assert 0 <= finding.start <= finding.end <= len(post.text)
            if not finding.is_whole_text:
                assert post.text[finding.start : finding.end].strip(), finding
        for detector, value in post.seeds:
            start = post.text.index(value)
            assert any(
                f.start <= start and start + len(value) <= f.end
                for f in screening.findings
                if f.detector == detector
            ), (detector, value)


# --- robustness ---------------------------------------------------------------------------------

GENEROUS_SECONDS = 5


@pytest.fixture
def deadline():
    """Fail instead of hanging if screening runs into catastrophic backtracking (`re` checks for
    signals while it matches, so the alarm interrupts it)."""

    def expire(signum, frame):
        raise TimeoutError(f"screening took more than {GENEROUS_SECONDS}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, GENEROUS_SECONDS)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


ADVERSARIAL = {
    "a1-spaced": "a1 " * 1667,
    "zeros": "0" * 5000,
    "at-signs": "@" * 5000,
    "letters": "a" * 5000,
    "capitals": "A" * 5000,
    "digit-space": "1 " * 2500,
    "phone-ish": "07700 " * 834,
    "titles": "Mr " * 1667,
    "stars": "f*" * 2500,
    "dashes": "-" * 5000,
    "dots": "." * 5000,
    "local-at": "x@" * 2500,
    "capitalised": "Aa " * 1667,
    "sort-ish": "12-" * 1667,
    "www": "www." * 1250,
    "card-ish": "4111 " * 1000,
    "spelt-out": "f u " * 1250,
    "names": "John Smith " * 455,
    "plates": "AB12 " * 1000,
    "dob": "born " * 1000,
    "dealing": "Dealer Jo " * 500,
    "links": "a.com " * 834,
    "mixed": "Ab1@.-_*$ " * 500,
    "words": "knife right now 07700 NW1 7AB " * 167,
}


@pytest.mark.parametrize(
    "text", [pytest.param(text, id=name) for name, text in ADVERSARIAL.items()]
)
def test_adversarial_inputs_cannot_make_screening_backtrack_for_ever(text, deadline):
    screening = screen(text, title=text[:200], recent_texts=(text,))
    assert all(0 <= f.start <= f.end <= len(text) for f in screening.findings)


BLNS = Path(__file__).resolve().parents[1] / "corpora" / "blns" / "blns.json"


def test_the_big_list_of_naughty_strings_screens_without_error(deadline):
    for text in json.loads(BLNS.read_text(encoding="utf-8")):
        screening = screen(text, title=text)
        fields = {"text": text, "title": text}
        assert all(0 <= f.start <= f.end <= len(fields[f.field]) for f in screening.findings)


@pytest.mark.parametrize(
    "disguised",
    [
        "Call him on &#48;7700&#32;900123 after dark.",
        "Call him on ０７７００ ９００１２３ after dark.",
        "Call him on 0770\u200b0 900123 after dark.",
        "Call him on 07700 9001**23** after dark.",
        "Call him on <span>07700</span> 900123 after dark.",
        "Email jo＠example.com for the gear.",
    ],
)
def test_personal_data_written_in_disguise_is_still_held(disguised):
    result = screen(disguised)

    assert result.held and result.lane == "personal_data"
    assert any("disguise" in finding.reason for finding in result.findings)


def test_plain_text_is_not_screened_twice_for_nothing():
    result = screen("Bikes ridden fast on the pavement by the market every evening.")
    assert not result.findings
