"""Privacy of visitors' data (issue 7): erasure on request, retention purge, key rotation.

Encryption itself lives in bot/field_crypto.py and bot/storage/encrypted_types.py,
where every process can import it.
"""

# The slot action_delete_my_data sets once the app erased the conversation; the tracker
# store then writes nothing of that turn (components/tracker_store.py). Here, import-light,
# because Rasa, the action server and the app all need the name.
ERASED_SLOT = "conversation_erased"
