"""Typed keys for what the app factory puts in `app[...]` (aiohttp's web.AppKey)."""

from aiohttp import ClientSession, web

from bot.chat_session import ChatSessions
from bot.rasa_client import RasaClient
from bot.rate_limit import ChatRateLimits
from clinic.database import Database
from clinic.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
SECRETS = web.AppKey("secrets", dict)
DATABASE = web.AppKey("database", Database)
HTTP = web.AppKey("http", ClientSession)
RASA = web.AppKey("rasa", RasaClient)
CHAT_SESSIONS = web.AppKey("chat_sessions", ChatSessions)
CHAT_LIMITS = web.AppKey("chat_limits", ChatRateLimits)
