"""NLU component: Rasa's ResponseSelector, run only on messages that may be FAQ questions.

The selector is a second neural model after DIET; py-spy put it at ~11% of the Rasa
server's CPU per message. Its answer is used only when the intent is `faq`, or when a
message may still end as an FAQ or as a fallback offering FAQ topics (actions/fallback.py
reads the selector's ranking). A message DIET puts in another intent with confidence
SURE_OTHER_INTENT or more can do neither: FallbackClassifier (threshold 0.45, ambiguity
0.08 in config.yml) cannot trigger, as softmax confidences sum to 1; crisis is excluded
because CrisisOverride may replace a doubtful crisis with the next-best intent, FAQ
included, and out_of_scope because CrisisOverride replaces it with the fallback when a
masked idiom ("ketamine killed my depression") is what made the message look off-topic. For such messages the selector is skipped; every other message gets Rasa's own
answer, so FAQ answers are unchanged.
"""

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from components.crisis_override import CRISIS_INTENT, OUT_OF_SCOPE_INTENT
from components.numpy_classifiers import NumpyResponseSelector

SURE_OTHER_INTENT = 0.6


def may_need_an_answer(message: Message, retrieval_intent: str) -> bool:
    intent = message.get(INTENT) or {}
    name, confidence = intent.get(INTENT_NAME_KEY), intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0
    return (
        name in (retrieval_intent, CRISIS_INTENT, OUT_OF_SCOPE_INTENT, None)
        or confidence < SURE_OTHER_INTENT
    )


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqResponseSelector(NumpyResponseSelector):
    def process(self, messages: List[Message]) -> List[Message]:
        retrieval_intent = self.retrieval_intent
        super().process([m for m in messages if may_need_an_answer(m, retrieval_intent)])
        return messages
