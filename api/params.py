"""The route parameters many routes declare alike, written once (FastAPI's Annotated aliases)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from storage.access import TokenRecord

from .auth import require
from .schemas import ID
from .services import Services, get_services

# the app's open services
ServicesDep = Annotated[Services, Depends(get_services)]
# a document, component, dossier or token id in the URL path
IdPath = Annotated[str, Path(pattern=ID)]

# the bearer token of a JSON request, by the roles let through (403 for the others)
AnyRole = Annotated[TokenRecord, Depends(require("counter", "archivist", "admin"))]
Reviewer = Annotated[TokenRecord, Depends(require("counter", "archivist"))]
ArchivistOrAdmin = Annotated[TokenRecord, Depends(require("archivist", "admin"))]
CounterOnly = Annotated[TokenRecord, Depends(require("counter"))]
Admin = Annotated[TokenRecord, Depends(require("admin"))]
