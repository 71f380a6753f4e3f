"""A tile server on the live test server, for the map's browser tests: the project's URL
conf plus ``/test-tiles/<z>/<x>/<y>.png``, each tile a plain 256 by 256 PNG made here.
The tests point ``MAP_TILE_URL`` at it, so the map loads real tiles and nothing leaves
the machine."""

import struct
import zlib
from functools import cache

from django.http import HttpResponse
from django.urls import path

from socialeconomy.urls import handler500  # noqa: F401
from socialeconomy.urls import urlpatterns as project_urlpatterns

TILE_PATH = "/test-tiles/{z}/{x}/{y}.png"
served: list[str] = []


@cache
def tile_png() -> bytes:
    """A 256 by 256 light grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xe4" * 256 for _ in range(256))  # filter 0, greyscale
    header = struct.pack(">IIBBBBB", 256, 256, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def tile(request, z, x, y):
    served.append(request.path)
    return HttpResponse(tile_png(), content_type="image/png")


urlpatterns = [
    path("test-tiles/<int:z>/<int:x>/<int:y>.png", tile),
    *project_urlpatterns,
]
