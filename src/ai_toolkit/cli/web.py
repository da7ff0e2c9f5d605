"""Commands of the web area (filled in by its issue)."""
