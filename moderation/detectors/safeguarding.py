"""Safeguarding: domestic abuse, a child or vulnerable adult at risk, self-harm.

These posts go to a private lane for trained staff and are never published; the author is told
what happens next. Self-harm is also an emergency (`moderation.detectors.emergency`), and the
urgent lane wins: the 999 advice comes first, the safeguarding finding stays on the item for the
referral that follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import SAFEGUARDING, WORD_START, Context, Finding, phrase_findings

SELF_HARM = r"""(?P<self_harm>(?:
    kill(?:ing)?[ ]+myself|end(?:ing)?[ ]+(?:my[ ]+(?:own[ ]+)?life|it[ ]+all)
   |take[ ]+my[ ]+(?:own[ ]+)?life|suicid(?:e|al)|(?:want|wanting|going)[ ]+to[ ]+die
   |don['’]?t[ ]+want[ ]+to[ ]+(?:live|be[ ]+alive|be[ ]+here[ ]+any[ ]?more)
   |self[ \-]?harm(?:ing)?|(?:hurt|hurting|cut|cutting|harm|harming)[ ]+myself
   |overdos(?:e|ed|ing)|no[ ]+reason[ ]+to[ ]+live)\b)"""  # for WORD_START re.X patterns only
_ABUSER = (r"(?:partner|husband|wife|boyfriend|girlfriend|ex|fianc[eé]e?|dad|father|mum|mother"
           r"|stepdad|stepmum|son)")
_BLOWS = (r"(?:hits|hit|beats|beat|punches|punched|kicks|kicked|chokes|choked|strangles"
          r"|strangled|slaps|slapped|hurts|hurt|pushes|pushed|rapes|raped|threatens|threatened"
          r"|controls)")
_HABIT = r"(?:often[ ]+|keeps[ ]+|always[ ]+|has[ ]+)?"
_CHILD = r"(?:child|children|kids?|baby|babies|toddlers?)"
# "the children next door are being ...", "the woman upstairs screaming"
_WHERE = r"(?:[ ]+(?:next[ ]+door|upstairs|downstairs|opposite|over[ ]+the[ ]+road))?"
_SAFEGUARDING = re.compile(rf"""{WORD_START}(?:
    (?P<domestic>
      (?:my[ ]+)?{_ABUSER}[ ]+{_HABIT}{_BLOWS}[ ]+me\b
     |(?:he|she)[ ]+{_HABIT}{_BLOWS}[ ]+me\b
     |coercive(?:[ ]+control(?:ling)?)?\b
     |domestic[ ]+(?:abuse|violence)\b
     |controlling[ ]+(?:behaviou?r|partner|husband|boyfriend|wife|girlfriend)\b
     |won['’]?t[ ]+let[ ]+me[ ]+(?:leave|go[ ]+out|see|have)\b
     |(?:scared|afraid|frightened|terrified)[ ]+of[ ]+(?:my[ ]+)?
        (?:partner|husband|boyfriend|wife|girlfriend|ex)\b
     |hear(?:d|ing)?[ ]+(?:a[ ]+woman|a[ ]+child|a[ ]+kid|her|him|the[ ]+kids?
        |the[ ]+children|the[ ]+baby|the[ ]+woman){_WHERE}[ ]+
        (?:screaming|crying[ ]+for[ ]+help|being[ ]+(?:hit|beaten))\b)
   |(?P<child>
      (?:{_CHILD}|boy|girl|son|daughter){_WHERE}[ ]+(?:is|are|was|were|keeps?|being)[ ]+
        (?:being[ ]+)?(?:hit|beaten|abused|neglected|hurt|groomed|exploited|starved
        |locked[ ]+in|left[ ]+(?:home[ ]+)?alone)\b
     |{_CHILD}\b[^.!?\n]{{0,60}}?\bleft[ ]+(?:home[ ]+|on[ ]+their[ ]+own[ ]+)?alone\b
     |(?:left|leave|leaves|leaving)[ ]+(?:the[ ]+|their[ ]+|her[ ]+|his[ ]+)?{_CHILD}[ ]+
        (?:home[ ]+|on[ ]+their[ ]+own[ ]+)?alone\b
     |{_CHILD}{_WHERE}[ ]+(?:is|are)[ ]+being\b
     |under[ \-]?age\b
     |(?<!dog[ ])(?<!pet[ ])(?<!dogs[ ])\bgroom(?:ing|ed|s)\b
     |child[ ]+(?:sexual[ ]+)?exploitation\b|cse\b
     |cuckoo(?:ing|ed)\b|modern[ ]+slavery\b
     |(?<!drug[ ])(?<!drugs[ ])\b(?:human[ ]+|people[ ]+|sex[ ]+)?traffick(?:ing|ed)\b
     |vulnerable[ ]+(?:adult|child|person|woman|man|girl|boy|neighbou?r)s?\b
     |no[ ]+food[ ]+in[ ]+the[ ]+(?:house|flat)\b)
   |{SELF_HARM}
)""", re.X)
_REASONS = {
    "domestic": "Sounds like domestic abuse: this goes privately to trained staff",
    "child": "Sounds like a child or vulnerable person at risk: this goes privately to trained "
             "staff",
    "self_harm": "Talks about self-harm or suicide: this goes privately to trained staff",
}


def safeguarding(text: str, context: Context) -> Iterator[Finding]:
    yield from phrase_findings(_SAFEGUARDING, text, context, detector="safeguarding",
                               lane=SAFEGUARDING, reasons=_REASONS)
