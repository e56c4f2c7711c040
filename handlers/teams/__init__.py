"""The Microsoft Teams surface (in progress): Adaptive Cards first; the bot, the messenger
and the fake Bot Connector come next."""
