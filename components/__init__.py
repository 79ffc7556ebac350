"""Rasa-side extensions loaded by the Rasa server: NLU components and the tracker store."""
