"""sohoa sohoa package."""
