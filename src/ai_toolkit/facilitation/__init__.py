"""The service: the only code that changes a session. The TUI, the web form, the CLI and the reports call it.

``Facilitation`` runs the commands of one open session (``service.py``, on the machinery of ``recording.py``);
``create_session``, ``open_session`` and ``import_records`` bring one into being (``lifecycle.py``). The rules
themselves are pure functions in ``decisions/``, which also answer the adapters' questions; ``checks`` holds the
input limits.
"""

from ai_toolkit.facilitation.lifecycle import create_session, import_records, open_session
from ai_toolkit.facilitation.service import Facilitation

__all__ = ["Facilitation", "create_session", "import_records", "open_session"]
