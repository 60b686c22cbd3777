"""The app layer: the `newsmt` command line (and the server and batch runner). The only layer that wires the
packages together."""
