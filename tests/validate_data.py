"""`make validate`: `rasa data validate`, failing on every warning that is not explained.

Two warnings are expected and checked rather than ignored:
- "The utterance 'utter_x' is not used in any story or rule": responses that custom
  actions send (dispatcher.utter_message(response=...)); accepted only if the name
  really appears in actions/.
- "duplicated intents ... faq": Rasa derives the retrieval intent `faq` from
  data/responses/ and also reads it from domain.yml, where it must be listed.
"""
import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule")
DUPLICATE_FAQ = "duplicated intents have been found across multiple domain files: faq"


def main() -> int:
    run = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"],
        cwd=PROJECT, capture_output=True, text=True,
    )
    output = run.stdout + run.stderr
    action_code = "\n".join(p.read_text() for p in (PROJECT / "actions").rglob("*.py"))
    action_code += "\n".join(p.read_text() for p in (PROJECT / "actions").rglob("*.yml"))
    unexplained = []
    for line in output.splitlines():
        if "UserWarning:" not in line:
            continue
        warning = line.split("UserWarning:", 1)[1].strip()
        unused = UNUSED.search(warning)
        if unused and re.search(rf"\b{re.escape(unused.group(1))}\b", action_code):
            continue
        if DUPLICATE_FAQ in warning:
            continue
        unexplained.append(warning)
    if run.returncode != 0 or unexplained:
        print(output[-4000:] if run.returncode != 0 else "", file=sys.stderr)
        for warning in unexplained:
            print(f"unexplained warning: {warning}", file=sys.stderr)
        print("rasa data validate: FAILED", file=sys.stderr)
        return 1
    print("rasa data validate: clean (utterances sent by custom actions and the faq retrieval intent explained)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
