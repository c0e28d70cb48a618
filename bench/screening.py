"""Screening latency in the request: `python -m bench.screening [--rounds N]`.

Times `moderation.screening.screen_in_request()` (what a submit runs: the first
IN_REQUEST_CHARS in the request, the rest in the background) and `screen()` (the whole post, what
the background re-screen runs) on 5,000-character posts (built from the training
corpus's own posts, so the words are residents' words, not filler) and, interleaved round by
round on the same posts, the baseline: the pattern detectors alone (`moderation.screening._run`,
what screening cost before the triage model). Prints p50, p99 and max per call for both and the
ratio of the p99s; the budget (issue 11) is p99 under 10 ms in the request for 5,000 characters.
Needs no database or Redis.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time


def posts_of(length: int, count: int, seed: int = 11) -> list[str]:
    from moderation.triage import corpus

    texts = [post.text for post in corpus.load("train")]
    rng = random.Random(seed)
    posts = []
    for _ in range(count):
        parts, size = [], 0
        while size < length:
            parts.append(rng.choice(texts))
            size += len(parts[-1]) + 2
        posts.append("\n\n".join(parts)[:length])
    return posts


def timed(call, posts: list[str], clock) -> list[float]:
    out = []
    for post in posts:
        started = clock()
        call(post)
        out.append((clock() - started) * 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--posts", type=int, default=200, help="posts per round")
    parser.add_argument("--length", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from moderation import screening
    from moderation.triage import model as triage

    triage.current()  # load the model once, as a worker process does at its first post
    posts = posts_of(args.length, args.posts)
    figures = {
        (name, clock): []
        for name in ("in request", "screen()", "detectors only")
        for clock in ("wall", "cpu")
    }
    calls = {
        "in request": lambda text: screening.screen_in_request(text, title="A concern"),
        "screen()": lambda text: screening.screen(text, title="A concern"),
        "detectors only": lambda text: screening._run(text, "text", ()),
    }
    clocks = {"wall": time.perf_counter, "cpu": time.process_time}
    for number in range(1, args.rounds + 1):  # interleaved: baseline, ours, ours, baseline
        order = list(calls) if number % 2 else list(reversed(calls))
        for name in order:
            for clock in clocks:
                figures[name, clock] += timed(calls[name], posts, clocks[clock])
        print(
            f"round {number}/{args.rounds}: in-request p99 so far "
            f"{percentile(figures['in request', 'cpu'], 0.99):.2f} ms CPU",
            flush=True,
        )
    print(
        f"\n{args.rounds * args.posts} calls of {args.length} characters each, per clock "
        f"(wall: what a resident waits; cpu: this process's own time, which a busy machine "
        f"does not inflate)"
    )
    print(f"{'':28}{'p50':>8}{'p99':>8}{'max':>8}  (ms)")
    for (name, clock), values in figures.items():
        print(
            f"{name + ' ' + clock:28}{statistics.median(values):8.2f}"
            f"{percentile(values, 0.99):8.2f}{max(values):8.2f}"
        )
    for clock in clocks:
        base = percentile(figures["detectors only", clock], 0.99)
        for name in ("in request", "screen()"):
            ours = percentile(figures[name, clock], 0.99)
            print(
                f"{clock}: {name} p99 {ours / base:.2f}x the detectors alone"
                + (
                    f"; budget p99 < 10 ms: {'met' if ours < 10 else 'MISSED'}"
                    if name == "in request"
                    else ""
                )
            )


if __name__ == "__main__":
    main()
