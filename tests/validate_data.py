"""`make validate`: `rasa data validate`, failing on every warning that is not explained.

These warnings are expected and checked rather than ignored:
- "The utterance 'utter_x' is not used in any story or rule": accepted only for responses
  that custom actions send (the name appears in actions/, or in clinic/ for the field
  rules whose refusals the actions say: clinic/contact_fields.py), form questions
  (`utter_ask_<slot>` of a form's required slot), and the responses of Rasa's built-in
  fallback actions (utter_default, utter_ask_rephrase).
- "The intent 'x' is not used in any story or rule": accepted only for intents that fill
  slots through the domain's slot mappings or are sent by the domain's own buttons
  (form answers read by the validation actions).
- "The intent 'x' is listed in the domain file, but is not found in the NLU training data":
  accepted only for intents that an NLU component assigns itself and the classifier must
  never predict (components/crisis_override.py: `risk_screen`, issue 17).
- "duplicated intents ... faq": Rasa derives the retrieval intent `faq` from
  data/responses/ and also reads it from domain.yml, where it must be listed.
"""

import re
import subprocess
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule")
UNUSED_INTENT = re.compile(r"The intent '([^']+)' is not used in any story or rule")
UNTRAINED_INTENT = re.compile(
    r"The intent '([^']+)' is listed in the domain file, but is not found in the NLU training data"
)
ASSIGNED_INTENT = re.compile(r'^\w+_INTENT = "(\w+)"', re.MULTILINE)
BUILT_IN_RESPONSES = {"utter_default", "utter_ask_rephrase"}
DUPLICATE_FAQ = "duplicated intents have been found across multiple domain files: faq"


def main() -> int:
    run = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    output = run.stdout + run.stderr
    action_code = "\n".join(p.read_text() for p in (PROJECT / "actions").rglob("*.py"))
    action_code += "\n".join(p.read_text() for p in (PROJECT / "actions").rglob("*.yml"))
    action_code += "\n".join(p.read_text() for p in (PROJECT / "clinic").glob("*.py"))
    domain = yaml.safe_load((PROJECT / "domain.yml").read_text())
    form_questions = {
        f"utter_ask_{slot}"
        for form in (domain.get("forms") or {}).values()
        for slot in form.get("required_slots", [])
    }
    # Intents the crisis override assigns by rule (its *_INTENT constants), never classified.
    override = (PROJECT / "components" / "crisis_override.py").read_text()
    assigned_intents = set(ASSIGNED_INTENT.findall(override)) - {"crisis"}
    mapping_intents = set()
    for slot in domain.get("slots", {}).values():
        for mapping in slot.get("mappings", []):
            intents = mapping.get("intent", [])
            mapping_intents.update([intents] if isinstance(intents, str) else intents)
    for response in domain.get("responses", {}).values():
        for variant in response:
            for button in variant.get("buttons", []):
                payload = re.match(r"/(\w+)", button.get("payload", ""))
                if payload:
                    mapping_intents.add(payload.group(1))
    unexplained = []
    for line in output.splitlines():
        if "UserWarning:" not in line:
            continue
        warning = line.split("UserWarning:", 1)[1].strip()
        unused = UNUSED.search(warning)
        if unused and (
            unused.group(1) in form_questions | BUILT_IN_RESPONSES
            or re.search(rf"\b{re.escape(unused.group(1))}\b", action_code)
        ):
            continue
        intent = UNUSED_INTENT.search(warning)
        if intent and intent.group(1) in mapping_intents:
            continue
        if DUPLICATE_FAQ in warning:
            continue
        untrained = UNTRAINED_INTENT.search(warning)
        if untrained and untrained.group(1) in assigned_intents:
            continue
        unexplained.append(warning)
    if run.returncode != 0 or unexplained:
        print(output[-4000:] if run.returncode != 0 else "", file=sys.stderr)
        for warning in unexplained:
            print(f"unexplained warning: {warning}", file=sys.stderr)
        print("rasa data validate: FAILED", file=sys.stderr)
        return 1
    print(
        "rasa data validate: clean (utterances sent by custom actions and the faq retrieval intent explained)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
