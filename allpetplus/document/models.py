"""The private-document table: who owns each document and where its file is kept."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from allpetplus.core.models import created_at_field


class PrivateDocument(SQLModel, table=True):
    """A document a record points at (a licence's rabies certificate, a vaccination's certificate): kept
    outside any public folder (``core.media``), opened only by its owner and staff, deleted once no record
    refers to it. Renewals and licences prefilled from a pet share their owner's document."""

    __tablename__ = "private_document"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_profile.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=32)  # rabies_certificate, altered_proof, service_proof, vaccination_certificate
    storage: str = Field(default="local", max_length=16)  # local (VAR_DIR/private) or cloudinary
    storage_key: str = Field(max_length=255, unique=True)  # the file's random name, or the Cloudinary public id
    content_type: str = Field(max_length=64)
    size_bytes: int
    created_at: datetime = created_at_field()
