"""Python port of PeerCam's synthetic camera picture and its frame-index stamp, so an
independent WebRTC peer (aiortc, see aiortc_media_peer.py) can send the picture PeerCam's
TestPatternFrameIndexReader reads, and read the index PeerCam's TestPatternSource stamps.

Ported from Sources/Media/TestPatternFrameIndexCode.swift, TestPatternFrameIndexReader.swift
and TestPatternSource.swift; Tests/WebRTCTests/AiortcMediaPeerScriptTests.swift checks the
two byte for byte through Y4M files, so a change on either side fails there first.

The stamp (TestPatternFrameIndexCode):
- 40 bits drawn as squares in the top-left corner of the luma plane, 20 columns by 2 rows,
  row-major, first bit top-left: bit p's square starts at x = (p % 20) * cell,
  y = (p // 20) * cell. A 1 is white (Y = 235), a 0 black (Y = 16).
- Bits, most significant first: 8-bit sync 0b10110010, the index modulo 2^24 (24 bits, MSB
  first), CRC-8 of the index's three bytes (big-endian; polynomial x^8 + x^2 + x + 1, i.e.
  0x07, initial value 0, no reflection, no final xor).
- cell = width // 20 rounded down to a multiple of 16 when that is at least 16 (whole
  macroblocks: 16 at 320 wide, 32 at 640, 64 at 1280), else rounded down to even; no stamp
  when cell < 8 or 2 * cell > height.
- Reading: for each square, the integer mean of its inner half (inset cell // 4 on each
  side, inner = cell - 2 * inset) must be > 160 (a 1) or < 90 (a 0); anything in between,
  a wrong sync or a wrong CRC makes the frame unreadable (None), never a wrong number.

The picture (TestPatternSource.render), drawn in this order for frame n, phase = n % 256:
- luma: a triangle wave over 0…255 mapped to 16…235 (value = 16 + rise * 219 // 127, rise =
  step for step < 128 else 255 - step), Y[row, col] = wave[(col + row // 2 + 4 * phase) & 255];
- a square of side min(h // 4, w // 4) rounded down to even, checkered in 8-pixel cells
  (200 where (row // 8 + col // 8) is even, else 60), below the stamp band (top = 2 * cell):
  left = bounce(7 * m, w - side), upper = top + bounce(5 * m, h - top - side), m = n % 1e6,
  where bounce folds a distance back and forth over a span; skipped when side < 8 or the
  space below the band is not taller than the side;
- chroma (w/2 × h/2): wave 88…168; U[row, col] = wave[(col + phase) & 255],
  V[row, col] = wave[(row + 2 * phase) & 255];
- then the stamp.

Command line (used by the Swift cross-check):
  python peercam_test_pattern.py --read-y4m FILE
      prints one JSON line: {"indices": [index or null per frame], "width", "height"}
  python peercam_test_pattern.py --write-y4m FILE --size WxH --indices 0,1,2,…
      writes those frames of the full picture as a C420jpeg Y4M file.
"""
import argparse
import json
import sys

import numpy as np

COLUMNS = 20
ROWS = 2
BIT_COUNT = COLUMNS * ROWS
INDEX_MODULUS = 1 << 24
SYNC_PATTERN = 0b1011_0010
BLACK = 16
WHITE = 235
CLEARLY_BLACK_BELOW = 90
CLEARLY_WHITE_ABOVE = 160


def cell_size(width, height):
    """Side of one stamp square in pixels, or None when the picture cannot carry the code."""
    widest = width // COLUMNS
    size = widest // 16 * 16 if widest >= 16 else widest // 2 * 2
    if size < 8 or size * ROWS > height:
        return None
    return size


def crc8(value):
    """CRC-8 (poly 0x07) over the index's three bytes, most significant first."""
    crc = 0
    for shift in (16, 8, 0):
        crc ^= (value >> shift) & 0xFF
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def bits_for_index(index):
    value = index % INDEX_MODULUS
    return SYNC_PATTERN << 32 | value << 8 | crc8(value)


def index_from_bits(bits):
    if (bits >> 32) & 0xFF != SYNC_PATTERN:
        return None
    value = (bits >> 8) & 0xFFFFFF
    if bits & 0xFF != crc8(value):
        return None
    return value


def _luma_rows(y_plane, width, height):
    """A (height, width) view of a luma plane given as bytes, a flat array or a 2-D array
    (a 2-D array may be wider than `width`: decoders pad lines)."""
    array = np.asarray(y_plane) if not isinstance(y_plane, (bytes, bytearray, memoryview)) \
        else np.frombuffer(y_plane, dtype=np.uint8)
    if array.ndim == 1:
        array = array[: width * height].reshape(height, width)
    return array[:height, :width]


def stamp_index(y_plane, width, height, index):
    """Draws the code for `index` into a writable (height, width) or flat luma array.
    Returns False (and draws nothing) when the picture is too small for the code."""
    size = cell_size(width, height)
    if size is None:
        return False
    rows = _luma_rows(y_plane, width, height)
    bits = bits_for_index(index)
    for position in range(BIT_COUNT):
        is_one = (bits >> (BIT_COUNT - 1 - position)) & 1
        left, top = position % COLUMNS * size, position // COLUMNS * size
        rows[top:top + size, left:left + size] = WHITE if is_one else BLACK
    return True


