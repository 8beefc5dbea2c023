"""Document type classification and field extraction for Vietnamese administrative papers."""

from ocr.fields.extract import classify, extract
from ocr.fields.model import Extraction, FieldValue
from ocr.fields.specs import DOC_TYPES, OTHER, SPECS

__all__ = ["DOC_TYPES", "OTHER", "SPECS", "Extraction", "FieldValue", "classify", "extract"]
