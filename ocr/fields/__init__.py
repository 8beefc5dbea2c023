"""Document type classification and field extraction for Vietnamese administrative papers."""
