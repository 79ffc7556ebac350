"""Live chat with staff (issue 20): staff take over a visitor's chat and hand it back."""
