"""One module per command, each a short sequence of calls to the layers below."""
