"""Commands of the docs area (filled in by its issue)."""
