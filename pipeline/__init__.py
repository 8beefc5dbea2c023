"""Model, steps, settings and the in-process runner of the sohoa pipeline."""
