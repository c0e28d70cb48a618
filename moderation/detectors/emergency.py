"""Emergency language: danger now, weapons, threats to life, someone at the door, self-harm.

A post that trips this is never published automatically: before it is accepted the resident is
told to call 999 (or text relay 18000), and the post goes on the urgent lane. The words are
matched at submission and shown to the author and moderators only, never pushed to other
residents (the Samaritans Radar lesson).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import URGENT, WORD_START, Context, Finding, phrase_findings
from moderation.detectors.safeguarding import SELF_HARM

_OBJECT = (r"(?:me|us|you|him|her|them|my[ ]+\w+|our[ ]+\w+|his[ ]+\w+|someone|somebody"
           r"|everyone)")
_EMERGENCY = re.compile(rf"""{WORD_START}(?:
    (?P<now>(?:happening[ ]+(?:right[ ]+)?now|right[ ]+now|as[ ]+we[ ]+speak
       |at[ ]+this[ ]+(?:very[ ]+)?moment|this[ ]+(?:very[ ]+)?minute|in[ ]+progress
       |(?:please[ ]+)?(?:send|need)[ ]+(?:help|the[ ]+police|police|an?[ ]+ambulance)
        [ ]+(?:now|quick|quickly|asap)
       |call[ ]+(?:an?[ ]+)?ambulance|please[ ]+(?:come|hurry)[ ]+(?:now|quick|quickly))\b)
   |(?P<weapon>(?:knife|knives|machetes?|firearms?|pistols?|shotguns?|rifles?|crossbows?
       |swords?|blades?|stabbed|stabbing|been[ ]+shot|shots[ ]+fired|gun[ ]?shots?|gunfire
       |(?<!glue[ ])(?<!nail[ ])(?<!water[ ])(?<!nerf[ ])(?<!heat[ ])(?<!staple[ ])
        (?<!spray[ ])guns?
       |acid(?![ ]+(?:house|jazz|reflux|rain|test))
       |shooting(?![ ]+up))\b
       (?![ \-]+(?:crime|amnesty|bins?|arch|surrender|sweep|awareness)))
   |(?P<threat>(?:
        (?:going[ ]+to|gonna|will|would|threaten(?:ed|ing|s)?[ ]+to|wants?[ ]+to|tried[ ]+to
          |trying[ ]+to|swore[ ]+to|promised[ ]+to
          |said[ ]+(?:he|she|they)(?:['’]d|[ ]+would|[ ]+will|['’]ll))
        [ ]+(?:kill|stab|shoot|murder|hurt|burn|torch|petrol[ ]+bomb)[ ]+{_OBJECT}
       |threat(?:s|ened|ening)?[ ]+to[ ]+(?:my|our|his|her|their)[ ]+lives?
       |death[ ]+threats?|threat(?:s|ened|ening)?[ ]+to[ ]+kill
       |fear(?:ing)?[ ]+for[ ]+(?:my|our|his|her|their)[ ]+(?:life|lives|safety)
       |scared[ ]+for[ ]+(?:my|our)[ ]+(?:life|lives))\b)
   |(?P<presence>(?:
        (?:he|she|they|someone|somebody|a[ ]+man|a[ ]+woman|men|people|the[ ]+man)
        (?:['’]s|[ ]+is|['’]re|[ ]+are)[ ]+(?:(?:still|now|right)[ ]+)?
        (?:outside|at[ ]+(?:my|the|our)[ ]+(?:door|window|gate)
          |in[ ]+(?:my|our|the)[ ]+(?:house|flat|garden|home|hallway)
          |trying[ ]+to[ ]+(?:get|break|force[ ]+(?:their|his|her|a)[ ]+way)[ ]+in
          |breaking[ ]+in|banging[ ]+on|kicking[ ]+(?:in|down)|following[ ]+me)
       |break(?:ing)?[ ]+in(?:to[ ]+(?:my|our|the)[ ]+\w+)?[ ]+(?:right[ ]+)?now
       |trying[ ]+to[ ]+(?:break|kick|force)[ ]+(?:the[ ]+door[ ]+|my[ ]+door[ ]+)?
        (?:in|down|open)
       |kicking[ ]+(?:my|our|the)[ ]+door[ ]+(?:in|down)
       |banging[ ]+on[ ]+(?:my|our|the)[ ]+(?:door|window)s?)\b)
   |(?P<injury>(?:
        (?:is|are|he['’]s|she['’]s|they['’]re)[ ]+
        (?:bleeding|unconscious|not[ ]+breathing|collapsed)
       |being[ ]+(?:attacked|stabbed|beaten(?:[ ]+up)?|assaulted|kidnapped|chased|robbed
          |mugged)
       |(?:is|are)[ ]+on[ ]+fire)\b)
   |{SELF_HARM}
)""", re.X)
_REASONS = {
    "now": "Says something is happening now: call 999 in an emergency",
    "weapon": "Mentions a weapon: call 999 if anyone is in danger",
    "threat": "Mentions a threat to someone's life or safety: call 999",
    "presence": "Says someone is there now: call 999 if you are in danger",
    "injury": "Says someone is hurt or being attacked: call 999",
    "self_harm": "Talks about self-harm or suicide: call 999, or Samaritans on 116 123",
}


def emergency(text: str, context: Context) -> Iterator[Finding]:
    yield from phrase_findings(_EMERGENCY, text, context, detector="emergency", lane=URGENT,
                               reasons=_REASONS)
