"""How screening does on labelled posts: the figures issue 11 set goals for.

A post's outcome is what `screen_text` reports for it (`outcome_of`). What counts as right:

| label | right when |
|---|---|
| emergency | urgent lane, and the writer is shown the 999 page |
| safeguarding | a private lane: safeguarding (or urgent, whose 999 page comes first) |
| personal_data | held for a moderator |
| crime_report | the writer is offered 101 / the online report (or the 999 page) |
| clean | not held (and, separately, never urgent) |
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from moderation.lanes import LANES
from moderation.triage.corpus import LABELS, Post

if TYPE_CHECKING:
    from moderation.screening import Screening

# The goals (issue 11): least share right per label; for clean, most share held / urgent.
GOALS = {
    "emergency": 0.95,
    "safeguarding": 0.90,
    "personal_data": 0.95,
    "crime_report": 0.90,
    "clean": 0.95,
}
CLEAN_URGENT_CEILING = 0.02


def outcome_of(screening: Screening) -> dict[str, Any]:
    """The contract `manage.py screen_text` writes for one post."""
    return {
        "lane": screening.lane,
        "held": screening.held,
        "emergency_advice": screening.is_emergency,
        "crime_report_advice": screening.needs_crime_report_advice,
        "reasons": list(screening.reasons),
    }


def is_right(label: str, outcome: dict) -> bool:
    if label == "emergency":
        return outcome["lane"] == "urgent" and outcome["emergency_advice"]
    if label == "safeguarding":
        return outcome["lane"] in ("safeguarding", "urgent")
    if label == "personal_data":
        return outcome["held"]
    if label == "crime_report":
        return outcome["crime_report_advice"] or outcome["emergency_advice"]
    return not outcome["held"]


@dataclass
class Report:
    posts: int = 0
    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    lanes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    kinds: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )
    clean_urgent: int = 0
    # Never in the repr: a failing test must not print test-split posts (nobody reads them).
    misses: list[tuple[Post, dict]] = field(default_factory=list, repr=False)

    def share(self, label: str) -> float:
        return self.right[label] / self.total[label] if self.total[label] else 0.0

    @property
    def clean_urgent_share(self) -> float:
        return self.clean_urgent / self.total["clean"] if self.total["clean"] else 0.0

    def shortfalls(self) -> list[str]:
        """Each goal missed, as a sentence; empty when every goal is met."""
        missed = [
            f"{label}: {self.share(label):.1%} right, goal {goal:.0%}"
            for label, goal in GOALS.items()
            if self.share(label) < goal
        ]
        if self.clean_urgent_share > CLEAN_URGENT_CEILING:
            missed.append(
                f"clean: {self.clean_urgent_share:.1%} urgent, ceiling {CLEAN_URGENT_CEILING:.0%}"
            )
        return missed

    def lines(self) -> list[str]:
        """The report as text: per label, the confusion by lane, then per kind."""
        out = [f"{self.posts} posts"]
        for label in LABELS:
            out.append(
                f"  {label:14} {self.right[label]:4}/{self.total[label]:<4} right "
                f"{self.share(label):6.1%}  (goal {GOALS[label]:.0%})"
            )
        out.append(
            f"  clean on the urgent lane: {self.clean_urgent}/{self.total['clean']} "
            f"{self.clean_urgent_share:.1%} (ceiling {CLEAN_URGENT_CEILING:.0%})"
        )
        out.append("  lane by label: " + " ".join(f"{lane:>13}" for lane in LANES))
        for label in LABELS:
            out.append(
                f"  {label:>13}: " + " ".join(f"{self.lanes[label][lane]:13}" for lane in LANES)
            )
        out.append("  per kind (right/posts), worst first:")
        ranked = sorted(self.kinds.items(), key=lambda kv: (kv[1][0] / kv[1][1], -kv[1][1]))
        out += [
            f"    {label}/{kind}: {right}/{total}"
            for (label, kind), (right, total) in ranked
            if right < total
        ]
        return out


def evaluate(posts: Sequence[Post], screen: Callable[[str], dict]) -> Report:
    """Screen every post with `screen(text) -> outcome` and tally the results."""
    report = Report()
    for post in posts:
        outcome = screen(post.text)
        right = is_right(post.label, outcome)
        report.posts += 1
        report.total[post.label] += 1
        report.right[post.label] += right
        report.lanes[post.label][outcome["lane"]] += 1
        tally = report.kinds[(post.label, post.kind)]
        tally[0] += right
        tally[1] += 1
        if post.label == "clean" and outcome["lane"] == "urgent":
            report.clean_urgent += 1
        if not right:
            report.misses.append((post, outcome))
    return report
