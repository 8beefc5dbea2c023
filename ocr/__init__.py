"""Page images to text: rasterize, clean, OCR, reading order, fields, two-layer PDF/A."""
