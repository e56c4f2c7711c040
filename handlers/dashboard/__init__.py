"""The owner's dashboard: a web page served by `serve` (and the console) at /dashboard."""
