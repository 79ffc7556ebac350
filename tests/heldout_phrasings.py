"""What counts as a phrasing for the held-out overlap checks (traffic, Spanish, safety).

A message of one or two words ("hello", "thanks", "cancel", "skip", "allen") is vocabulary
the training data must contain, not a phrasing that could be memorised: held-out sets use
such words too, and dropping them from the training data broke the plain "hello".
"""

MIN_WORDS_OF_A_PHRASING = 3
