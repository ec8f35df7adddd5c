"""Pictures of products and designs, rendered from their 3D models: the one place that says which model
shows which product and what its picture's text alternative reads."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session

from allpetplus.builder.config import HarnessConfig, Palette


@dataclasses.dataclass(frozen=True)
class Picture:
    """A rendered picture: its sizes as a ``srcset``, a default ``src``, the link-preview image and its alt."""

    src: str
    srcset: str
    og_url: str
    alt: str

    @property
    def absolute_og_url(self) -> str:
        """The link-preview image's absolute address."""
        return self.og_url


def product_picture(session: Session, handle: str) -> Picture | None:
    """The picture of a product's first variant."""
    return None


def design_picture(config: HarnessConfig, palette: Palette) -> Picture | None:
    """The picture of a harness design."""
    return None
