"""The Appreciative Inquiry domain: pure pydantic models and functions, no I/O."""
