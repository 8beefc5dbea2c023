"""Bottom layer shared by every sohoa package: the one exception hierarchy and tiny helpers."""
