#!/usr/bin/env python3
"""Prints how many distinct colours a PNG has (a drawn dashboard has hundreds; a blank or one-colour page, a few)."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "gui"))
from png_check import read_png  # noqa: E402

w, h, px = read_png(sys.argv[1])
print(len({px(x, y) for y in range(0, h, 2) for x in range(0, w, 2)}))
