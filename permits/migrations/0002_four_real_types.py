"""The four application types a London force takes online, with their units. Data, not code:
the admin edits them from here on (facts: shared/reference/police-api-and-x.md, section 4)."""

from django.db import migrations

UNITS = [
    ("public-order", "Public Order and Events Planning", "events.planning@engage.example"),
    ("film-unit", "Film Unit", "filmunit@engage.example"),
    ("firearms", "Firearms Licensing Unit", "firearms.licensing@engage.example"),
]

ORGANISER = "Who is organising it? We write to this person about it."

TYPES = [
    {
        "slug": "procession",
        "unit": "public-order",
        "order": 1,
        "name": "Notify us of a procession or march",
        "summary": "Organisers of a public procession must tell the police at least 6 clear "
        "days before it (Public Order Act 1986, section 11).",
        "guidance": "Tell us about a march, parade or other moving procession in public. This "
        "is the online version of the Met's form 3175. You do not need to tell us about a "
        "static protest or gathering.\n\nWe will acknowledge your notice and may contact you "
        "to plan the day with you. We may impose conditions to prevent serious disorder, "
        "damage or disruption.",
        "is_notification": True,
        "lead_days": 6,
        "late_notice": "The law asks for notice at least 6 clear days before a procession. "
        "When that is not reasonably practicable, notice must be given as soon as it is: we "
        "have accepted yours and will contact you quickly. Organising a procession without "
        "giving notice as soon as practicable can be an offence.",
        "fee": "There is no fee.",
        "how_to_pay": "",
        "review_days": 6,
        "publishable": True,
        "retention_days": 3 * 365,
        "questions": [
            ("moving", "Will the people taking part move along a route?", "choice",
             {"choices": "Yes, it is a march or procession that moves\nNo, it is a static "
              "protest or gathering in one place",
              "stop_answer": "No, it is a static protest or gathering in one place",
              "stop_reason": "There is no legal duty to notify the police of a static protest "
              "or gathering. You can still tell your neighbourhood team about it, or call 101 "
              "if you want to talk it through."}),
            ("title", "What is the procession called, or what is it for?", "text",
             {"hint": "This is how we will describe it.", "publish_as": "title"}),
            ("starts", "When does it start?", "datetime", {"publish_as": "starts"}),
            ("ends", "When do you expect it to end?", "datetime", {"publish_as": "ends"}),
            ("assembly", "Where will people gather before it starts?", "address",
             {"publish_as": "place"}),
            ("route", "What is the route?", "long_text",
             {"hint": "List the streets in order, from where it sets off to where it ends.",
              "publish_as": "route"}),
            ("numbers", "About how many people do you expect?", "text", {}),
            ("closures", "Which roads will need to close, and when?", "long_text",
             {"required": False, "publish_as": "closures",
              "hint": "Leave this empty if none will."}),
            ("stewards", "How many stewards will you have, and how can they be reached on "
             "the day?", "long_text", {}),
            ("organiser", ORGANISER, "person", {}),
        ],
    },
    {
        "slug": "filming",
        "unit": "film-unit",
        "order": 2,
        "name": "Ask for police presence when filming",
        "summary": "For productions that need officers on set: weapons, police uniforms or "
        "vehicles, crime scenes, filming on the move or with drones.",
        "guidance": "The public needs no permit to film in public. Ask the Film Unit only if "
        "your filming needs police presence. Permission to film on a street usually comes "
        "from the council's film office, not the police.",
        "is_notification": False,
        "lead_days": 10,
        "late_notice": "The Film Unit asks for at least 10 clear days. We have your request "
        "and will tell you quickly whether officers can be found in time.",
        "fee": "Officers' time is charged at cost; the Film Unit quotes after reviewing.",
        "how_to_pay": "The Film Unit sends an invoice with its quote. Do not send card details "
        "in a message.",
        "review_days": 10,
        "publishable": False,
        "retention_days": 2 * 365,
        "questions": [
            ("involves", "Which of these will your filming involve?", "choice",
             {"choices": "Weapons or replica firearms\nActors dressed as police officers\n"
              "Replica police vehicles\nScenes of crime or violence\nNudity\nFilming from "
              "moving vehicles or a drone\nSomething that could affect public safety\nNone "
              "of these",
              "hint": "Choose the one that matters most; say more about the shoot later.",
              "stop_answer": "None of these",
              "stop_reason": "You do not need a permit to film in public, and your filming "
              "does not need police presence. Ask the council's film office if you need to "
              "use the street itself."}),
            ("production", "What is the production called?", "text", {}),
            ("company", "Which company is making it?", "text", {}),
            ("starts", "When does filming start?", "datetime", {"publish_as": "starts"}),
            ("ends", "When does filming end?", "datetime", {"publish_as": "ends"}),
            ("locations", "Where will you film?", "address", {}),
            ("scenes", "Describe the scenes that need police presence", "long_text", {}),
            ("risk_assessment", "Upload your risk assessment", "file",
             {"required": False, "hint": "A PDF or a photo of it, up to 10 MB."}),
            ("contact", "Who is the unit's contact for the police?", "person", {}),
        ],
    },
    {
        "slug": "firearms",
        "unit": "firearms",
        "order": 3,
        "name": "Apply for a firearm or shotgun certificate",
        "summary": "Grant or renewal of a firearm certificate or a shotgun certificate "
        "(referees and your GP's medical information needed).",
        "guidance": "Before you start you will need: the names and contact details of your "
        "referees (two for a firearm certificate, one for a shotgun certificate), a completed "
        "GP medical proforma from your doctor, and, for a renewal, your certificate number. "
        "Apply to renew at least 8 weeks before your certificate expires.",
        "is_notification": False,
        "lead_days": 0,
        "late_notice": "",
        "fee": "Firearm certificate: £88 grant, £62 renewal. Shotgun certificate: £79.50 "
        "grant, £49 renewal. Both together: ask us. (Check the current fees before paying.)",
        "how_to_pay": "We send a secure payment link by email when a licensing officer starts "
        "your review. Never send card details in a message.",
        "review_days": 112,
        "valid_years": 5,
        "publishable": False,
        "retention_days": 6 * 365,
        "questions": [
            ("certificate", "Which certificate are you applying for?", "choice",
             {"choices": "Firearm certificate\nShotgun certificate\nBoth"}),
            ("grant_or_renewal", "Is this a first certificate or a renewal?", "choice",
             {"choices": "Grant (a first certificate)\nRenewal"}),
            ("certificate_number", "What is your current certificate number?", "text",
             {"only_if": "grant_or_renewal=Renewal"}),
            ("prohibited", "Have you ever been sentenced to three years or more in prison?",
             "yes_no",
             {"hint": "Including a sentence you did not serve in full.",
              "stop_answer": "Yes",
              "stop_reason": "The Firearms Act 1968 (section 21) prohibits anyone sentenced to "
              "three years or more from possessing a firearm or ammunition at any time, so we "
              "cannot take your application. If you think this is wrong, seek legal advice."}),
            ("date_of_birth", "What is your date of birth?", "date", {}),
            ("home", "What is your home address?", "address",
             {"hint": "Where the guns will be kept, if that is somewhere else, say so in the "
              "storage question."}),
            ("reason", "Why do you need the certificate?", "long_text",
             {"hint": "For a firearm: your good reason for each gun (the land, the club, the "
              "sport). For a shotgun: what you shoot."}),
            ("storage", "How will you keep the guns and ammunition secure?", "long_text",
             {"hint": "For example a bolted cabinet to BS 7558, and where it is."}),
            ("gp", "Who is your GP?", "person",
             {"hint": "We ask your GP to confirm your medical information."}),
            ("medical_proforma", "Upload your GP's medical proforma", "file",
             {"hint": "The completed and signed form, as a PDF or a clear photo."}),
            ("referee_1", "Your first referee", "person",
             {"hint": "Someone who has known you for at least 2 years, is not a relative and "
              "lives in Great Britain."}),
            ("referee_2", "Your second referee", "person",
             {"required": False, "hint": "A firearm certificate needs two referees; a "
              "shotgun certificate needs one. Leave this empty if you need only one."}),
        ],
    },
    {
        "slug": "event",
        "unit": "public-order",
        "order": 4,
        "name": "Tell us about a public event you are organising",
        "summary": "Festivals, street parties, fun runs and other events in public places: "
        "so the neighbourhood team can plan for them.",
        "guidance": "Tell us about events that will bring people together in public. The "
        "council gives permission for road closures and premises licences; we need to know "
        "to keep the event and its neighbours safe.",
        "is_notification": True,
        "lead_days": 28,
        "late_notice": "We ask for at least 28 days' notice of an event, so it can be "
        "planned safely. We have your notice and will look at it quickly.",
        "fee": "There is no fee.",
        "how_to_pay": "",
        "review_days": 14,
        "publishable": True,
        "retention_days": 2 * 365,
        "questions": [
            ("title", "What is the event called?", "text", {"publish_as": "title"}),
            ("what", "What kind of event is it?", "choice",
             {"choices": "Street party\nFestival or fair\nSporting event or fun run\n"
              "Concert or performance\nSomething else"}),
            ("attendance", "How many people do you expect at once?", "choice",
             {"choices": "Fewer than 500\n500 to 4,999\n5,000 or more"}),
            ("starts", "When does it start?", "datetime", {"publish_as": "starts"}),
            ("ends", "When does it end?", "datetime", {"publish_as": "ends"}),
            ("place", "Where is it?", "address", {"publish_as": "place"}),
            ("closures", "Which roads will be closed, and has the council agreed?", "long_text",
             {"required": False, "publish_as": "closures",
              "hint": "Leave this empty if none will."}),
            ("plan", "Upload your event management plan", "file",
             {"required": False, "hint": "If you have one: a PDF, up to 10 MB."}),
            ("organiser", ORGANISER, "person", {}),
        ],
    },
]


# Unapplied, nothing to undo row by row: unapplying 0001 next drops the tables.
def add_types(apps, schema_editor):
    LicensingUnit = apps.get_model("engage", "LicensingUnit")
    ApplicationType = apps.get_model("permits", "ApplicationType")
    Question = apps.get_model("permits", "Question")
    units = {}
    for slug, name, email in UNITS:
        units[slug], _ = LicensingUnit.objects.get_or_create(
            slug=slug, defaults={"name": name, "email": email}
        )
    for spec in TYPES:
        spec = dict(spec)
        questions = spec.pop("questions")
        unit = units[spec.pop("unit")]
        kind, created = ApplicationType.objects.get_or_create(
            slug=spec["slug"], defaults={**spec, "unit": unit}
        )
        if not created:
            continue
        for order, (key, label, qkind, extra) in enumerate(questions, start=1):
            Question.objects.create(
                type=kind, order=order * 10, key=key, label=label, kind=qkind, **extra
            )


class Migration(migrations.Migration):
    dependencies = [("permits", "0001_initial"), ("engage", "0007_licensingunit_licensingofficer")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
