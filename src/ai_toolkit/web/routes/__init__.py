"""One module per face of the web: the participants' phones, the facilitator's projector view."""
