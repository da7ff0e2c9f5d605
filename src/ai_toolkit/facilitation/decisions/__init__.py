"""The rules of the method, as pure functions: ``(state, args) -> Change | None``, or a refusal.

One module per thing the room produces. A decision reads the session as it is now (the service calls it under the
write lock, after catching up with other processes), and returns the events to record with the events that undo
them, ``None`` when there is nothing to change, or raises ``Refused``/``NotFound``. Nothing here writes, waits or
knows who is asking: the same functions answer the adapters' questions ("may this participant still change
this?", "how is this person named?", "what does a phone show now?"), so the web, the TUI, the exports and the
minutes never restate a rule.
"""
