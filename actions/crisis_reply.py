"""The crisis reply: reviewed text from the clinic profile, never written anywhere else.

Used by the crisis action (actions/safety.py) and by any other action that finds a
visitor may be in danger (e.g. the PHQ-9 item 9 rule). The reply asks no question,
so nothing else (a booking question, a form prompt) competes with the resources.
"""

from typing import List

from rasa_sdk.executor import CollectingDispatcher

from clinic.profile import load_profile


def crisis_messages(
    about_other: bool = False, spanish: bool = False, minor: bool = False
) -> List[str]:
    """The crisis reply as chat bubbles, framed for the visitor or for someone they
    worry about; `spanish` adds 988's Spanish line, `minor` the trusted-adult line."""
    profile = load_profile()
    crisis = profile.crisis
    resources = [crisis.lifeline, crisis.text_line, crisis.emergency]
    if spanish:
        resources.append(crisis.spanish)
    if about_other:
        resources.append(crisis.helping_other)
    elif minor:
        resources.append(crisis.minor)
    closing = [
        crisis.not_monitored,
        crisis.clinic_contact.format(name=profile.name, phone=profile.phone, hours=profile.hours),
        crisis.continue_later,
    ]
    return [
        crisis.acknowledge_other if about_other else crisis.acknowledge,
        "\n".join(resources),
        " ".join(closing),
    ]


def send_crisis_resources(
    dispatcher: CollectingDispatcher,
    about_other: bool = False,
    spanish: bool = False,
    minor: bool = False,
) -> None:
    for text in crisis_messages(about_other=about_other, spanish=spanish, minor=minor):
        dispatcher.utter_message(text=text)
