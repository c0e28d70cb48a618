"""QR codes for authenticator set-up, as inline SVG (no inline script, no data URL needed)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    """An SVG QR code of the device's otpauth:// URL. Its input is ours, not a user's."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    svg = svg.replace(
        "<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1
    )
    return mark_safe(svg)
