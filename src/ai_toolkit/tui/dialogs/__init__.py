"""Dialogs of the sense-making screens: one ModalScreen per module, each returning its answer with ``dismiss``."""
