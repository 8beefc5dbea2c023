"""sohoa samples package."""
