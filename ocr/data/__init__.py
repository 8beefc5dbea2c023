"""Data files of the ocr package (the sRGB ICC profile of the PDF/A output intent)."""
