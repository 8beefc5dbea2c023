"""sohoa api package."""
