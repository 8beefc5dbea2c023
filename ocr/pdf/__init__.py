"""Output: two-layer PDF/A (page image + invisible text, fonts, XMP) and ALTO XML."""
