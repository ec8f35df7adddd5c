"""Private documents: keeping an upload for its owner, the signed links that open one, and deleting it
once no record refers to it.

A link names the document and the person it was made for and works for ``LINK_LIFETIME``. It does not
depend on cookies: the licensing app embedded in the dashboard knows its user only from the handoff token.
Opening a link checks its signature, its expiry, and that this person may still see the document (its
owner or staff, by ``user.permissions``); anything else is "not found".
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import event
from sqlmodel import Session

from allpetplus.core import clock, media
from allpetplus.core.errors import NotFound
from allpetplus.core.logging import get_logger
from allpetplus.core.security import derived_key
from allpetplus.document.models import PrivateDocument
from allpetplus.user.models import UserProfile
from allpetplus.user.permissions import can_access

LINK_LIFETIME = timedelta(minutes=30)
LINK_PATH = "/documents/"
_PURPOSE = "private-document-link"
_STORED, _RELEASED, _HOOKED = "allpetplus_documents_stored", "allpetplus_documents_released", "allpetplus_documents"
log = get_logger("allpetplus.documents")
_REFERRING: dict[str, tuple[sa.ColumnClause, ...]] = {}


def keep(session: Session, owner_id: int, data: bytes, *, kind: str, field: str) -> PrivateDocument:
    """Check an upload (PDF or image, at most 10 MB; errors name ``field``) and keep it privately for the
    user ``owner_id``. Its file is removed again if the transaction rolls back."""
    stored = media.store_document(data, field=field)
    document = PrivateDocument(
        user_id=owner_id,
        kind=kind,
        storage=stored.storage,
        storage_key=stored.key,
        content_type=stored.content_type,
        size_bytes=stored.size,
    )
    session.add(document)
    _track(session, _STORED, stored)
    session.flush()
    return document


def link(document_id: int | None, viewer: UserProfile | None) -> str:
    """A link at which ``viewer`` can open the document for ``LINK_LIFETIME`` ('' when there is none)."""
    if not document_id or viewer is None or viewer.id is None:
        return ""
    expires = int((clock.now() + LINK_LIFETIME).timestamp())
    return LINK_PATH + _serializer().dumps([document_id, viewer.id, expires])


def open_link(session: Session, token: str) -> PrivateDocument:
    """The document a link names, if the link is genuine and current and its viewer may still see the
    document; ``NotFound`` otherwise."""
    try:
        document_id, viewer_id, expires = _serializer().loads(token)
    except (BadSignature, TypeError, ValueError):
        raise NotFound("That document") from None
    if not all(isinstance(n, int) for n in (document_id, viewer_id, expires)) or expires < clock.now().timestamp():
        raise NotFound("That document")
    document = session.get(PrivateDocument, document_id)
    if document is None or not can_access(session.get(UserProfile, viewer_id), document.user_id):
        raise NotFound("That document")
    return document


def stored_file(document: PrivateDocument) -> media.PrivateFile:
    """Where the document's file is kept."""
    return media.PrivateFile(document.storage, document.storage_key, document.content_type, document.size_bytes)


def filename(document: PrivateDocument) -> str:
    """The name the document is offered under, e.g. ``rabies-certificate.pdf``."""
    return f"{document.kind.replace('_', '-')}.{stored_file(document).extension}"


def release(session: Session, document_id: int | None) -> None:
    """Delete the document if no record refers to it any more (call it after the record let go of it);
    its file goes when the transaction commits."""
    if not document_id or _in_use(session, document_id):
        return
    document = session.get(PrivateDocument, document_id)
    if document is None:
        return
    session.delete(document)
    session.flush()
    _track(session, _RELEASED, stored_file(document))


def _in_use(session: Session, document_id: int) -> bool:
    session.flush()
    return any(
        session.execute(
            sa.select(sa.literal(1)).select_from(column.table).where(column == document_id).limit(1)
        ).first()
        is not None
        for column in _referring_columns(session)
    )


def _referring_columns(session: Session) -> tuple[sa.ColumnClause, ...]:
    """Every column of every table that points at a private document, as the database's own foreign keys
    say (so the tables of every domain count without this low layer importing them); read once per database."""
    url = str(session.get_bind().url)
    if url not in _REFERRING:
        inspector = sa.inspect(session.connection())
        _REFERRING[url] = tuple(
            sa.table(table, sa.column(name)).c[name]
            for table in inspector.get_table_names()
            for key in inspector.get_foreign_keys(table)
            if key["referred_table"] == PrivateDocument.__tablename__
            for name in key["constrained_columns"]
        )
    return _REFERRING[url]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(derived_key(_PURPOSE), salt=_PURPOSE)


# ---------------------------------------------------------------- files follow the transaction


def _track(session: Session, kind: str, stored: media.PrivateFile) -> None:
    if not session.info.get(_HOOKED):
        session.info[_HOOKED] = True
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_rollback", _after_rollback)
    session.info.setdefault(kind, []).append(stored)


def _after_commit(session: Session) -> None:
    session.info.pop(_STORED, None)
    for stored in session.info.pop(_RELEASED, []):
        _delete(stored)


def _after_rollback(session: Session) -> None:
    session.info.pop(_RELEASED, None)
    for stored in session.info.pop(_STORED, []):
        _delete(stored)


def _delete(stored: media.PrivateFile) -> None:
    try:
        media.delete_document(stored)
    except Exception as exc:  # noqa: BLE001 - the transaction is over; leave a trace for a later clean-up
        log.warning("private document file not deleted", storage=stored.storage, key=stored.key, error=str(exc))
