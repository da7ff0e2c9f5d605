"""The participants' web form: FastAPI pages served on the room's network, and the server that runs them."""
