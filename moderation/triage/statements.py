"""Statements that decide a lane on their own, whatever the model weighs.

The model learns situations from how residents describe them, and the corpus's writers (like
most residents) describe self-harm indirectly; a blunt "I want to kill myself" is rare in it,
and its words ("kill", "want to") mostly appear in idioms there. A plain statement of wanting
to die must never depend on a model's arithmetic, so it is recognised here by composition: a
person (I, he, she, my son...) + wanting to die or to end their life, and no sign of a joke
("laughing", "lol", "if Arsenal lose"). Measured on the train split: every post it matches is
safeguarding or an emergency; none is ordinary.

With a sign that it is about to happen (tonight, now, "going to", pills or a rope at hand) it
is an emergency: the 999 page first, as for anyone in danger now.
"""

from __future__ import annotations

import re

from moderation.triage.features import normalise

_SELF = r"(?:my|him|her|them|your|our)sel(?:f|ves)"
_WANTING_TO_DIE = re.compile(
    rf"""\b(?:
    kill(?:ing)?[ ]{_SELF}|end(?:ing)?[ ](?:my|his|her|their)[ ](?:own[ ])?li(?:fe|ves)
   |take[ ](?:my|his|her|their)[ ](?:own[ ])?li(?:fe|ves)|suicidal
   |(?:want|wants|wanted|wanting)[ ]to[ ]die|wanna[ ]die
   |(?:don'?t|do[ ]not|doesn'?t)[ ]want[ ]to[ ](?:live|be[ ]alive|be[ ]here[ ]any[ ]?more)
   |(?:hang|hanging|drown|drowning|hurting|cutting|harming)[ ]{_SELF}
   |self[ -]?harm(?:ing|ed)?|take[ ](?:an[ ])?overdose|jump[ ]in[ ]front[ ]of
)\b""",
    re.X,
)
_JOKING = re.compile(
    r"\b(?:laugh\w*|lol|lmao|haha\w*|joking|kidding|if[ ]\w+[ ]los[et]\w*|"
    r"embarrass\w*|cringe|😂|🤣)\b"
)
_ABOUT_TO = re.compile(
    r"\b(?:now|tonight|right now|going to|gonna|about to|today|pills|"
    r"tablets|rope|bridge|ledge|goodbye|said goodbye|note)\b"
)


def wanting_to_die(text: str) -> str | None:
    """ "now" when someone says they want to die and that it may happen now, "said" when they
    say it without that, None otherwise. Read per sentence, joking sentences skipped."""
    found = None
    for sentence in re.split(r"[.!?\n]+", normalise(text)):
        if _WANTING_TO_DIE.search(sentence) and not _JOKING.search(sentence):
            if _ABOUT_TO.search(sentence):
                return "now"
            found = "said"
    return found
