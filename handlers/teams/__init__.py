"""Microsoft Teams surface: the Teams SDK app, Adaptive Cards and the outbox's messenger."""

import warnings

# The SDK announces a preview feature (HTML widgets) on import; ShowUp doesn't use it.
warnings.filterwarnings("ignore", message="HtmlWidgetSecurityPolicy is in preview")
