"""SQL behind the core's ports (bot/ports.py), one module per aggregate. Every statement
filters on the workspace id it is given. Delivery rows have one writer,
`deliveries.DeliveryWriter`, which the outbox (storage/outbox.py) shares."""

from storage.repositories.activities import SqlActivities
from storage.repositories.changes import SqlChanges
from storage.repositories.closures import SqlClosures
from storage.repositories.commitments import SqlCommitments
from storage.repositories.common import NotFound
from storage.repositories.dashboard import SqlDashboardAccess
from storage.repositories.deliveries import DeliveryWriter, SqlDeliveryProblems
from storage.repositories.goals import SqlGoals
from storage.repositories.ideas import SqlIdeas
from storage.repositories.log import SqlLog
from storage.repositories.members import SqlMembers
from storage.repositories.plans import SqlPlans
from storage.repositories.showings import SqlShowings
from storage.repositories.sources import SqlSources
from storage.repositories.workspaces import DEFAULT_RHYTHM_JSON, SqlWorkspaces

__all__ = [
    "DEFAULT_RHYTHM_JSON",
    "DeliveryWriter",
    "NotFound",
    "SqlActivities",
    "SqlChanges",
    "SqlClosures",
    "SqlCommitments",
    "SqlDashboardAccess",
    "SqlDeliveryProblems",
    "SqlGoals",
    "SqlIdeas",
    "SqlLog",
    "SqlMembers",
    "SqlPlans",
    "SqlShowings",
    "SqlSources",
    "SqlWorkspaces",
]
