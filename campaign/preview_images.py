"""Link-preview images: the picture a shared link shows in a chat or a feed (og:image), drawn on our
own server with Pillow, so that no third party sees who shares what.

A 1200×630 PNG card: the campaign's name, the page's title, and one line of figures (a petition's
count, an event's date), in the page's language. The font is the Vazirmatn we already serve
(static/vendor/vazirmatn, Persian and Latin letters), shaped by Pillow's Raqm layout so that Persian
letters join and run right to left. Cards are kept in the shared cache for
PREVIEW_IMAGE_CACHE_SECONDS under a key that changes with the title, so an edit shows at once and a
count is at most that old.
"""

import hashlib
import unicodedata
from functools import cache
from io import BytesIO

from django.conf import settings
from django.core.cache import cache as shared_cache
from PIL import Image, ImageDraw, ImageFont

FONT_PATH = settings.BASE_DIR / "static" / "vendor" / "vazirmatn" / "Vazirmatn-Variable.woff2"
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BACKGROUND = "#1f2a37"  # the site's header
ACCENT = "#8b1e2d"
MUTED = "#f2c9cf"  # 10:1 on the background


@cache
def font(size, weight="Regular"):
    loaded = ImageFont.truetype(str(FONT_PATH), size, layout_engine=ImageFont.Layout.RAQM)
    loaded.set_variation_by_name(weight)
    return loaded


def is_right_to_left(text):
    """Whether the text's first strong letter is written right to left (Persian, Arabic, Hebrew)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def wrap(draw, text, typeface, width, max_lines):
    """The text in lines no wider than `width`, at most `max_lines` (the last one cut with an ellipsis)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=typeface) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=typeface) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + "…"
    return lines


def draw_line(draw, y, text, typeface, fill, right_to_left):
    """One line, from the start side of its own script: the right edge for Persian."""
    direction = "rtl" if right_to_left else "ltr"
    if right_to_left:
        x = WIDTH - MARGIN - draw.textlength(text, font=typeface, direction=direction)
    else:
        x = MARGIN
    draw.text((x, y), text, font=typeface, fill=fill, direction=direction)


def preview_image(*, eyebrow, title, figures, footer, progress=None, right_to_left=False):
    """PNG bytes of a card. `progress` (0–100) draws a bar under the figures, as on the petition page."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    bar_x = WIDTH - 16 if right_to_left else 0
    draw.rectangle([bar_x, 0, bar_x + 16, HEIGHT], fill=ACCENT)

    draw_line(draw, 60, eyebrow, font(34, "SemiBold"), MUTED, is_right_to_left(eyebrow) or right_to_left)
    title_font = font(60, "Bold")
    title_rtl = is_right_to_left(title)
    y = 130
    for line in wrap(draw, title, title_font, WIDTH - 2 * MARGIN, max_lines=4):
        draw_line(draw, y, line, title_font, "#ffffff", title_rtl)
        y += 84

    draw_line(draw, HEIGHT - 200, figures, font(44, "Bold"), "#ffffff", right_to_left)
    if progress is not None:
        top = HEIGHT - 128
        draw.rounded_rectangle([MARGIN, top, WIDTH - MARGIN, top + 18], radius=9, fill="#3b4756")
        filled = round((WIDTH - 2 * MARGIN) * max(0, min(100, progress)) / 100)
        if filled:
            if right_to_left:
                draw.rounded_rectangle([WIDTH - MARGIN - filled, top, WIDTH - MARGIN, top + 18], radius=9, fill=ACCENT)
            else:
                draw.rounded_rectangle([MARGIN, top, MARGIN + filled, top + 18], radius=9, fill=ACCENT)
    draw_line(draw, HEIGHT - 86, footer, font(30), MUTED, is_right_to_left(footer) or right_to_left)

    output = BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def cached_preview_image(key_parts, build):
    """The card for `key_parts` from the shared cache, or `build()`'s, kept for next time."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in key_parts).encode()).hexdigest()[:32]
    key = f"preview-image:{digest}"
    png = shared_cache.get(key)
    if png is None:
        png = build()
        shared_cache.set(key, png, settings.PREVIEW_IMAGE_CACHE_SECONDS)
    return png
