"""Custom actions for the clinic assistant, served by rasa_sdk's action server."""
