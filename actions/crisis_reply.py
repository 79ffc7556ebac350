"""The crisis reply: reviewed text from the clinic profile, never written anywhere else.

Used by the crisis action (actions/safety.py) and by any other action that finds a
visitor may be in danger (e.g. the PHQ-9 item 9 rule). The reply asks no question,
so nothing else (a booking question, a form prompt) competes with the resources.
"""

from typing import List

from rasa_sdk.executor import CollectingDispatcher

from clinic.profile import load_profile


def crisis_messages(
    about_other: bool = False, spanish: bool = False, minor: bool = False, in_spanish: bool = False
) -> List[str]:
    """The crisis reply as chat bubbles, framed for the visitor or for someone they
    worry about; `spanish` adds 988's Spanish line, `minor` the trusted-adult line;
    `in_spanish` gives the whole reply in Spanish (a Spanish conversation, issue 19)."""
    profile = load_profile()
    # Both wordings have the same parts (clinic.yml `crisis` and `spanish.crisis`).
    wording = profile.spanish.crisis if in_spanish else profile.crisis
    resources = crisis_lines_es() if in_spanish else crisis_lines(spanish)
    if about_other:
        resources.append(wording.helping_other)
    elif minor:
        resources.append(wording.minor)
    closing = [
        wording.not_monitored,
        wording.clinic_contact.format(name=profile.name, phone=profile.phone, hours=profile.hours),
        wording.continue_later,
    ]
    return [
        wording.acknowledge_other if about_other else wording.acknowledge,
        "\n".join(resources),
        " ".join(closing),
    ]


def crisis_lines(spanish: bool = False) -> List[str]:
    """The crisis lines alone (shown with the screening question)."""
    crisis = load_profile().crisis
    return [crisis.lifeline, crisis.text_line, crisis.emergency] + (
        [crisis.spanish] if spanish else []
    )


def crisis_lines_es() -> List[str]:
    """The crisis lines with their Spanish options (988 press 2 / AYUDA, Crisis Text Line AYUDA)."""
    profile = load_profile()
    es = profile.spanish.crisis
    return [profile.crisis.spanish, es.text_line, es.emergency]


def screen_messages(spanish: bool = False, in_spanish: bool = False) -> List[str]:
    """The screening question (C-SSRS item 1, clinic.yml) with the crisis lines. In a
    Spanish conversation the question stays in its validated English wording, with a
    Spanish introduction and explanation (no published Spanish wording was verified)."""
    crisis = load_profile().crisis
    screen = crisis.screen
    if in_spanish:
        es = load_profile().spanish.crisis
        return [
            f"{es.screen_intro}\n{screen.question}\n{es.screen_explanation}",
            "\n".join([es.screen_lines_intro, *crisis_lines_es()]),
            f"{es.not_monitored} {es.screen_answer_hint}",
        ]
    return [
        f"{screen.intro}\n{screen.question}",
        "\n".join([screen.lines_intro, *crisis_lines(spanish)]),
        f"{crisis.not_monitored} {screen.answer_hint}",
    ]


def others_danger_messages(spanish: bool = False, in_spanish: bool = False) -> List[str]:
    """Danger from someone else: 911, the National Domestic Violence Hotline and, for a child
    or an elder hurt at home, the Texas Abuse Hotline first;
    `spanish` adds both hotlines' Spanish lines, `in_spanish` gives the whole reply in Spanish."""
    profile = load_profile()
    crisis = profile.crisis
    danger = crisis.others_danger
    if in_spanish:
        es = profile.spanish.crisis
        # The Texas HHS line names the hotline, its Spanish chat and 911 (clinic.yml).
        lines = [danger.spanish, danger.abuse_hotline_spanish, crisis.spanish]
        return [es.others_danger_acknowledge, "\n".join(lines), es.not_monitored]
    lines = [danger.emergency, danger.hotline, danger.abuse_hotline]
    lines += [danger.spanish, danger.abuse_hotline_spanish] if spanish else []
    # The suicide lines too: a person in danger at home may also be in crisis.
    lines.append(crisis.lifeline)
    return [danger.acknowledge, "\n".join(lines), crisis.not_monitored]


def send_crisis_resources(
    dispatcher: CollectingDispatcher,
    about_other: bool = False,
    spanish: bool = False,
    minor: bool = False,
    in_spanish: bool = False,
) -> None:
    for text in crisis_messages(
        about_other=about_other, spanish=spanish, minor=minor, in_spanish=in_spanish
    ):
        dispatcher.utter_message(text=text)
