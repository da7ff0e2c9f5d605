"""The service: the only code that changes a session. The TUI, the web form, the CLI and the reports call it.

``Facilitation`` runs the commands of one open session; ``create_session``, ``open_session`` and
``import_records`` bring one into being.
"""

from ai_toolkit.facilitation.service import Facilitation, create_session, import_records, open_session

__all__ = ["Facilitation", "create_session", "import_records", "open_session"]
