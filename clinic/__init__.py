"""What more than one process needs: the web app (bot/), the action server (actions/)
and Rasa's own components (components/) import this package; it imports none of them,
and none of those three imports another (tests/test_import_rule.py). See docs/architecture.md.
"""
