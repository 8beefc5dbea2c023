"""Page images: loading (PDF, TIFF, JPEG, PNG), cleaning, orientation, deskew, leaders."""
