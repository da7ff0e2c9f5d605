"""Widgets of the facilitator's main screen, one module each."""
