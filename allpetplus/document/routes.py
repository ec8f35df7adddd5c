"""``GET /documents/{token}``: a private document, through a signed link, for someone who may still see it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from allpetplus.core import media
from allpetplus.core.db import session_scope
from allpetplus.core.errors import NotFound
from allpetplus.document import service as documents

#: Never kept by a shared cache, nor by the browser beyond this view.
NO_STORE = {"Cache-Control": "private, no-store"}


def open_document(request: Request) -> Response:
    """The document's bytes with its own content type (a local file), or a redirect to a one-minute signed
    Cloudinary URL; 404 for a forged, expired or no longer allowed link."""
    with session_scope() as session:
        try:
            document = documents.open_link(session, request.path_params["token"])
        except NotFound:
            return PlainTextResponse("Not found.", status_code=404, headers=NO_STORE)
        stored, name = documents.stored_file(document), documents.filename(document)
    if stored.storage == "cloudinary":
        return RedirectResponse(media.private_delivery_url(stored), status_code=303, headers=NO_STORE)
    path = media.private_path(stored)
    if path is None:
        return PlainTextResponse("Not found.", status_code=404, headers=NO_STORE)
    return FileResponse(path, media_type=stored.content_type, headers=NO_STORE, filename=name,
                        content_disposition_type="inline")  # fmt: skip


routes = [Route(documents.LINK_PATH + "{token}", open_document, methods=["GET"])]
