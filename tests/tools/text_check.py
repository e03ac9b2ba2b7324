#!/usr/bin/env python3
"""Every string literal the program can show is text a reader can read (ctest text_check).

Scans the string literals of app/, core/ and envs/ and fails, naming file and line, on:
  - text encoded twice ("Open sessionâ\u0080¦": UTF-8 bytes read as Latin-1 and encoded again);
  - combining marks (U+0300–U+036F: "σ̃" draws as "σ?" — the font has no glyph to combine);
  - characters outside the font atlas's ranges (app/ui/fonts.cpp kRanges) that are not CJK (CJK comes from the
    lessons' glyph text, merged from WenQuanYi);
  - a colour named in parentheses ("D(fake) (yellow)"): the projector theme redraws colours (ink()), so a colour's
    name is not what the class sees; the legend names the curves;
  - non-ASCII text written as hex escapes ("\\xE2\\x88\\x92E" once printed a wrong character: \\x92E is one escape).
Usage: text_check.py <source root>
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
literal = re.compile(r'"(?:[^"\\\n]|\\.)*"')
colour = re.compile(r"\((green|yellow|red|blue|orange|purple|white|grey|gray|cyan|magenta)\)", re.I)
hexesc = re.compile(r"\\x[89A-Fa-f][0-9A-Fa-f]")
twice = re.compile("[\u00c2-\u00f4][\u0080-\u009f]")  # a lead byte, then a C1 control

# The font atlas's ranges, read from fonts.cpp so the check follows the atlas.
fonts = (root / "app/ui/fonts.cpp").read_text(encoding="utf-8")
m = re.search(r"kRanges\[\]\s*=\s*\{([^}]*)\}", fonts)
nums = [int(v, 16) for v in re.findall(r"0x[0-9A-Fa-f]+", m.group(1))]
ranges = list(zip(nums[0::2], nums[1::2]))


def drawable(c):
    o = ord(c)
    if o < 0x80 or any(a <= o <= b for a, b in ranges):
        return True
    return 0x3000 <= o <= 0x303F or 0x4E00 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF  # CJK: the lessons' glyphs


problems = []
for path in sorted(p for d in ("app", "core", "envs") for p in (root / d).rglob("*") if p.suffix in (".cpp", ".hpp")):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("//")[0] if line.lstrip().startswith("//") is False else ""
        for lit in literal.findall(code):
            where = f"{path.relative_to(root)}:{n}"
            if twice.search(lit):
                problems.append(f"{where}: text encoded twice: {lit}")
            if any(0x0300 <= ord(c) <= 0x036F for c in lit):
                problems.append(f"{where}: a combining mark (no glyph in the font): {lit}")
            bad = sorted({c for c in lit if not drawable(c)})
            if bad:
                problems.append(f"{where}: outside the font atlas: {' '.join(f'U+{ord(c):04X}' for c in bad)} in {lit}")
            if colour.search(lit):
                problems.append(f"{where}: names a colour the theme may not draw: {lit}")
            if hexesc.search(lit):
                problems.append(f"{where}: non-ASCII as hex escapes (write the UTF-8 text): {lit}")
for p in problems:
    print(p)
print(f"text_check: {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
