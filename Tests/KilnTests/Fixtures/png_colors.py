"""Counts the pixels of given colours in a PNG (8-bit RGB or RGBA, as Chromium writes its
screenshots), with the standard library only: what the browser test reads from the screenshot to
know the charts were drawn.

Usage: png_colors.py FILE RRGGBB... ; prints one JSON object {"RRGGBB": count, ..., "width": w, "height": h}.
"""
import json
import struct
import sys
import zlib


def pixels(path):
    with open(path, "rb") as source:
        data = source.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    offset, chunks, header = 8, [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise SystemExit(f"{path}: only 8-bit, non-interlaced RGB or RGBA is read (depth {depth}, colour type {colour})")
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    previous = bytearray(stride)
    rows = []
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, step, rows


def main():
    path, wanted = sys.argv[1], [colour.lower() for colour in sys.argv[2:]]
    width, height, step, rows = pixels(path)
    targets = {bytes.fromhex(colour): colour for colour in wanted}
    counts = {colour: 0 for colour in wanted}
    for row in rows:
        for x in range(0, len(row), step):
            colour = targets.get(row[x:x + 3])
            if colour:
                counts[colour] += 1
    print(json.dumps({**counts, "width": width, "height": height}))


main()
