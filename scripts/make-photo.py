#!/usr/bin/python3
"""Makes data/china-128x85.pgm, the photo of notebook 06, once.

Source: china.jpg (640 x 427, RGB) of scikit-learn, as Debian 12 ships it in python3-sklearn
1.2.1+dfsg-1: /usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg
(photo by danielbuechele on Flickr, CC BY 2.0; see data/README.md).

Steps: greyscale with PIL's "L" conversion (ITU-R 601-2 luma: L = R*299/1000 + G*587/1000 +
B*114/1000), then shrink to 128 x 85 (a fifth of each side; 427/5 rounded down) with the Lanczos
filter, then write a plain (ASCII, "P2") PGM with maxval 255, 16 numbers per line, so the file is
text and the library reads it without native code.

Run with Debian's Python and PIL (apt-get install python3-sklearn python3-pil):
    /usr/bin/python3 scripts/make-photo.py
"""
import hashlib
import pathlib

from PIL import Image

SRC = pathlib.Path("/usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg")
SRC_SHA256 = "8378025ad2519d649d02e32bd98990db4ab572357d9f09841c2fbfbb4fefad29"
OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "china-128x85.pgm"
SIZE = (128, 85)  # width, height

digest = hashlib.sha256(SRC.read_bytes()).hexdigest()
if digest != SRC_SHA256:
    raise SystemExit(f"{SRC}: sha256 {digest}, expected {SRC_SHA256} (a different scikit-learn version?)")

img = Image.open(SRC).convert("L").resize(SIZE, Image.LANCZOS)
w, h = img.size
px = list(img.getdata())
lines = [
    "P2",
    "# china.jpg of scikit-learn (photo: danielbuechele, Flickr, CC BY 2.0), greyscale, 128x85; made by scripts/make-photo.py",
    f"{w} {h}",
    "255",
]
for y in range(h):
    row = px[y * w:(y + 1) * w]
    for k in range(0, w, 16):
        lines.append(" ".join(str(v) for v in row[k:k + 16]))
OUT.write_text("\n".join(lines) + "\n", encoding="ascii")
print(f"wrote {OUT} ({w}x{h}, {OUT.stat().st_size} bytes)")
