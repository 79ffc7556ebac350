"""Fixtures for the self-assessment tests."""

import pytest

from tests.assessment.assessment_chat import AssessmentChat


@pytest.fixture
def chat() -> AssessmentChat:
    return AssessmentChat()
