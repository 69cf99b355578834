"""Product pictures drawn for the demo data (no image files ship with the modules).

Each product family gets a drawing of the real object in a few views (front, angle,
packaging), in the product's own colours, on a soft studio background with a shadow: what
a dealer expects to see in a mall, not a grey placeholder. Pure Pillow, no database.
"""
import io

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from odoo.tools.misc import file_open

SIZE = 1024

# the views of the gallery, in order: the main image is the first one
VIEWS = ("front", "angle", "package")


def _font(size):
    """Odoo's own Roboto (web's fonts), so the labels look the same on every server."""
    with file_open("web/static/fonts/google/Roboto/Roboto-Bold.ttf", "rb") as font_file:
        return ImageFont.truetype(io.BytesIO(font_file.read()), size)


def _background(top, bottom):
    image = Image.new("RGB", (SIZE, SIZE), top)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE):
        ratio = y / (SIZE - 1)
        draw.line([(0, y), (SIZE, y)], fill=tuple(int(a + (b - a) * ratio) for a, b in zip(top, bottom, strict=True)))
    return image


def _shadow(image, box, radius=40):
    layer = Image.new("L", image.size, 0)
    ImageDraw.Draw(layer).ellipse(box, fill=110)
    layer = layer.filter(ImageFilter.GaussianBlur(radius))
    image.paste((60, 60, 70), mask=layer)


def _shade(color, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in color)


def _device(draw, color, angle):
    """A desk device (time clock, printer, shredder): body, screen or slot, keys."""
    skew = 60 if angle else 0
    body = [(262 + skew, 240), (762 + skew, 240), (762 - skew, 800), (262 - skew, 800)]
    draw.polygon(body, fill=color)
    if angle:
        draw.polygon([(762 + skew, 240), (820 + skew, 280), (820 - skew, 830), (762 - skew, 800)],
                     fill=_shade(color, 0.7))
    draw.rounded_rectangle([332, 300, 692, 500], radius=24, fill=(30, 40, 55))
    draw.rounded_rectangle([352, 320, 672, 480], radius=16, fill=(70, 150, 210))
    for row in range(3):
        for col in range(4):
            x, y = 352 + col * 84, 560 + row * 64
            draw.rounded_rectangle([x, y, x + 60, y + 44], radius=10, fill=_shade(color, 1.25))
    draw.ellipse([482, 740, 542, 770], fill=(120, 220, 140))


def _book(draw, color, angle):
    """A notebook: cover, spine or coil, label."""
    offset = 40 if angle else 0
    for sheet in range(6, 0, -1):
        draw.rounded_rectangle([300 + sheet * 6 + offset, 200 + sheet * 4, 740 + sheet * 6 + offset,
                                820 + sheet * 4], radius=18, fill=(245, 243, 236), outline=(210, 205, 195))
    draw.rounded_rectangle([300 + offset, 200, 740 + offset, 820], radius=18, fill=color)
    for y in range(240, 800, 44):
        draw.ellipse([286 + offset, y, 314 + offset, y + 20], outline=(90, 90, 100), width=6)
    draw.rounded_rectangle([390 + offset, 320, 650 + offset, 420], radius=12, fill=(250, 250, 245))
    for y in (350, 380):
        draw.line([(420 + offset, y), (620 + offset, y)], fill=_shade(color, 0.8), width=6)


def _pens(draw, color, angle):
    """A box of pens or markers, fanned out."""
    colors = [color, _shade(color, 0.6), (220, 60, 60), (60, 120, 220), (240, 190, 40), (90, 180, 90)]
    tilt = 90 if angle else 0
    for index, pen_color in enumerate(colors):
        x = 300 + index * 80
        draw.polygon([(x, 260 + tilt), (x + 44, 260 - tilt // 3), (x + 44, 760), (x, 760 + tilt // 3)],
                     fill=pen_color)
        draw.polygon([(x, 260 + tilt), (x + 44, 260 - tilt // 3), (x + 22, 200)], fill=(230, 225, 215))
        draw.rectangle([x + 4, 600, x + 40, 640], fill=(250, 250, 250))
    draw.rounded_rectangle([270, 700, 790, 840], radius=20, fill=_shade(color, 0.85))
    draw.rectangle([330, 740, 730, 790], fill=(250, 250, 245))


def _ream(draw, color, angle):
    """A ream of copy paper in its wrapper."""
    depth = 80 if angle else 30
    draw.polygon([(240, 380), (700, 380), (800, 380 - depth), (340, 380 - depth)], fill=(252, 252, 250))
    draw.polygon([(700, 380), (800, 380 - depth), (800, 700 - depth), (700, 700)], fill=_shade(color, 0.7))
    draw.rectangle([240, 380, 700, 700], fill=color)
    draw.rectangle([240, 470, 700, 600], fill=(250, 250, 250))
    draw.text((300, 505), "A4  70g/m2  500", fill=_shade(color, 0.6), font=_font(44))


def _package(draw, color, angle):
    """The retail box the product ships in."""
    draw.polygon([(230, 330), (650, 330), (800, 230), (380, 230)], fill=_shade(color, 1.2))
    draw.polygon([(650, 330), (800, 230), (800, 760), (650, 860)], fill=_shade(color, 0.7))
    draw.rectangle([230, 330, 650, 860], fill=color)
    draw.rounded_rectangle([280, 420, 600, 620], radius=18, fill=(250, 250, 248))
    draw.rectangle([300, 700, 580, 800], fill=(255, 255, 255))
    for index in range(22):
        draw.rectangle([312 + index * 12, 712, 312 + index * 12 + (4 if index % 3 else 8), 772], fill=(20, 20, 20))


DRAWINGS = {"device": _device, "book": _book, "pens": _pens, "ream": _ream}


def product_picture(kind, color, view="front", code=None):
    """PNG bytes of a product of family ``kind`` (``device``, ``book``, ``pens``, ``ream``)
    in ``color`` (an RGB tuple), seen from ``view`` (one of ``VIEWS``); ``code`` is printed
    on the packaging."""
    if kind not in DRAWINGS or view not in VIEWS:
        raise ValueError(f"unknown product picture {kind!r} / {view!r}")
    image = _background((246, 247, 250), (222, 226, 234))
    _shadow(image, (220, 790, 820, 900))
    draw = ImageDraw.Draw(image)
    if view == "package":
        _package(draw, color, True)
        if code:
            draw.text((300, 470), code, fill=_shade(color, 0.6), font=_font(64))
    else:
        DRAWINGS[kind](draw, color, view == "angle")
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()
