"""Regression floors of the evaluation sets: one rule for every set and section.

A floor is what the model CI trains from the committed inputs measured, less the spread
between trainings. CI trains its own model, and a training line added later moves the
figures too: two models whose inputs differed by one line (round 11) moved a category by up
to five messages where the intent classifier decides, and by none where the lexicon and the
risk classifier decide. So a floor sits that many messages below its measurement: a new
training line does not fail CI, a real regression still does. The issues' targets (95 %,
100 %) are reported beside the floors and never lowered.
"""

from __future__ import annotations

# Where the intent classifier or the response selector decides (FAQ, booking, other paths).
CLASSIFIER_SPREAD = 5
# Where the deterministic lexicon and the risk classifier decide (safety tiers, decoys).
LEXICON_SPREAD = 2


def floor(measured: int, spread: int) -> int:
    """The fewest right answers a section may have: its measurement less the spread."""
    return max(measured - spread, 0)