def read_index(y_plane, width, height):
    """The stamped index (modulo 2^24), or None when the picture is too small, not a
    PeerCam test pattern, or damaged where the code is drawn."""
    size = cell_size(width, height)
    if size is None:
        return None
    rows = _luma_rows(y_plane, width, height)
    inset = size // 4
    inner = size - 2 * inset
    bits = 0
    for position in range(BIT_COUNT):
        left, top = position % COLUMNS * size, position // COLUMNS * size
        block = rows[top + inset:top + inset + inner, left + inset:left + inset + inner]
        mean = int(block.sum(dtype=np.int64)) // (inner * inner)
        if mean > CLEARLY_WHITE_ABOVE:
            bits = bits << 1 | 1
        elif mean < CLEARLY_BLACK_BELOW:
            bits <<= 1
        else:
            return None
    return index_from_bits(bits)


def _triangle(low, high):
    steps = np.arange(256)
    rise = np.where(steps < 128, steps, 255 - steps)
    return (low + rise * (high - low) // 127).astype(np.uint8)


LUMA_WAVE = _triangle(16, 235)
CHROMA_WAVE = _triangle(88, 168)


def _bounce(distance, span):
    if span <= 0:
        return 0
    folded = distance % (2 * span)
    return folded if folded < span else 2 * span - folded


class TestPatternRenderer:
    """Draws frame n of the picture into one reused I420 buffer (rows: Y, then U, then V,
    each plane tightly packed), as TestPatternSource.render does."""

    __test__ = False  # not a pytest class, whatever its name

    def __init__(self, width, height):
        if width <= 0 or height <= 0 or width % 2 or height % 2:
            raise ValueError(f"I420 needs positive, even dimensions, got {width}x{height}")
        self.width, self.height = width, height
        self.buffer = np.empty(width * height * 3 // 2, dtype=np.uint8)
        self.y = self.buffer[: width * height].reshape(height, width)
        chroma = (width // 2) * (height // 2)
        self.u = self.buffer[width * height:width * height + chroma].reshape(height // 2, width // 2)
        self.v = self.buffer[width * height + chroma:].reshape(height // 2, width // 2)
        # Offsets that do not change from frame to frame: column + row / 2 for luma.
        self._luma_offsets = np.arange(width)[None, :] + (np.arange(height) // 2)[:, None]
        self._chroma_columns = np.arange(width // 2)
        self._chroma_rows = np.arange(height // 2)
        self._cell = cell_size(width, height)
        side = min(height // 4, width // 4) // 2 * 2
        self._square_side = side
        checker = (np.arange(side)[:, None] // 8 + np.arange(side)[None, :] // 8) % 2 == 0
        self._square = np.where(checker, 200, 60).astype(np.uint8)

    def render(self, index):
        """Fills the buffer with frame `index` and returns it (a flat uint8 array)."""
        width, height = self.width, self.height
        phase = index % 256
        self.y[:, :] = LUMA_WAVE[(self._luma_offsets + phase * 4) & 255]
        top = self._cell * ROWS if self._cell is not None else 0
        side = self._square_side
        if side >= 8 and height - top > side:
            moved = index % 1_000_000
            left = _bounce(moved * 7, width - side)
            upper = top + _bounce(moved * 5, height - top - side)
            self.y[upper:upper + side, left:left + side] = self._square
        self.u[:, :] = CHROMA_WAVE[(self._chroma_columns + phase) & 255][None, :]
        self.v[:, :] = CHROMA_WAVE[(self._chroma_rows + 2 * phase) & 255][:, None]
        if self._cell is not None:
            stamp_index(self.y, width, height, index)
        return self.buffer


def read_y4m(path):
    """Frames of a 4:2:0 8-bit Y4M file: (width, height, [flat I420 uint8 arrays])."""
    with open(path, "rb") as file:
        data = file.read()
    header_end = data.index(b"\n")
    fields = data[:header_end].split(b" ")
    if fields[0] != b"YUV4MPEG2":
        raise ValueError(f"{path}: not a YUV4MPEG2 stream")
    width = int(next(f[1:] for f in fields if f.startswith(b"W")))
    height = int(next(f[1:] for f in fields if f.startswith(b"H")))
    frame_bytes = width * height * 3 // 2
    frames = []
    position = header_end + 1
    while position < len(data):
        marker_end = data.index(b"\n", position)
        if not data[position:marker_end].startswith(b"FRAME"):
            raise ValueError(f"{path}: expected FRAME at byte {position}")
        start = marker_end + 1
        if start + frame_bytes > len(data):
            raise ValueError(f"{path}: truncated frame at byte {start}")
        frames.append(np.frombuffer(data, dtype=np.uint8, count=frame_bytes, offset=start))
        position = start + frame_bytes
    return width, height, frames


def write_y4m(path, width, height, indices, fps=30):
    renderer = TestPatternRenderer(width, height)
    with open(path, "wb") as file:
        file.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for index in indices:
            file.write(b"FRAME\n")
            file.write(renderer.render(index).tobytes())


def parse_size(text):
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--read-y4m", metavar="FILE")
    parser.add_argument("--write-y4m", metavar="FILE")
    parser.add_argument("--size", default="640x480", type=parse_size)
    parser.add_argument("--indices", default="0,1,2")
    arguments = parser.parse_args(argv)
    if arguments.read_y4m:
        width, height, frames = read_y4m(arguments.read_y4m)
        indices = [read_index(frame[: width * height], width, height) for frame in frames]
        print(json.dumps({"indices": indices, "width": width, "height": height}))
    elif arguments.write_y4m:
        width, height = arguments.size
        write_y4m(arguments.write_y4m, width, height, [int(i) for i in arguments.indices.split(",")])
    else:
        parser.error("give --read-y4m FILE or --write-y4m FILE")


if __name__ == "__main__":
    main(sys.argv[1:])
