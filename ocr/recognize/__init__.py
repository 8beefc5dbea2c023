"""Recognition: Tesseract, noise filtering, reading order, second looks at doubtful pages."""
