"""Photos of stories: checked by their content (lianxi.lib.files: JPEG, PNG or WebP by their
first bytes, the name agreeing, no markup inside), decoded by Pillow (a file that is not a
whole image is refused), turned upright by its EXIF orientation, reduced to at most
`MAX_SIDE` pixels on its longer side and written again as a JPEG without any metadata: the
GPS position, the camera and the time the phone recorded are gone."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lianxi.core.errors import InvalidInput
from lianxi.lib.files import JPEG, PNG, WEBP, FileRejected, check_bytes

MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # a larger picture is refused before it is decoded (pixel bombs)
MIN_SIDE = 200
QUALITY = 85
FIELD = "photo"


@dataclass(frozen=True)
class Processed:
    data: bytes
    width: int
    height: int
    sha256: str  # of the upload, as received


def process(name: str, data: bytes) -> Processed:
    """The photo ready to store, or InvalidInput(field="photo") saying what is wrong."""
    try:
        info = check_bytes(name, data)
    except FileRejected as exc:
        raise InvalidInput(exc.message, field=FIELD) from None
    if info.content_type not in {JPEG, PNG, WEBP}:
        raise InvalidInput(_("A photo must be a JPEG, PNG or WebP image."), field=FIELD)
    label = (name or "?")[:60]
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise InvalidInput(
                    _("%(name)s has too many pixels (at most 40 million).") % {"name": label},
                    field=FIELD,
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            picture = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InvalidInput(
            _("%(name)s could not be read as an image.") % {"name": label}, field=FIELD
        ) from None
    if min(picture.size) < MIN_SIDE:
        raise InvalidInput(
            _("%(name)s is too small: at least %(n)d pixels on each side.")
            % {"name": label, "n": MIN_SIDE},
            field=FIELD,
        )
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, icc_profile= or comment: Pillow writes none of the upload's metadata.
    picture.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    return Processed(out.getvalue(), picture.width, picture.height, info.sha256)
