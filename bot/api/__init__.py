"""JSON endpoints under /api/ (the chat gateway lives in bot/gateway.py)."""
