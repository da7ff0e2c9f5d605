"""The facilitator's terminal UI (Textual). Only calls the service; never changes state itself."""
