"""Privacy of visitors' data (issue 7): erasure on request, retention purge, key rotation.

Encryption itself lives in clinic/field_crypto.py and clinic/event_data.py, and the erased
marker in clinic/privacy_markers.py, where every process can import them.
"""
