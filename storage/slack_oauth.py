"""Where a multi-workspace Slack install keeps its tokens and its sign-in states: tables of
slack_sdk's own, in ShowUp's database (shared by every process)."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

STATE_SECONDS = 600   # an install must finish within ten minutes of starting


def installation_store(client_id: str, engine: Engine) -> SQLAlchemyInstallationStore:
    store = SQLAlchemyInstallationStore(client_id, engine=engine)
    store.create_tables()  # type: ignore[no-untyped-call]
    return store


def oauth_state_store(engine: Engine) -> SQLAlchemyOAuthStateStore:
    store = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
    store.metadata.create_all(engine)
    return store
