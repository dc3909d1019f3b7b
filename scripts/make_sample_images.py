#!/usr/bin/env python3
"""Tegner illustrationerne til eksempelrapporten "Værdiskabende gentagelser".

Billederne i ``reports/vaerdiskabende-gentagelser/images/`` er ikke fotos. De er
flade, vektoragtige illustrationer, som dette script tegner med Pillow alene, så
eksempelrapporten kan leveres uden rettighedsbelagte fotos. Scriptet er
deterministisk: alle tilfældige variationer kommer fra faste frø, så en ny kørsel
giver de samme billeder (samme Pillow-version forudsat).

Kør fra projektets rod::

    .venv/bin/python scripts/make_sample_images.py

Teknik: hvert billede tegnes i dobbelt opløsning (``SS``) og skaleres ned med
Lanczos-filter, hvilket giver bløde kanter. Bløde skygger og lysskær er
sløret masker. Billederne er bevidst uden tekst; figurteksterne i Markdown
forklarer, hvad de viser.

Billeder (alle JPEG, RGB, kvalitet 88):

* ``forside.jpg`` 2640 x 2129 (drawn on 2480 x 2000): almene boligblokke med eng, træer og sti.
* ``nationalformue.jpg``: ringdiagram, 70 procent af nationalformuen er bygninger.
* ``erfa-moede.jpg``: mødelokale med oplægsholder og deltagere ved borde.
* ``gruppearbejde.jpg``: bordet set oppefra med post-its, kaffe og idéskitse.
* ``udeklasse.jpg``: børn ved et udendørs bord ved en lille sø.
* ``ungejob.jpg``: ejendomsfunktionær og ung medhjælper med trillebør.
* ``blomstereng.jpg``: blomstereng med bier foran boligblokke.
* ``regnbed.jpg``: regnbed (LAR) med nedløbsrør og jordlag i snit.
* ``bistader.jpg``: beboere i dragter ved bistader.
* ``nabohaver.jpg``: højbede og beboere i en fælles have.
* ``sociale-vagt.jpg``: aftenstemning, ejendomsfunktionær og ældre beboer på bænk.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reports" / "vaerdiskabende-gentagelser" / "images"

SS = 2  # supersampling-faktor
W, H = 2400, 1600  # standardformat 3:2
JPEG_QUALITY = 88

# AlmenNet-paletten plus neutrale toner
DEEP = "#0f5c4d"
TEAL = "#1e7a66"
SAGE = "#8fc1a9"
MIST = "#e8f1ec"
ORANGE = "#e07a3f"
APRICOT = "#f2b36b"
CREAM = "#f7f1e6"
SAND = "#e6d8c0"
WOOD = "#b98b5e"
WOOD_DARK = "#8a6242"
GREY = "#9aa5a0"
GREY_LIGHT = "#d5dcd8"
GREY_DARK = "#4b5753"
INK = "#1d2b28"
WHITE = "#ffffff"
GLASS = "#cfe3e4"
WATER = "#6fb3b0"
VIOLET = "#8e8cc4"
ROSE = "#d99aa5"

SKIN = ["#f1cba8", "#e0ad86", "#b97d56", "#8a5a3b", "#f5d7c0"]
HAIR = ["#2b2320", "#5b3f2b", "#b98e5a", "#8c8c8c", "#1a1a1a", "#d8d2c8"]


# ---------------------------------------------------------------- farver


def rgb(c) -> tuple[int, int, int]:
    if isinstance(c, str):
        c = c.lstrip("#")
        return (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16))
    return tuple(c[:3])


def rgba(c, a: float = 1.0) -> tuple[int, int, int, int]:
    return (*rgb(c), round(255 * a))


def mix(a, b, t: float) -> tuple[int, int, int]:
    a, b = rgb(a), rgb(b)
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


# ---------------------------------------------------------------- lærred


class Layer:
    def __init__(self, size):
        self.img = Image.new("RGBA", size, (0, 0, 0, 0))
        self.d = ImageDraw.Draw(self.img)


class Art:
    """Et lærred med tegnefunktioner i designkoordinater (slutpixels)."""

    def __init__(self, w: int = W, h: int = H, bg=WHITE):
        self.w, self.h = w, h
        self.img = Image.new("RGBA", (w * SS, h * SS), rgba(bg))
        self.d = ImageDraw.Draw(self.img)

    # koordinater
    @staticmethod
    def P(pts):
        return [(x * SS, y * SS) for x, y in pts]

    @staticmethod
    def B(x0, y0, x1, y1):
        return [min(x0, x1) * SS, min(y0, y1) * SS, max(x0, x1) * SS, max(y0, y1) * SS]

    # primitiver
    def poly(self, pts, fill, d=None):
        (d or self.d).polygon(self.P(pts), fill=self._c(fill))

    def rect(self, x0, y0, x1, y1, fill, r=0, d=None):
        if r:
            (d or self.d).rounded_rectangle(
                self.B(x0, y0, x1, y1), radius=r * SS, fill=self._c(fill)
            )
        else:
            (d or self.d).rectangle(self.B(x0, y0, x1, y1), fill=self._c(fill))

    def ell(self, cx, cy, rx, ry, fill, d=None):
        (d or self.d).ellipse(self.B(cx - rx, cy - ry, cx + rx, cy + ry), fill=self._c(fill))

    def circle(self, cx, cy, r, fill, d=None):
        self.ell(cx, cy, r, r, fill, d)

    def line(self, pts, fill, width, d=None, round_caps=True):
        dd = d or self.d
        dd.line(self.P(pts), fill=self._c(fill), width=max(1, round(width * SS)), joint="curve")
        if round_caps:
            for x, y in (pts[0], pts[-1]):
                self.circle(x, y, width / 2, fill, d)

    def limb(self, p0, p1, width, fill, d=None):
        self.line([p0, p1], fill, width, d)

    def pieslice(self, cx, cy, r, a0, a1, fill, d=None):
        (d or self.d).pieslice(self.B(cx - r, cy - r, cx + r, cy + r), a0, a1, fill=self._c(fill))

    def arc(self, cx, cy, rx, ry, a0, a1, fill, width, d=None):
        (d or self.d).arc(
            self.B(cx - rx, cy - ry, cx + rx, cy + ry),
            a0,
            a1,
            fill=self._c(fill),
            width=round(width * SS),
        )

    @staticmethod
    def _c(fill):
        if isinstance(fill, str):
            return rgba(fill)
        if len(fill) == 3:
            return (*fill, 255)
        return tuple(fill)

    # lag med gennemsigtighed
    def layer(self) -> Layer:
        return Layer(self.img.size)

    def merge(self, lay: Layer, opacity: float = 1.0):
        src = lay.img
        if opacity < 1.0:
            a = src.getchannel("A").point(lambda v: round(v * opacity))
            src = src.copy()
            src.putalpha(a)
        self.img.alpha_composite(src)

    def clip_begin(self):
        """Gemmer lærredet, så tegning uden for et område kan fjernes igen."""
        return self.img.copy()

    def clip_end(self, saved, x0, y0, x1, y1):
        """Bevarer kun det, der er tegnet inden for rektanglet siden ``clip_begin``."""
        mask = Image.new("L", self.img.size, 0)
        ImageDraw.Draw(mask).rectangle(self.B(x0, y0, x1, y1), fill=255)
        saved.paste(self.img, (0, 0), mask)
        self.img = saved
        self.d = ImageDraw.Draw(self.img)

    # forløb
    def vgrad(self, stops, x0=0, y0=0, x1=None, y1=None, mask_pts=None):
        """Lodret farveforløb. ``stops`` = [(y, farve), ...] i designkoordinater."""
        x1 = self.w if x1 is None else x1
        y1 = self.h if y1 is None else y1
        hh = self.h * SS
        col = Image.new("RGB", (1, hh))
        stops = sorted(stops)
        data = []
        for py in range(hh):
            y = py / SS
            if y <= stops[0][0]:
                c = rgb(stops[0][1])
            elif y >= stops[-1][0]:
                c = rgb(stops[-1][1])
            else:
                for (ya, ca), (yb, cb) in itertools.pairwise(stops):
                    if ya <= y <= yb:
                        t = (y - ya) / max(1e-6, yb - ya)
                        t = t * t * (3 - 2 * t)  # blød overgang
                        c = mix(ca, cb, t)
                        break
            data.append(c)
        col.putdata(data)
        grad = col.resize((self.w * SS, hh), Image.NEAREST)
        mask = Image.new("L", self.img.size, 0)
        md = ImageDraw.Draw(mask)
        if mask_pts is not None:
            md.polygon(self.P(mask_pts), fill=255)
        else:
            md.rectangle(self.B(x0, y0, x1, y1), fill=255)
        self.img.paste(grad, (0, 0), mask)

    # bløde skygger og lysskær
    def soft(self, shapes, blur=16, opacity=0.25, color=INK):
        """Tegner en sløret form (skygge eller lysskær).

        ``shapes``: liste af ("poly", pts), ("ell", cx, cy, rx, ry) eller
        ("rect", x0, y0, x1, y1, r).
        """
        xs, ys = [], []
        for s in shapes:
            if s[0] == "poly":
                xs += [p[0] for p in s[1]]
                ys += [p[1] for p in s[1]]
            elif s[0] == "ell":
                _, cx, cy, rx, ry = s
                xs += [cx - rx, cx + rx]
                ys += [cy - ry, cy + ry]
            else:
                xs += [s[1], s[3]]
                ys += [s[2], s[4]]
        m = blur * 3
        bx0 = max(0, int((min(xs) - m) * SS))
        by0 = max(0, int((min(ys) - m) * SS))
        bx1 = min(self.img.width, int((max(xs) + m) * SS))
        by1 = min(self.img.height, int((max(ys) + m) * SS))
        if bx1 <= bx0 or by1 <= by0:
            return
        mask = Image.new("L", (bx1 - bx0, by1 - by0), 0)
        md = ImageDraw.Draw(mask)

        def t(x, y):
            return (x * SS - bx0, y * SS - by0)

        for s in shapes:
            if s[0] == "poly":
                md.polygon([t(x, y) for x, y in s[1]], fill=255)
            elif s[0] == "ell":
                _, cx, cy, rx, ry = s
                md.ellipse([*t(cx - rx, cy - ry), *t(cx + rx, cy + ry)], fill=255)
            else:
                _, x0, y0, x1, y1, r = s
                md.rounded_rectangle([*t(x0, y0), *t(x1, y1)], radius=r * SS, fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(blur * SS))
        mask = mask.point(lambda v: round(v * opacity))
        solid = Image.new("RGBA", mask.size, rgba(color))
        region = self.img.crop((bx0, by0, bx1, by1))
        region.paste(solid, (0, 0), mask)
        self.img.paste(region, (bx0, by0))

    def save(self, name: str, size: tuple[int, int] | None = None):
        """Downsample the supersampled canvas to (w, h), or to ``size`` (more pixels, drawn
        from the same canvas: the cover needs 300 ppi across 216 mm in the print file)."""
        OUT.mkdir(parents=True, exist_ok=True)
        out = self.img.resize(size or (self.w, self.h), Image.LANCZOS).convert("RGB")
        path = OUT / name
        out.save(
            path,
            "JPEG",
            quality=JPEG_QUALITY,
            optimize=True,
            progressive=False,
            subsampling="4:2:0",
        )
        print(
            f"{path.relative_to(ROOT)}  {out.width}x{out.height}  {path.stat().st_size // 1024} KB"
        )


# ---------------------------------------------------------------- motiver


def wave(rng, x0, x1, base, amps, step=12):
    """Punkter langs en blød bølget linje (sum af sinuskurver)."""
    comps = [
        (a, rng.uniform(0.6, 1.4) * 2 * math.pi / p, rng.uniform(0, 2 * math.pi)) for a, p in amps
    ]
    pts = []
    x = x0
    while x <= x1 + step:
        y = base + sum(a * math.sin(f * x + ph) for a, f, ph in comps)
        pts.append((x, y))
        x += step
    return pts


def hill(art, rng, base, amps, top, bottom=None, y_bottom=None, x0=-20, x1=None):
    x1 = art.w + 20 if x1 is None else x1
    y_bottom = art.h + 10 if y_bottom is None else y_bottom
    pts = wave(rng, x0, x1, base, amps)
    poly = [*pts, (x1, y_bottom), (x0, y_bottom)]
    if bottom is None:
        art.poly(poly, top)
    else:
        ymin = min(p[1] for p in pts)
        art.vgrad([(ymin, top), (y_bottom, bottom)], mask_pts=poly)
    return pts


def sky(art, top, bottom, horizon=None):
    art.vgrad([(0, top), (horizon or art.h * 0.7, bottom)])


def sun(art, x, y, r, color=APRICOT):
    art.soft([("ell", x, y, r * 2.2, r * 2.2)], blur=r * 0.8, opacity=0.35, color=color)
    art.soft([("ell", x, y, r * 1.35, r * 1.35)], blur=r * 0.3, opacity=0.35, color=WHITE)
    art.circle(x, y, r, mix(color, WHITE, 0.15))


def cloud(art, x, y, s, color=WHITE, opacity=0.85):
    lay = art.layer()
    c = rgba(color)
    for dx, dy, r in [
        (-0.9, 0.15, 0.45),
        (-0.35, -0.2, 0.6),
        (0.3, -0.1, 0.55),
        (0.85, 0.15, 0.42),
    ]:
        art.circle(x + dx * s, y + dy * s, r * s, c, lay.d)
    art.rect(x - 0.9 * s, y + 0.0 * s, x + 0.85 * s, y + 0.57 * s, c, r=0.28 * s, d=lay.d)
    art.merge(lay, opacity)


def round_tree(art, x, y, s, dark=TEAL, light=None, trunk=WOOD_DARK, rng=None, shadow=True):
    rng = rng or random.Random(int(x * 7 + y))
    light = light or mix(dark, SAGE, 0.45)
    if shadow:
        art.soft([("ell", x + s * 0.15, y, s * 0.65, s * 0.12)], blur=s * 0.08, opacity=0.25)
    art.poly(
        [
            (x - s * 0.05, y),
            (x - s * 0.035, y - s * 1.0),
            (x + s * 0.035, y - s * 1.0),
            (x + s * 0.05, y),
        ],
        trunk,
    )
    art.line([(x, y - s * 0.6), (x + s * 0.22, y - s * 0.85)], trunk, s * 0.03)
    cy = y - s * 1.25
    blobs = [
        (0, 0, 0.55),
        (-0.35, 0.15, 0.38),
        (0.36, 0.12, 0.4),
        (-0.1, -0.35, 0.4),
        (0.2, -0.28, 0.36),
    ]
    for dx, dy, r in blobs:
        art.circle(x + dx * s, cy + dy * s, r * s * rng.uniform(0.92, 1.06), dark)
    for dx, dy, r in [(-0.14, -0.16, 0.34), (-0.32, 0.02, 0.22), (0.08, -0.4, 0.22)]:
        art.circle(x + dx * s, cy + dy * s, r * s, light)
    # lille glanslys
    art.circle(x - s * 0.22, cy - s * 0.28, s * 0.08, mix(light, WHITE, 0.35))


def conifer(art, x, y, s, dark=DEEP, light=None):
    light = light or mix(dark, SAGE, 0.3)
    art.soft([("ell", x + s * 0.1, y, s * 0.35, s * 0.08)], blur=s * 0.06, opacity=0.22)
    art.rect(x - s * 0.035, y - s * 0.25, x + s * 0.035, y, WOOD_DARK)
    for i in range(4):
        w = s * (0.42 - i * 0.08)
        top = y - s * (0.55 + i * 0.38)
        bot = y - s * (0.18 + i * 0.36)
        art.poly([(x - w, bot), (x, top), (x + w, bot)], dark)
        art.poly([(x - w, bot), (x, top), (x - w * 0.1, bot)], light)


def block(
    art,
    x,
    ground,
    w,
    floors,
    fh=70,
    facade=CREAM,
    side=None,
    roof=None,
    cols=8,
    balcony=None,
    lit=0.0,
    rng=None,
    depth=None,
    window=GLASS,
    shadow=True,
    balcony_every=1,
    plinth=None,
):
    """En almen boligblok i skrå parallelprojektion (facade + gavl)."""
    rng = rng or random.Random(int(x) * 31 + floors)
    h = floors * fh + fh * 0.55
    depth = w * 0.1 if depth is None else depth
    side = side or mix(facade, INK, 0.18)
    roof = roof or mix(facade, INK, 0.45)
    top = ground - h
    dy = depth * 0.45
    if shadow:
        art.soft(
            [
                (
                    "poly",
                    [
                        (x + w, ground),
                        (x + w + depth + h * 0.25, ground - dy * 0.3),
                        (x + w + depth + h * 0.25, ground + 20),
                        (x, ground + 20),
                    ],
                )
            ],
            blur=26,
            opacity=0.18,
        )
    # gavl
    art.poly(
        [(x + w, ground), (x + w, top), (x + w + depth, top - dy), (x + w + depth, ground - dy)],
        side,
    )
    # facade
    art.rect(x, top, x + w, ground, facade)
    # sokkel
    art.rect(x, ground - fh * 0.35, x + w, ground, plinth or mix(facade, INK, 0.28))
    # tag
    art.poly(
        [(x - 6, top), (x + w, top), (x + w + depth, top - dy), (x + depth - 6, top - dy)],
        mix(roof, WHITE, 0.1),
    )
    art.rect(x - 6, top - 8, x + w + 2, top + 6, roof)
    # vinduer
    cw = w / cols
    ww = cw * 0.46
    for f in range(floors):
        wy0 = top + fh * 0.45 + f * fh
        wy1 = wy0 + fh * 0.52
        for c in range(cols):
            wx = x + c * cw + (cw - ww) / 2
            glow = rng.random() < lit
            wc = mix(APRICOT, WHITE, 0.25) if glow else window
            art.rect(wx, wy0, wx + ww, wy1, wc)
            art.rect(wx, wy0, wx + ww, wy0 + (wy1 - wy0) * 0.18, mix(wc, INK, 0.12))
            if balcony and f % balcony_every == 0 and c % 2 == 0 and f < floors:
                bx0 = wx - cw * 0.12
                bx1 = wx + ww + cw * 0.12
                art.rect(bx0, wy1 - fh * 0.05, bx1, wy1 + fh * 0.22, balcony)
                art.rect(bx0, wy1 + fh * 0.22, bx1, wy1 + fh * 0.28, mix(balcony, INK, 0.3))
    # gavlvinduer
    for f in range(floors):
        wy0 = top + fh * 0.45 + f * fh
        art.poly(
            [
                (x + w + depth * 0.35, wy0 - dy * 0.35),
                (x + w + depth * 0.6, wy0 - dy * 0.6),
                (x + w + depth * 0.6, wy0 + fh * 0.5 - dy * 0.6),
                (x + w + depth * 0.35, wy0 + fh * 0.5 - dy * 0.35),
            ],
            mix(window, INK, 0.2),
        )
    # opgang
    door_x = x + w * 0.5 - cw * 0.3
    art.rect(door_x, ground - fh * 0.62, door_x + cw * 0.6, ground, mix(DEEP, INK, 0.2))
    art.rect(door_x - 8, ground - fh * 0.7, door_x + cw * 0.6 + 8, ground - fh * 0.62, roof)


def flower(art, x, y, r, petal, center=APRICOT, n=6, d=None):
    for i in range(n):
        a = 2 * math.pi * i / n
        art.circle(x + math.cos(a) * r * 0.62, y + math.sin(a) * r * 0.62, r * 0.48, petal, d)
    art.circle(x, y, r * 0.38, center, d)


def bee(art, x, y, s):
    lay = art.layer()
    for dx, dy in [(-0.15, -0.55), (0.25, -0.6)]:
        art.ell(x + dx * s, y + dy * s, s * 0.35, s * 0.24, rgba(WHITE, 0.8), lay.d)
    art.merge(lay)
    art.ell(x, y, s * 0.62, s * 0.42, "#f2b84b")
    for k in (-0.22, 0.1, 0.4):
        art.rect(x + k * s - s * 0.07, y - s * 0.38, x + k * s + s * 0.07, y + s * 0.38, INK)
    art.circle(x - s * 0.62, y, s * 0.25, INK)
    art.line([(x + s * 0.6, y), (x + s * 0.85, y + s * 0.05)], INK, s * 0.06)


def flight_path(art, pts, color=GREY_DARK, r=3, gap=26):
    """Prikket flyverute gennem punkterne (Catmull-Rom-kurve)."""
    ext = [pts[0], *pts, pts[-1]]
    total = []
    for p0, p1, p2, p3 in zip(ext, ext[1:], ext[2:], ext[3:], strict=False):
        for i in range(40):
            t = i / 40
            t2, t3 = t * t, t * t * t
            total.append(
                tuple(
                    0.5
                    * (
                        2 * p1[k]
                        + (-p0[k] + p2[k]) * t
                        + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                        + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                    )
                    for k in (0, 1)
                )
            )
    acc = gap
    for (ax, ay), (bx, by) in itertools.pairwise(total):
        acc += math.hypot(bx - ax, by - ay)
        if acc >= gap:
            art.circle(bx, by, r, color)
            acc = 0


def person(
    art,
    x,
    y,
    h,
    top=TEAL,
    bottom=GREY_DARK,
    skin=SKIN[0],
    hair=HAIR[0],
    hairstyle="short",
    hands=((-0.9, 3.0), (0.9, 3.0)),
    legs=True,
    shoes=INK,
    stripe=None,
    back=False,
    shadow=True,
    skirt=False,
):
    """En enkel figur. ``y`` er fødderne, ``h`` den samlede højde.

    ``hands`` er håndpositioner i hovedenheder (h/7.5) relativt til skuldrene.
    Returnerer håndpositionerne i designkoordinater.
    """
    u = h / 7.5
    hip_y = y - h * 0.47
    sh_y = y - h * 0.8
    if shadow and legs:
        art.soft([("ell", x, y, u * 1.3, u * 0.22)], blur=u * 0.25, opacity=0.28)
    head_r = u * 0.56
    hx, hy = x, sh_y - head_r * 0.95
    # langt hår bag hovedet
    if hairstyle in ("long", "hijab"):
        col = hair
        art.rect(
            hx - head_r * 1.12,
            hy - head_r * 0.2,
            hx + head_r * 1.12,
            sh_y + u * 0.9,
            col,
            r=head_r * 0.8,
        )
    if legs:
        if skirt:
            art.poly(
                [
                    (x - u * 0.8, hip_y - u * 0.2),
                    (x + u * 0.8, hip_y - u * 0.2),
                    (x + u * 1.05, hip_y + u * 1.6),
                    (x - u * 1.05, hip_y + u * 1.6),
                ],
                bottom,
            )
            lw = u * 0.3
            for sx in (-0.45, 0.45):
                art.rect(
                    x + sx * u - lw / 2, hip_y + u * 1.4, x + sx * u + lw / 2, y, skin, r=lw / 2
                )
        else:
            lw = u * 0.46
            for sx in (-0.45, 0.45):
                art.rect(
                    x + sx * u - lw / 2, hip_y - u * 0.2, x + sx * u + lw / 2, y, bottom, r=lw / 2
                )
        for sx in (-0.45, 0.45):
            art.ell(x + sx * u + u * 0.12, y - u * 0.08, u * 0.36, u * 0.16, shoes)
    # arme bag kroppen
    shoulders = [(x - u * 0.82, sh_y + u * 0.35), (x + u * 0.82, sh_y + u * 0.35)]
    hand_pts = []
    for (sx, sy), (hdx, hdy) in zip(shoulders, hands, strict=True):
        hpt = (sx + hdx * u, sy + hdy * u * 0.95)
        hand_pts.append(hpt)
        art.limb((sx, sy), hpt, u * 0.42, mix(top, INK, 0.12))
        art.circle(*hpt, u * 0.24, skin)
    # krop
    art.rect(x - u * 1.0, sh_y, x + u * 1.0, hip_y + u * 0.25, top, r=u * 0.55)
    if stripe:
        art.rect(x - u * 1.0, hip_y - u * 0.75, x + u * 1.0, hip_y - u * 0.5, stripe)
        art.rect(x - u * 1.0, hip_y - u * 0.25, x + u * 1.0, hip_y - u * 0.02, stripe)
    # hals og hoved
    art.rect(hx - u * 0.2, hy + head_r * 0.5, hx + u * 0.2, sh_y + u * 0.15, mix(skin, INK, 0.1))
    if hairstyle == "hijab":
        art.circle(hx, hy, head_r * 1.2, hair)
        art.circle(hx, hy + head_r * 0.05, head_r * 0.82, skin)
        return hand_pts
    art.circle(hx, hy, head_r, hair if back else skin)
    if back:
        art.circle(hx, hy + head_r * 0.2, head_r * 0.92, hair)
        return hand_pts
    if hairstyle == "cap":
        art.pieslice(hx, hy - head_r * 0.05, head_r * 1.05, 180, 360, hair)
        art.rect(
            hx - head_r * 1.05, hy - head_r * 0.12, hx + head_r * 1.55, hy + head_r * 0.02, hair
        )
    elif hairstyle == "bun":
        art.pieslice(hx, hy, head_r * 1.04, 180, 360, hair)
        art.circle(hx + head_r * 0.1, hy - head_r * 1.05, head_r * 0.42, hair)
    elif hairstyle == "bald":
        for sx in (-1, 1):
            art.ell(hx + sx * head_r * 0.9, hy - head_r * 0.05, head_r * 0.2, head_r * 0.38, hair)
    elif hairstyle == "long":
        art.pieslice(hx, hy, head_r * 1.08, 180, 360, hair)
    elif hairstyle == "curly":
        for a in range(0, 181, 30):
            ang = math.radians(180 + a)
            art.circle(
                hx + math.cos(ang) * head_r * 0.85,
                hy + math.sin(ang) * head_r * 0.8,
                head_r * 0.36,
                hair,
            )
    else:
        art.pieslice(hx, hy - head_r * 0.02, head_r * 1.04, 185, 355, hair)
        art.ell(hx - head_r * 0.3, hy - head_r * 0.6, head_r * 0.6, head_r * 0.35, hair)
    return hand_pts


def hexagons(art, x0, y0, x1, y1, r, fill, line):
    dx = r * math.sqrt(3)
    row = 0
    y = y0
    while y < y1 + r:
        x = x0 + (dx / 2 if row % 2 else 0)
        while x < x1 + r:
            pts = [
                (
                    x + r * math.cos(math.radians(60 * k + 30)),
                    y + r * math.sin(math.radians(60 * k + 30)),
                )
                for k in range(6)
            ]
            pts = [(min(max(px, x0), x1), min(max(py, y0), y1)) for px, py in pts]
            art.poly(pts, line)
            inner = [(x + 0.78 * (px - x), y + 0.78 * (py - y)) for px, py in pts]
            art.poly(inner, fill)
            x += dx
        y += r * 1.5
        row += 1


def grass_tufts(art, rng, x0, x1, y0, y1, n, colors, hmin=18, hmax=46, width=4):
    for _ in range(n):
        x = rng.uniform(x0, x1)
        y = rng.uniform(y0, y1)
        c = rng.choice(colors)
        hgt = rng.uniform(hmin, hmax) * (0.6 + 0.8 * (y - y0) / max(1, y1 - y0))
        for k in (-1, 0, 1):
            art.line([(x, y), (x + k * hgt * 0.28, y - hgt * (1 - abs(k) * 0.25))], c, width)


def rotated_rect(cx, cy, w, h, ang):
    ca, sa = math.cos(ang), math.sin(ang)
    pts = []
    for px, py in [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]:
        pts.append((cx + px * ca - py * sa, cy + px * sa + py * ca))
    return pts


# ---------------------------------------------------------------- billeder


def forside():
    rng = random.Random(2023)
    a = Art(2480, 2000)
    sky(a, "#cfe6dc", "#f8efe0", horizon=1250)
    sun(a, 1900, 470, 140)
    cloud(a, 520, 380, 150, opacity=0.75)
    cloud(a, 1350, 250, 110, opacity=0.6)
    cloud(a, 2250, 720, 90, opacity=0.55)
    hill(a, rng, 1170, [(30, 900), (18, 420)], mix(SAGE, MIST, 0.55))
    hill(a, rng, 1230, [(40, 1200), (14, 380)], mix(SAGE, MIST, 0.25))
    # boligblokkene
    block(a, 230, 1330, 760, 4, fh=84, facade="#f4ede2", cols=10, balcony=ORANGE, rng=rng, depth=70)
    block(
        a, 1130, 1300, 300, 9, fh=80, facade="#e4ddd0", cols=4, balcony=APRICOT, rng=rng, depth=70
    )
    block(a, 1560, 1350, 720, 4, fh=84, facade="#dfe9e3", cols=10, balcony=TEAL, rng=rng, depth=70)
    # trærække foran blokkene
    for i, x in enumerate(range(90, 2480, 250)):
        s = 150 + (i * 37 % 5) * 14
        if i % 4 == 1:
            conifer(a, x, 1450, s * 1.4)
        else:
            round_tree(a, x, 1455, s, dark=TEAL if i % 2 else mix(TEAL, DEEP, 0.4), rng=rng)
    hill(a, rng, 1440, [(22, 700), (10, 260)], SAGE, mix(SAGE, TEAL, 0.35), y_bottom=1700)
    # engen i forgrunden
    hill(a, rng, 1560, [(35, 1400), (12, 300)], TEAL, DEEP)
    # sti
    path = []
    for i in range(41):
        t = i / 40
        y = 1560 + t * 460
        x = 1240 + math.sin(t * 2.4 + 0.6) * 260 * (1 - t * 0.3)
        wdt = 40 + t * 260
        path.append((x, y, wdt))
    left = [(x - w / 2, y) for x, y, w in path]
    right = [(x + w / 2, y) for x, y, w in reversed(path)]
    a.poly(left + right, "#efe3cf")
    a.poly([(x + w / 2 - w * 0.12, y) for x, y, w in path] + right, "#e4d3b8")

    # blomster og græs
    def on_path(x, y):
        t = (y - 1560) / 460
        return abs(x - (1240 + math.sin(t * 2.4 + 0.6) * 260 * (1 - t * 0.3))) < 50 + t * 150

    for _ in range(420):
        x, y = rng.uniform(0, 2480), rng.uniform(1580, 2000)
        if not on_path(x, y):
            grass_tufts(
                a,
                rng,
                x,
                x,
                y,
                y,
                1,
                [SAGE, mix(SAGE, TEAL, 0.5), "#2c8a73"],
                hmin=20 + (y - 1580) / 10,
                hmax=60 + (y - 1580) / 10,
                width=5,
            )
    for _ in range(520):
        x = rng.uniform(0, 2480)
        y = rng.uniform(1590, 2000)
        if on_path(x, y):
            continue
        r = 5 + (y - 1560) / 440 * 16
        c = rng.choice([WHITE, WHITE, APRICOT, ORANGE, "#f6dc8a", VIOLET])
        a.line([(x, y + r * 0.8), (x + rng.uniform(-4, 4), y + r * 3)], "#2c8a73", max(2, r * 0.2))
        flower(a, x, y, r, c, center=APRICOT if c != APRICOT else ORANGE)
    # store træer i forgrunden
    round_tree(a, 150, 1930, 430, dark=DEEP, rng=rng)
    round_tree(a, 2360, 1950, 380, dark=mix(DEEP, TEAL, 0.5), rng=rng)
    flight_path(a, [(1480, 1560), (1560, 1480), (1640, 1560), (1700, 1690)], r=4)
    bee(a, 1720, 1700, 40)
    bee(a, 820, 1760, 34)
    a.save("forside.jpg", size=(2640, 2129))


def nationalformue():
    a = Art()
    a.vgrad([(0, "#f4f8f5"), (H, MIST)])
    # diskret baggrundsmønster
    for i in range(14):
        a.circle(1900 + (i % 4) * 120, 180 + (i // 4) * 120, 10, mix(MIST, SAGE, 0.35))
    cx, cy, r_out, r_in = 720, 800, 560, 345
    a.soft([("ell", cx + 20, cy + 40, r_out, r_out)], blur=40, opacity=0.18)
    a.circle(cx, cy, r_out, GREY_LIGHT)
    a.pieslice(cx, cy, r_out, -90, -90 + 0.7 * 360, TEAL)
    a.pieslice(cx, cy, r_out, -90 + 0.7 * 360 - 3, -90 + 0.7 * 360 + 3, WHITE)
    a.pieslice(cx, cy, r_out, -93, -87, WHITE)
    a.circle(cx, cy, r_in, "#fbfdfb")
    # skyline i midten
    base = cy + 120
    for bx, bw, bh, col in [
        (-230, 120, 170, SAGE),
        (-115, 90, 300, TEAL),
        (-30, 140, 220, DEEP),
        (110, 100, 260, SAGE),
        (205, 60, 150, TEAL),
    ]:
        x0 = cx + bx
        a.rect(x0, base - bh, x0 + bw, base, col)
        for fy in range(int(base - bh + 20), int(base - 30), 40):
            for fx in range(int(x0 + 16), int(x0 + bw - 20), 30):
                a.rect(fx, fy, fx + 14, fy + 18, mix(col, WHITE, 0.55))
    a.rect(cx - 260, base, cx + 280, base + 10, DEEP)
    # piktogram: 7 af 10 huse udfyldt
    x0, y0 = 1420, 430
    for i in range(10):
        col, row = i % 5, i // 5
        hx = x0 + col * 170
        hy = y0 + row * 330
        filled = i < 7
        c = TEAL if filled else GREY_LIGHT
        a.soft([("rect", hx + 8, hy + 100, hx + 138, hy + 240, 8)], blur=10, opacity=0.12)
        a.poly([(hx - 10, hy + 100), (hx + 65, hy + 20), (hx + 140, hy + 100)], c)
        a.rect(hx + 5, hy + 95, hx + 125, hy + 235, c)
        wc = mix(c, WHITE, 0.6)
        a.rect(hx + 25, hy + 120, hx + 55, hy + 150, wc)
        a.rect(hx + 75, hy + 120, hx + 105, hy + 150, wc)
        a.rect(hx + 48, hy + 175, hx + 82, hy + 235, mix(c, INK, 0.25))
    # skillelinje og mønt-stabel for resten af formuen
    for k in range(5):
        a.ell(2250, 1360 - k * 34, 70, 22, mix(APRICOT, ORANGE, k / 8))
        a.ell(2250, 1354 - k * 34, 64, 16, mix(APRICOT, WHITE, 0.25))
    a.rect(1420, 1250, 2100, 1262, mix(SAGE, MIST, 0.3), r=6)
    a.save("nationalformue.jpg")


def erfa_moede():
    a = Art()
    a.vgrad([(0, "#eef3ef"), (1080, "#e2ebe5")])
    # vindue mod det grønne
    wx0, wy0, wx1, wy1 = 110, 170, 1050, 900
    a.soft([("rect", wx0, wy0, wx1, wy1, 10)], blur=20, opacity=0.15)
    a.rect(wx0 - 16, wy0 - 16, wx1 + 16, wy1 + 16, WHITE, r=8)
    saved = a.clip_begin()
    a.vgrad([(wy0, "#d6ebe1"), (wy1, "#f4eddf")], wx0, wy0, wx1, wy1)
    # udsigt: blok og træer
    a.rect(420, 520, 980, 820, "#f1e8db")
    for fy in range(545, 800, 70):
        for fx in range(445, 960, 62):
            a.rect(fx, fy, fx + 30, fy + 40, GLASS)
    for tx, s, c in [
        (200, 300, TEAL),
        (360, 240, mix(TEAL, DEEP, 0.4)),
        (760, 260, TEAL),
        (980, 220, mix(TEAL, SAGE, 0.3)),
    ]:
        round_tree(a, tx, 860, s, dark=c, shadow=False)
    a.rect(wx0, 820, wx1, wy1, mix(SAGE, TEAL, 0.3))
    a.clip_end(saved, wx0, wy0, wx1, wy1)
    # vinduesposter
    for px in (wx0 + (wx1 - wx0) / 3, wx0 + 2 * (wx1 - wx0) / 3):
        a.rect(px - 8, wy0, px + 8, wy1, WHITE)
    a.rect(wx0, 520, wx1, 534, WHITE)
    # lærred
    sx0, sy0, sx1, sy1 = 1400, 190, 2200, 660
    a.soft([("rect", sx0, sy0, sx1, sy1, 6)], blur=18, opacity=0.2)
    a.rect(sx0, sy0, sx1, sy1, WHITE, r=6)
    a.rect(sx0, sy0, sx1, sy0 + 60, TEAL, r=6)
    a.rect(sx0, sy0 + 40, sx1, sy0 + 60, TEAL)
    # slide: blad og søjler
    a.ell(1580, 430, 110, 170, SAGE)
    a.line([(1580, 600), (1580, 280)], DEEP, 8)
    for i, hgt in enumerate([90, 150, 130, 210, 260]):
        bx = 1760 + i * 80
        a.rect(bx, 600 - hgt, bx + 52, 600, ORANGE if i == 4 else mix(TEAL, SAGE, 0.3), r=6)
    a.rect(1740, 604, 2160, 612, GREY)
    # gulv
    a.vgrad([(1080, "#d9c7ab"), (H, "#c7b08f")], 0, 1080, W, H)
    for k in range(9):
        y = 1080 + (k**1.6) * 16
        a.line([(0, y), (W, y)], mix("#c7b08f", INK, 0.1), 3, round_caps=False)
    a.rect(0, 1068, W, 1082, mix("#e2ebe5", INK, 0.15))
    # lamper
    for lx in (700, 1300, 1900):
        a.line([(lx, 0), (lx, 140)], GREY_DARK, 4, round_caps=False)
        a.soft([("ell", lx, 200, 160, 80)], blur=60, opacity=0.35, color=APRICOT)
        a.pieslice(lx, 190, 70, 180, 360, DEEP)
    # oplægsholder ved lærredet
    person(
        a,
        2260,
        1130,
        430,
        top=ORANGE,
        bottom=INK,
        skin=SKIN[1],
        hair=HAIR[1],
        hairstyle="long",
        hands=((-1.6, 1.8), (0.6, 3.1)),
    )
    # plante
    a.rect(1220, 990, 1320, 1100, mix(ORANGE, INK, 0.2), r=10)
    for ang in range(-60, 61, 20):
        rad = math.radians(ang - 90)
        a.ell(1270 + math.cos(rad) * 70, 990 + math.sin(rad) * 90, 28, 60, TEAL)

    # borde med deltagere (bagerste række først)
    def table(cx, ty, tw, people, seed):
        r2 = random.Random(seed)
        styles = ["short", "long", "bun", "curly", "hijab", "bald"]
        # deltagere på den anden side af bordet (ses forfra)
        for dx, back in people:
            if back:
                continue
            person(
                a,
                cx + dx,
                ty + 150,
                360,
                top=r2.choice([TEAL, DEEP, SAGE, ORANGE, GREY_DARK, APRICOT]),
                skin=r2.choice(SKIN),
                hair=r2.choice(HAIR),
                hairstyle=r2.choice(styles),
                hands=((0.2, 2.2), (-0.2, 2.2)),
                legs=False,
                shadow=False,
            )
        a.soft([("ell", cx, ty + 60, tw * 0.55, 60)], blur=24, opacity=0.25)
        a.ell(cx, ty + 10, tw / 2, 70, mix(WHITE, GREY, 0.3))
        a.ell(cx, ty, tw / 2, 66, "#fbfbf8")
        a.rect(cx - 14, ty + 60, cx + 14, ty + 210, GREY_DARK)
        a.ell(cx, ty + 212, 90, 16, GREY_DARK)
        # kopper og kande
        for k in range(-2, 3):
            px = cx + k * tw * 0.16
            a.rect(
                px - 16, ty - 30, px + 16, ty + 5, mix(APRICOT, WHITE, 0.3) if k % 2 else WHITE, r=5
            )
            a.ell(px, ty - 30, 16, 5, "#6b4a32")
        a.rect(cx + tw * 0.05 - 20, ty - 90, cx + tw * 0.05 + 20, ty + 2, GLASS, r=10)
        # deltagere på denne side (ses bagfra) på stole
        for dx, back in people:
            if not back:
                continue
            px = cx + dx
            a.soft([("ell", px, ty + 320, 110, 18)], blur=12, opacity=0.25)
            person(
                a,
                px,
                ty + 330,
                430,
                top=r2.choice([TEAL, DEEP, SAGE, GREY_DARK, ORANGE]),
                skin=r2.choice(SKIN),
                hair=r2.choice(HAIR),
                back=True,
                hands=((0.3, 2.0), (-0.3, 2.0)),
                legs=False,
                shadow=False,
            )
            for lx in (px - 66, px + 52):
                a.rect(lx, ty + 170, lx + 14, ty + 320, mix(WOOD_DARK, INK, 0.2))
            a.rect(px - 80, ty + 100, px + 80, ty + 180, WOOD, r=16)
            a.rect(px - 80, ty + 160, px + 80, ty + 180, WOOD_DARK, r=6)

    table(
        700,
        1150,
        620,
        [(-220, False), (-70, False), (90, False), (240, False), (-150, True), (160, True)],
        1,
    )
    table(
        1650,
        1190,
        620,
        [(-230, False), (-80, False), (80, False), (230, False), (-120, True), (170, True)],
        2,
    )
    a.save("erfa-moede.jpg")


def gruppearbejde():
    rng = random.Random(1105)
    a = Art(bg="#e9dcc6")
    # træstruktur
    for _ in range(60):
        y = rng.uniform(0, H)
        pts = wave(rng, -20, W + 20, y, [(6, 900), (3, 260)], step=30)
        a.line(
            pts, mix("#e9dcc6", WOOD, rng.uniform(0.12, 0.3)), rng.uniform(2, 5), round_caps=False
        )
    # stort ark med idéskitse
    sheet = rotated_rect(1150, 780, 1300, 900, math.radians(-3))
    a.soft([("poly", [(x + 14, y + 22) for x, y in sheet])], blur=22, opacity=0.25)
    a.poly(sheet, "#fdfcf8")
    nodes = [
        (1150, 760, 120, TEAL),
        (780, 520, 80, SAGE),
        (1500, 500, 85, SAGE),
        (800, 1040, 80, APRICOT),
        (1540, 1040, 90, APRICOT),
        (1150, 380, 60, ORANGE),
    ]
    for nx, ny, _, _ in nodes[1:]:
        a.line([(1150, 760), (nx, ny)], GREY_DARK, 6)
    for nx, ny, r, c in nodes:
        a.circle(nx, ny, r + 10, GREY_DARK)
        a.circle(nx, ny, r, c)
    # lille hus-ikon i midten
    a.poly([(1085, 760), (1150, 700), (1215, 760)], WHITE)
    a.rect(1098, 755, 1202, 830, WHITE)
    a.rect(1135, 785, 1165, 830, TEAL)
    # kruseduller som håndskrift
    for nx, ny, r, _ in nodes[1:]:
        for k in range(3):
            yy = ny + r + 40 + k * 26
            pts = wave(rng, nx - 90, nx + 60 - k * 25, yy, [(5, 40)], step=8)
            a.line(pts, mix(GREY_DARK, WHITE, 0.2), 4)
    # post-its
    colors = [APRICOT, "#f6dc8a", SAGE, mix(ORANGE, WHITE, 0.35), MIST]
    spots = [
        (260, 220),
        (420, 330),
        (260, 480),
        (1980, 240),
        (2150, 380),
        (1960, 520),
        (2120, 700),
        (300, 1280),
        (470, 1370),
        (1900, 1250),
        (2080, 1370),
    ]
    for i, (px, py) in enumerate(spots):
        ang = math.radians(rng.uniform(-9, 9))
        sq = rotated_rect(px, py, 190, 190, ang)
        a.soft([("poly", [(x + 6, y + 12) for x, y in sq])], blur=10, opacity=0.22)
        a.poly(sq, colors[i % len(colors)])
        for k in range(3):
            yy = py - 40 + k * 34
            a.line([(px - 60, yy), (px + 50 - k * 22, yy)], rgba(INK, 0.6), 5)
    # kaffekopper set oppefra
    for cx, cy in [(560, 860), (1790, 760), (1250, 1420)]:
        a.soft([("ell", cx + 10, cy + 18, 100, 100)], blur=14, opacity=0.3)
        a.circle(cx, cy, 110, WHITE)
        a.circle(cx, cy, 88, mix(WHITE, GREY, 0.2))
        a.circle(cx, cy, 76, "#6b4a32")
        a.circle(cx - 18, cy - 18, 18, mix("#6b4a32", WHITE, 0.25))
        a.rect(cx + 100, cy - 22, cx + 160, cy + 22, WHITE, r=20)
    # kuglepenne
    for x0, y0, x1, y1, c in [
        (600, 1150, 980, 1240, TEAL),
        (1650, 300, 1880, 120, ORANGE),
        (1450, 1330, 1760, 1250, DEEP),
    ]:
        a.soft(
            [
                (
                    "poly",
                    [(x0 + 4, y0 + 10), (x1 + 4, y1 + 10), (x1 + 4, y1 + 20), (x0 + 4, y0 + 20)],
                )
            ],
            blur=6,
            opacity=0.25,
        )
        a.line([(x0, y0), (x1, y1)], c, 20)
        a.line([(x1, y1), (x1 + (x1 - x0) * 0.06, y1 + (y1 - y0) * 0.06)], INK, 8)
    # arme ind fra kanten
    for x0, y0, x1, y1, skin, sleeve in [
        (-40, 1500, 520, 1140, SKIN[2], TEAL),
        (W + 40, 1180, 1880, 1080, SKIN[0], ORANGE),
        (1400, -40, 1300, 260, SKIN[3], GREY_DARK),
    ]:
        a.soft(
            [("poly", [(x0, y0 + 30), (x1, y1 + 30), (x1 + 10, y1 + 60), (x0, y0 + 60)])],
            blur=18,
            opacity=0.2,
        )
        mx, my = x0 + (x1 - x0) * 0.6, y0 + (y1 - y0) * 0.6
        a.line([(x0, y0), (mx, my)], sleeve, 110)
        a.line([(mx, my), (x1, y1)], skin, 80)
        a.circle(x1, y1, 58, skin)
    a.save("gruppearbejde.jpg")


def blomstereng():
    rng = random.Random(41)
    a = Art()
    sky(a, "#d3e9e0", "#f9f0df", horizon=800)
    sun(a, 380, 300, 110)
    cloud(a, 1500, 260, 120, opacity=0.7)
    cloud(a, 2100, 420, 80, opacity=0.55)
    # bleg silhuet af boligblokke
    for bx, bw, bh in [(900, 560, 260), (1520, 220, 420), (1800, 520, 260)]:
        a.rect(bx, 820 - bh, bx + bw, 820, mix(SAGE, MIST, 0.55))
        for fy in range(int(820 - bh + 25), 800, 55):
            for fx in range(bx + 20, bx + bw - 30, 46):
                a.rect(fx, fy, fx + 22, fy + 28, mix(SAGE, MIST, 0.75))
    hill(a, rng, 800, [(20, 900), (8, 300)], mix(SAGE, MIST, 0.2))
    layers = [
        (900, mix(SAGE, TEAL, 0.2), 0.45, 260, 10),
        (1050, mix(SAGE, TEAL, 0.55), 0.7, 200, 16),
        (1250, TEAL, 1.0, 140, 24),
        (1450, DEEP, 1.45, 90, 34),
    ]
    petal_colors = [WHITE, WHITE, APRICOT, ORANGE, VIOLET, "#f6dc8a", ROSE]
    for base, col, scale, n, _ in layers:
        hill(a, rng, base, [(18, 700), (8, 200)], col, mix(col, DEEP, 0.4))
        for _ in range(n):
            x = rng.uniform(-20, W + 20)
            y = base + rng.uniform(-10, 60 * scale) + (rng.uniform(0, 180) if scale > 1.2 else 0)
            hgt = rng.uniform(120, 260) * scale
            sway = rng.uniform(-30, 30) * scale
            stem = mix(col, DEEP, 0.3)
            a.line([(x, y), (x + sway * 0.5, y - hgt * 0.5), (x + sway, y - hgt)], stem, 3 * scale)
            a.ell(
                x + sway * 0.3 + 14 * scale,
                y - hgt * 0.35,
                16 * scale,
                6 * scale,
                mix(stem, SAGE, 0.3),
            )
            kind = rng.random()
            fx, fy = x + sway, y - hgt
            c = rng.choice(petal_colors)
            if kind < 0.55:
                flower(
                    a,
                    fx,
                    fy,
                    20 * scale,
                    c,
                    center=APRICOT if c != APRICOT else ORANGE,
                    n=rng.choice([5, 6, 8]),
                )
            elif kind < 0.8:
                for _ in range(7):
                    a.circle(
                        fx + rng.uniform(-18, 18) * scale,
                        fy + rng.uniform(-10, 10) * scale,
                        7 * scale,
                        WHITE if c in (ORANGE, ROSE) else c,
                    )
            else:
                for k in range(5):
                    a.ell(fx, fy + k * 14 * scale, 7 * scale, 10 * scale, VIOLET)
        grass_tufts(
            a,
            rng,
            -20,
            W + 20,
            base,
            base + 120 * scale,
            int(120 / scale),
            [mix(col, SAGE, 0.3), mix(col, DEEP, 0.2)],
            hmin=30 * scale,
            hmax=70 * scale,
            width=3 * scale,
        )
    # bier med flyveruter
    flight_path(a, [(300, 640), (520, 560), (760, 660), (980, 600), (1140, 760)], r=4)
    bee(a, 1160, 760, 46)
    flight_path(a, [(1500, 1000), (1700, 860), (1850, 980), (2000, 900)], r=4)
    bee(a, 2030, 890, 54)
    bee(a, 640, 1180, 62)
    bee(a, 1620, 560, 34)
    a.save("blomstereng.jpg")


def udeklasse():
    rng = random.Random(5330)
    a = Art()
    sky(a, "#cfe5dc", "#f5efe2", horizon=760)
    cloud(a, 1700, 230, 120, opacity=0.7)
    hill(a, rng, 690, [(20, 800)], mix(SAGE, MIST, 0.4))
    block(a, 120, 780, 900, 5, fh=80, facade="#f2ebdf", cols=11, balcony=APRICOT, rng=rng, depth=60)
    for x in range(1150, 2450, 160):
        if (x // 160) % 3 == 0:
            conifer(a, x, 820, 260)
        else:
            round_tree(a, x, 820, 240, rng=rng)
    hill(a, rng, 800, [(14, 700), (6, 180)], SAGE, mix(SAGE, TEAL, 0.5), y_bottom=1000)
    hill(a, rng, 900, [(20, 1100)], TEAL, DEEP)
    # sø
    px, py, prx, pry = 1720, 1220, 560, 170
    a.ell(px, py + 8, prx + 24, pry + 16, mix(SAND, TEAL, 0.3))
    a.vgrad(
        [(py - pry, "#a8d3cc"), (py + pry, "#3f918a")],
        mask_pts=[
            (px + prx * math.cos(t / 40 * 2 * math.pi), py + pry * math.sin(t / 40 * 2 * math.pi))
            for t in range(40)
        ],
    )
    for k in range(6):
        yy = py - 80 + k * 34
        a.line([(px - 300 + k * 30, yy), (px - 120 + k * 45, yy)], rgba(WHITE, 0.75), 5)
    for lx, ly, r in [(1500, 1260, 50), (1880, 1180, 42), (2050, 1290, 56), (1640, 1330, 38)]:
        a.ell(lx, ly, r, r * 0.4, "#3e9a6e")
        a.pieslice(lx, ly, r, -20, 20, "#3f918a")
    flower(a, 2050, 1280, 18, WHITE, center=APRICOT)
    # frø på blad
    a.ell(1880, 1168, 26, 15, "#6cb36a")
    a.circle(1870, 1156, 8, WHITE)
    a.circle(1890, 1156, 8, WHITE)
    a.circle(1870, 1156, 4, INK)
    a.circle(1890, 1156, 4, INK)
    # siv og dunhammer
    for k in range(14):
        sx = 2180 + k * 22 + rng.uniform(-8, 8)
        sh = rng.uniform(220, 360)
        a.line([(sx, 1250), (sx + 10, 1250 - sh)], "#2f7a55", 6)
        if k % 3 == 0:
            a.rect(sx + 2, 1250 - sh - 10, sx + 22, 1250 - sh + 70, "#7a5638", r=10)
    for k in range(10):
        sx = 1150 + k * 20 + rng.uniform(-6, 6)
        sh = rng.uniform(150, 260)
        a.line([(sx, 1200), (sx - 8, 1200 - sh)], "#2f7a55", 5)
    # guldsmed
    lay = a.layer()
    for wx, wy, rx, ry in [
        (1430, 852, 14, 40),
        (1430, 930, 14, 40),
        (1458, 855, 12, 34),
        (1458, 926, 12, 34),
    ]:
        a.ell(wx, wy, rx, ry, rgba(WHITE, 0.8), lay.d)
    a.merge(lay)
    a.line([(1400, 892), (1520, 888)], TEAL, 9)
    a.circle(1395, 892, 11, DEEP)
    # bord med børn
    tx0, tx1, ty = 240, 1060, 1150
    kids = [
        (330, 250, ORANGE, SKIN[2], HAIR[0], "curly"),
        (500, 240, SAGE, SKIN[0], HAIR[2], "long"),
        (700, 260, APRICOT, SKIN[3], HAIR[4], "short"),
        (880, 245, TEAL, SKIN[1], HAIR[1], "hijab"),
    ]
    for kx, kh, top, skin, hair, hs in kids:
        person(
            a,
            kx,
            ty + 170,
            kh * 1.25,
            top=top,
            skin=skin,
            hair=hair,
            hairstyle=hs,
            hands=((0.6, 1.7), (-0.6, 1.7)),
            legs=False,
            shadow=False,
        )
    a.soft([("rect", tx0, ty + 20, tx1, ty + 60, 10)], blur=18, opacity=0.3)
    a.rect(tx0, ty, tx1, ty + 36, WOOD, r=8)
    a.rect(tx0, ty + 26, tx1, ty + 36, WOOD_DARK)
    for lx in (tx0 + 60, tx1 - 80):
        a.poly(
            [(lx, ty + 36), (lx + 24, ty + 36), (lx + 60, ty + 260), (lx + 36, ty + 260)], WOOD_DARK
        )
        a.poly(
            [(lx + 24, ty + 36), (lx, ty + 36), (lx - 36, ty + 260), (lx - 60, ty + 260)], WOOD_DARK
        )
    a.rect(tx0 - 20, ty + 150, tx1 + 20, ty + 176, WOOD)
    # glas med vandprøver og lup
    for k, jx in enumerate((420, 610, 820)):
        a.rect(jx, ty - 70, jx + 50, ty + 2, rgba(GLASS, 1), r=8)
        a.rect(jx, ty - 38, jx + 50, ty + 2, "#7fbfb7", r=8)
        a.rect(jx - 3, ty - 82, jx + 53, ty - 66, GREY_DARK, r=4)
        if k == 1:
            a.circle(jx + 25, ty - 22, 6, "#3e9a6e")
    a.line([(960, ty - 20), (1010, ty - 70)], INK, 10)
    a.circle(1030, ty - 90, 32, GREY_DARK)
    a.circle(1030, ty - 90, 24, mix(GLASS, WHITE, 0.4))
    # lærer/naturvejleder
    person(
        a,
        1180,
        1420,
        470,
        top=DEEP,
        bottom="#3b4a63",
        skin=SKIN[0],
        hair=HAIR[3],
        hairstyle="short",
        hands=((-1.8, 1.2), (0.3, 3.1)),
    )
    # græs i forgrunden
    grass_tufts(a, rng, 0, W, 1440, 1620, 200, [SAGE, "#2c8a73"], hmin=40, hmax=90, width=5)
    a.save("udeklasse.jpg")


def ungejob():
    rng = random.Random(8080)
    a = Art()
    sky(a, "#d4e8e0", "#f6f0e5", horizon=700)
    cloud(a, 400, 220, 110, opacity=0.7)
    cloud(a, 1900, 300, 140, opacity=0.6)
    block(a, 180, 860, 820, 5, fh=88, facade="#e9e1d3", cols=10, balcony=TEAL, rng=rng, depth=80)
    block(
        a,
        1280,
        840,
        1000,
        4,
        fh=88,
        facade="#f3ede3",
        cols=12,
        balcony=ORANGE,
        rng=rng,
        depth=80,
        balcony_every=2,
    )
    hill(a, rng, 860, [(6, 800)], SAGE, mix(SAGE, TEAL, 0.3), y_bottom=1100)
    # hæk
    hedge_y = 1040
    a.rect(-10, hedge_y - 200, 1500, hedge_y, TEAL, r=40)
    for _ in range(40):
        a.circle(
            rng.uniform(0, 1480),
            rng.uniform(hedge_y - 190, hedge_y - 20),
            rng.uniform(24, 44),
            mix(TEAL, SAGE, rng.uniform(0.1, 0.4)),
        )
    a.rect(-10, hedge_y - 60, 1500, hedge_y, mix(TEAL, DEEP, 0.5))
    # nyklippet del
    a.rect(1500, hedge_y - 140, 1900, hedge_y, mix(TEAL, DEEP, 0.2), r=20)
    # flisesti og græs
    a.vgrad([(hedge_y, mix(SAGE, TEAL, 0.2)), (H, TEAL)], 0, hedge_y, W, H)
    a.poly([(0, 1180), (W, 1130), (W, 1390), (0, 1460)], "#e3dccf")
    for k in range(13):
        x = k * 200
        a.line([(x, 1180 - k * 4), (x - 40, 1460 - k * 6)], "#cfc6b6", 4, round_caps=False)
    a.line([(0, 1320), (W, 1262)], "#cfc6b6", 4, round_caps=False)
    # driftskøretøj
    vx, vy = 1920, 1200
    a.soft([("ell", vx + 180, vy + 8, 280, 30)], blur=18, opacity=0.3)
    a.rect(vx, vy - 300, vx + 230, vy - 40, TEAL, r=30)
    a.rect(vx + 30, vy - 270, vx + 200, vy - 170, GLASS, r=14)
    a.rect(vx + 200, vy - 190, vx + 440, vy - 40, mix(TEAL, DEEP, 0.3), r=10)
    a.rect(vx + 210, vy - 240, vx + 430, vy - 190, rgba(SAGE, 1), r=6)
    a.rect(vx - 10, vy - 90, vx + 450, vy - 60, APRICOT, r=6)
    for wx in (vx + 80, vx + 360):
        a.circle(wx, vy - 30, 52, INK)
        a.circle(wx, vy - 30, 24, GREY)
    a.circle(vx + 120, vy - 220, 26, WHITE)
    a.pieslice(vx + 120, vy - 220, 22, 200, 340, TEAL)
    # rive lænet mod hækken
    a.line([(1460, 1030), (1380, 760)], WOOD, 12)
    a.rect(1350, 740, 1420, 760, GREY_DARK, r=4)
    # ejendomsfunktionær med hækkeklipper
    hands = person(
        a,
        980,
        1330,
        560,
        top=DEEP,
        bottom=mix(DEEP, INK, 0.4),
        skin=SKIN[1],
        hair=ORANGE,
        hairstyle="cap",
        stripe=APRICOT,
        hands=((1.6, 1.9), (1.6, 2.3)),
    )
    hx, hy = hands[1]
    a.rect(hx - 30, hy - 40, hx + 130, hy + 30, ORANGE, r=22)
    a.rect(hx - 10, hy - 70, hx + 60, hy - 40, INK, r=10)
    a.rect(hx + 120, hy - 10, hx + 360, hy + 8, GREY, r=4)
    for k in range(10):
        a.rect(hx + 130 + k * 23, hy - 18, hx + 139 + k * 23, hy + 16, GREY_DARK)
    # ung medhjælper med trillebør
    bx = 300
    a.soft([("ell", bx + 150, 1395, 230, 26)], blur=14, opacity=0.3)
    a.poly([(bx, 1200), (bx + 300, 1200), (bx + 260, 1330), (bx + 40, 1330)], mix(GREY, INK, 0.2))
    a.poly([(bx, 1200), (bx + 300, 1200), (bx + 290, 1230), (bx + 10, 1230)], GREY)
    for _ in range(14):
        a.circle(
            bx + 20 + rng.uniform(0, 260),
            1190 - rng.uniform(0, 70),
            rng.uniform(20, 36),
            mix(TEAL, SAGE, rng.uniform(0, 0.6)),
        )
    a.circle(bx + 20, 1365, 34, INK)
    a.circle(bx + 20, 1365, 12, GREY)
    a.line([(bx + 260, 1310), (bx + 420, 1260)], WOOD_DARK, 12)
    person(
        a,
        bx + 470,
        1400,
        470,
        top=ORANGE,
        bottom="#3b4a63",
        skin=SKIN[3],
        hair=HAIR[4],
        hairstyle="curly",
        stripe=mix(WHITE, GREY, 0.2),
        hands=((-1.3, 2.3), (-2.4, 2.5)),
    )
    grass_tufts(a, rng, 0, W, 1470, 1610, 140, [SAGE, mix(SAGE, TEAL, 0.5)], width=5)
    for _ in range(50):
        flower(a, rng.uniform(0, W), rng.uniform(1480, 1600), 10, rng.choice([WHITE, APRICOT]))
    a.save("ungejob.jpg")


def regnbed():
    rng = random.Random(1234)
    a = Art()
    sky(a, "#b9cfcb", "#e9efec", horizon=760)
    for cx, cy, s in [(500, 200, 180), (1200, 140, 220), (1900, 230, 170), (2300, 120, 120)]:
        cloud(a, cx, cy, s, color="#f3f6f5", opacity=0.9)
    # regn
    lay = a.layer()
    for _ in range(260):
        x = rng.uniform(-100, W)
        y = rng.uniform(300, 900)
        a.line([(x, y), (x - 18, y + 60)], rgba("#5d8f8a", 0.45), 3, d=lay.d, round_caps=False)
    a.merge(lay)
    # bygning med nedløbsrør
    a.rect(0, 220, 620, 1010, "#efe6d8")
    a.rect(0, 200, 650, 240, GREY_DARK)
    for fy in (310, 560, 800):
        for fx in (70, 300):
            a.rect(fx, fy, fx + 150, fy + 160, GLASS)
            a.rect(fx, fy + 150, fx + 150, fy + 170, WHITE)
    a.rect(560, 240, 600, 960, GREY)
    a.rect(540, 930, 660, 980, GREY, r=10)
    # jordoverflade og snit
    ground = 1010
    a.vgrad([(ground, "#7a5a3f"), (H, "#5a412d")], 0, ground + 20, W, H)
    # lag i snittet
    bed_x0, bed_x1 = 900, 1900
    a.rect(0, ground, W, ground + 36, TEAL)
    basin = [
        (bed_x0, ground),
        (bed_x0 + 160, ground + 150),
        (bed_x1 - 160, ground + 150),
        (bed_x1, ground),
    ]
    a.poly(basin, "#6b4f37")
    # vækstmedie og grus i snit under bedet
    a.poly(
        [
            (bed_x0 + 140, ground + 150),
            (bed_x1 - 140, ground + 150),
            (bed_x1 - 80, ground + 320),
            (bed_x0 + 80, ground + 320),
        ],
        "#8d6a4b",
    )
    a.poly(
        [
            (bed_x0 + 80, ground + 320),
            (bed_x1 - 80, ground + 320),
            (bed_x1 - 40, ground + 470),
            (bed_x0 + 40, ground + 470),
        ],
        "#b5a58f",
    )
    for _ in range(500):
        gx = rng.uniform(bed_x0 + 60, bed_x1 - 60)
        gy = rng.uniform(ground + 330, ground + 460)
        a.circle(gx, gy, rng.uniform(5, 11), rng.choice(["#a09079", "#cbbda7", "#8e7f6a"]))
    for _ in range(240):
        gx, gy = rng.uniform(0, W), rng.uniform(ground + 40, H)
        a.circle(gx, gy, rng.uniform(2, 5), "#6a4d36")
    # nedsivningspile
    for k in range(5):
        x = bed_x0 + 260 + k * 120
        for j in range(5):
            a.circle(x, ground + 190 + j * 60, 7, "#9fd0ea")
        a.poly([(x - 18, ground + 480), (x + 18, ground + 480), (x, ground + 510)], "#9fd0ea")
    # render fra nedløbsrør til bed
    a.poly(
        [
            (600, ground - 2),
            (bed_x0 + 40, ground - 2),
            (bed_x0 + 60, ground + 22),
            (600, ground + 22),
        ],
        GREY_LIGHT,
    )
    a.rect(600, ground + 2, bed_x0 + 50, ground + 12, "#7fbfe0")
    # vand i bedet
    a.poly(
        [
            (bed_x0 + 60, ground + 60),
            (bed_x1 - 60, ground + 60),
            (bed_x1 - 150, ground + 140),
            (bed_x0 + 150, ground + 140),
        ],
        "#6fb3c9",
    )
    a.line([(bed_x0 + 200, ground + 80), (bed_x0 + 420, ground + 80)], rgba(WHITE, 0.7), 5)
    a.line([(bed_x1 - 460, ground + 100), (bed_x1 - 280, ground + 100)], rgba(WHITE, 0.7), 5)
    # planter i og omkring bedet
    for k in range(26):
        x = bed_x0 + 40 + k * 38 + rng.uniform(-10, 10)
        base = ground + (60 if bed_x0 + 150 < x < bed_x1 - 150 else 20)
        hgt = rng.uniform(160, 330)
        col = rng.choice([TEAL, "#2c8a73", mix(SAGE, TEAL, 0.4)])
        for j in (-1, 0, 1):
            a.line([(x, base), (x + j * 40, base - hgt * (1 - abs(j) * 0.2))], col, 6)
        if k % 3 == 0:
            flower(a, x + 10, base - hgt, 20, rng.choice([VIOLET, APRICOT, WHITE]))
        elif k % 3 == 1:
            a.ell(x, base - hgt - 10, 10, 30, mix(APRICOT, WOOD, 0.4))
    # træ og bænk til højre
    round_tree(a, 2170, ground + 10, 520, dark=TEAL, rng=rng)
    a.rect(1980, ground - 100, 2240, ground - 80, WOOD, r=6)
    a.rect(2000, ground - 80, 2020, ground, WOOD_DARK)
    a.rect(2200, ground - 80, 2220, ground, WOOD_DARK)
    # barn med paraply
    person(
        a,
        760,
        ground,
        300,
        top=APRICOT,
        bottom="#3b4a63",
        skin=SKIN[2],
        hair=HAIR[0],
        hairstyle="short",
        hands=((0.5, 0.8), (0.4, 3.0)),
    )
    a.line([(790, ground - 190), (800, ground - 330)], INK, 6)
    a.pieslice(800, ground - 320, 150, 180, 360, ORANGE)
    for k in range(-2, 3):
        a.pieslice(800 + k * 60, ground - 320, 30, 0, 180, ORANGE)
    a.save("regnbed.jpg")


def bistader():
    rng = random.Random(777)
    a = Art()
    sky(a, "#f6e7cf", "#e6f0ea", horizon=700)
    sun(a, 1300, 250, 110)
    block(a, 60, 820, 1100, 6, fh=78, facade="#eee5d6", cols=13, balcony=SAGE, rng=rng, depth=70)
    block(a, 1450, 800, 500, 7, fh=78, facade="#e1e9e3", cols=6, balcony=APRICOT, rng=rng, depth=70)
    hill(a, rng, 830, [(10, 800)], mix(SAGE, TEAL, 0.2), TEAL, y_bottom=H + 10)
    for x in (1150, 2250):
        round_tree(a, x, 900, 300, dark=mix(TEAL, DEEP, 0.3), rng=rng)
    # hegn
    for k in range(30):
        x = k * 84
        a.rect(x, 880, x + 16, 1000, mix(WOOD, WHITE, 0.3), r=6)
    a.rect(0, 910, W, 926, mix(WOOD, WHITE, 0.2))
    a.rect(0, 960, W, 976, mix(WOOD, WHITE, 0.2))
    # blomsterbræmme
    for _ in range(260):
        x = rng.uniform(0, W)
        y = rng.uniform(990, 1090)
        a.line([(x, y + 30), (x, y)], DEEP, 3)
        flower(a, x, y, rng.uniform(9, 15), rng.choice([WHITE, APRICOT, VIOLET, ROSE, "#f6dc8a"]))
    # bistader
    hives = [(560, APRICOT), (880, mix(SAGE, TEAL, 0.2)), (1200, mix(ORANGE, WHITE, 0.25))]
    for hx, col in hives:
        a.soft([("rect", hx - 120, 1350, hx + 140, 1400, 20)], blur=16, opacity=0.35)
        a.rect(hx - 100, 1300, hx - 80, 1390, WOOD_DARK)
        a.rect(hx + 80, 1300, hx + 100, 1390, WOOD_DARK)
        for k in range(3):
            y0 = 1300 - (k + 1) * 110
            a.rect(hx - 120, y0, hx + 120, y0 + 104, mix(col, WHITE, k * 0.12), r=4)
            a.rect(hx - 120, y0 + 90, hx + 120, y0 + 104, mix(col, INK, 0.15))
            a.rect(hx - 40, y0 + 40, hx + 40, y0 + 54, mix(col, INK, 0.25), r=6)
        a.poly([(hx - 140, 970), (hx + 140, 970), (hx + 120, 930), (hx - 120, 930)], GREY_DARK)
        a.rect(hx - 60, 1280, hx + 60, 1296, INK)
    # bier
    for _ in range(26):
        bee(a, rng.uniform(400, 1400), rng.uniform(700, 1250), rng.uniform(10, 16))

    # biavlere i dragter
    def beekeeper(x, y, h, skin, hands):
        pts = person(
            a,
            x,
            y,
            h,
            top=WHITE,
            bottom=mix(WHITE, GREY, 0.15),
            skin=skin,
            hair=WHITE,
            hairstyle="short",
            hands=hands,
            shoes=GREY_DARK,
        )
        u = h / 7.5
        hy = y - h * 0.8 - u * 0.53
        a.ell(x, hy - u * 0.5, u * 1.3, u * 0.22, mix(WHITE, GREY, 0.2))
        a.pieslice(x, hy - u * 0.5, u * 0.7, 180, 360, WHITE)
        lay = a.layer()
        a.ell(x, hy + u * 0.1, u * 0.75, u * 0.72, rgba(GREY_DARK, 0.45), lay.d)
        a.merge(lay)
        return pts

    hands = beekeeper(1620, 1400, 520, SKIN[0], ((-1.5, 1.6), (1.0, 1.4)))
    # tavle med voks og honning
    fx, fy = hands[0][0] - 90, hands[0][1] - 100
    a.rect(fx - 110, fy - 10, fx + 110, fy + 150, WOOD, r=4)
    hexagons(a, fx - 95, fy + 4, fx + 95, fy + 138, 12, APRICOT, mix(APRICOT, WOOD_DARK, 0.5))
    beekeeper(1960, 1430, 440, SKIN[3], ((-0.6, 2.2), (0.7, 3.0)))
    # barn der kigger
    person(
        a,
        2230,
        1440,
        300,
        top=TEAL,
        bottom="#3b4a63",
        skin=SKIN[1],
        hair=HAIR[2],
        hairstyle="long",
        hands=((-0.2, 2.6), (0.8, 3.0)),
    )
    grass_tufts(a, rng, 0, W, 1430, 1610, 160, [SAGE, mix(SAGE, DEEP, 0.3)], width=5)
    a.save("bistader.jpg")


def nabohaver():
    rng = random.Random(2400)
    a = Art()
    sky(a, "#d6ebe3", "#f5efe3", horizon=600)
    block(
        a,
        -40,
        880,
        2500,
        6,
        fh=110,
        facade="#efe7da",
        cols=22,
        balcony=TEAL,
        rng=rng,
        depth=0,
        shadow=False,
    )
    # altankasser med blomster
    for k in range(0, 22, 2):
        for f in range(1, 6, 2):
            bx = -40 + k * (2500 / 22) + 20
            by = 880 - 6 * 110 - 110 * 0.55 + 110 * 0.45 + f * 110 + 110 * 0.52 - 20
            for j in range(4):
                a.circle(bx + j * 20 + 10, by, 12, rng.choice([ORANGE, APRICOT, ROSE, WHITE]))
    a.vgrad([(860, mix(SAGE, TEAL, 0.2)), (H, TEAL)], 0, 860, W, H)
    # drivhus
    gx, gy = 1900, 1060
    a.soft([("rect", gx, gy - 10, gx + 420, gy + 30, 10)], blur=16, opacity=0.3)
    lay = a.layer()
    a.poly(
        [(gx, gy), (gx, gy - 260), (gx + 210, gy - 380), (gx + 420, gy - 260), (gx + 420, gy)],
        rgba(GLASS, 0.75),
        lay.d,
    )
    a.merge(lay)
    for k in range(5):
        x = gx + k * 105
        a.line([(x, gy), (x, gy - 260 - (120 - abs(x - gx - 210) * 120 / 210))], WHITE, 6)
    a.line([(gx, gy - 260), (gx + 210, gy - 380), (gx + 420, gy - 260)], WHITE, 8)
    for k in range(6):
        a.circle(gx + 60 + k * 60, gy - 60 - (k % 2) * 40, 30, TEAL)
        a.circle(gx + 70 + k * 60, gy - 90 - (k % 2) * 40, 10, ORANGE)
    # højbede
    beds = [(120, 1120, 620), (860, 1140, 640), (240, 1390, 760), (1180, 1420, 640)]
    for bx, by, bw in beds:
        a.soft([("rect", bx, by + 60, bx + bw, by + 120, 10)], blur=16, opacity=0.3)
        # planter
        for k in range(int(bw / 70)):
            px = bx + 40 + k * 70
            kind = (k + bx // 10) % 3
            if kind == 0:
                for j in range(6):
                    ang = math.radians(180 + j * 36)
                    a.ell(
                        px + math.cos(ang) * 26,
                        by - 20 + math.sin(ang) * 20,
                        26,
                        16,
                        mix(SAGE, TEAL, 0.2 + 0.1 * (j % 2)),
                    )
            elif kind == 1:
                a.line([(px, by), (px, by - 180)], WOOD_DARK, 5)
                for j in range(4):
                    a.ell(px + (-1) ** j * 22, by - 40 - j * 36, 24, 12, TEAL)
                for j in range(3):
                    a.circle(px + (-1) ** j * 14, by - 60 - j * 40, 13, ORANGE)
            else:
                for j in range(5):
                    a.line([(px, by), (px - 30 + j * 15, by - 110)], "#2c8a73", 5)
        a.rect(bx, by, bx + bw, by + 110, WOOD, r=6)
        for k in range(1, 3):
            a.rect(bx, by + k * 36, bx + bw, by + k * 36 + 4, WOOD_DARK)
        a.rect(bx, by - 8, bx + bw, by + 6, mix(WOOD, WHITE, 0.2), r=4)
    # beboere
    hands = person(
        a,
        880,
        1470,
        470,
        top=VIOLET,
        bottom=mix(VIOLET, INK, 0.5),
        skin=SKIN[4],
        hair=HAIR[5],
        hairstyle="bun",
        skirt=True,
        hands=((-1.6, 2.0), (0.5, 3.1)),
    )
    wx, wy = hands[0]
    a.rect(wx - 120, wy - 10, wx - 10, wy + 90, TEAL, r=14)
    a.line([(wx - 120, wy + 20), (wx - 230, wy - 40)], TEAL, 18)
    a.ell(wx - 236, wy - 44, 22, 12, mix(TEAL, INK, 0.2))
    lay = a.layer()
    for k in range(10):
        a.line(
            [(wx - 250, wy - 30), (wx - 300 - k * 6, wy + 70 + k * 8)],
            rgba("#9fd0ea", 0.7),
            3,
            d=lay.d,
        )
    a.merge(lay)
    person(
        a,
        1120,
        1500,
        300,
        top=APRICOT,
        bottom="#3b4a63",
        skin=SKIN[3],
        hair=HAIR[0],
        hairstyle="curly",
        hands=((-1.2, 1.2), (1.2, 1.0)),
    )
    h2 = person(
        a,
        1780,
        1520,
        520,
        top=TEAL,
        bottom=INK,
        skin=SKIN[2],
        hair=HAIR[4],
        hairstyle="bald",
        hands=((0.5, 2.6), (1.0, 2.9)),
    )
    sx, sy = h2[1]
    a.line([(sx + 10, sy - 160), (sx + 40, sy + 220)], WOOD, 12)
    a.poly(
        [(sx + 10, sy + 210), (sx + 80, sy + 200), (sx + 90, sy + 300), (sx + 30, sy + 310)], GREY
    )
    person(
        a,
        2170,
        1530,
        460,
        top=ORANGE,
        bottom="#3b4a63",
        skin=SKIN[1],
        hair=DEEP,
        hairstyle="hijab",
        hands=((-0.9, 2.4), (-0.3, 2.6)),
    )
    a.rect(2040, 1260, 2140, 1330, mix(WOOD, WHITE, 0.3), r=8)
    for j in range(4):
        a.circle(2060 + j * 22, 1258, 16, ORANGE)
    a.save("nabohaver.jpg")


def sociale_vagt():
    rng = random.Random(1900)
    a = Art()
    a.vgrad([(0, "#1f4f58"), (520, "#3f7c77"), (980, "#f2b36b")])
    for _ in range(60):
        a.circle(rng.uniform(0, W), rng.uniform(0, 420), rng.uniform(1.5, 3.5), rgba(WHITE, 1))
    a.circle(1900, 260, 70, "#fbf3e1")
    a.circle(1930, 245, 62, "#2a5e63")
    for bx, bw, fl, col in [
        (-30, 900, 6, "#2f5d5a"),
        (980, 420, 10, "#27514f"),
        (1500, 960, 5, "#356662"),
    ]:
        block(
            a,
            bx,
            1000,
            bw,
            fl,
            fh=82,
            facade=col,
            side=mix(col, INK, 0.3),
            roof=mix(col, INK, 0.5),
            cols=max(4, int(bw / 80)),
            lit=0.42,
            rng=rng,
            depth=50,
            window="#3c6d6d",
            shadow=False,
            plinth=mix(col, INK, 0.3),
        )
    a.vgrad([(990, "#2f6b5c"), (H, "#184a3f")], 0, 990, W, H)
    # sti
    a.poly([(0, 1280), (W, 1210), (W, 1330), (0, 1420)], "#56706a")
    # lygtepæl med lysskær
    lx = 1780
    a.soft([("ell", lx, 700, 260, 260)], blur=90, opacity=0.55, color=APRICOT)
    a.soft([("ell", lx, 1270, 420, 90)], blur=60, opacity=0.35, color=APRICOT)
    a.rect(lx - 12, 700, lx + 12, 1260, "#263a37")
    a.rect(lx - 50, 660, lx + 50, 710, "#263a37", r=8)
    a.rect(lx - 36, 700, lx + 36, 730, "#ffe3b0", r=4)
    # træ
    round_tree(a, 380, 1240, 620, dark="#184a3f", light="#2f6b5c", trunk="#2b2a25", rng=rng)
    # bænk: ryglæn bag personerne
    bx0, bx1, by = 760, 1500, 1160
    a.soft([("ell", (bx0 + bx1) / 2, 1330, 420, 40)], blur=20, opacity=0.4)
    a.rect(bx0, by - 260, bx1, by - 210, WOOD, r=8)
    a.rect(bx0, by - 190, bx1, by - 140, WOOD, r=8)
    for lx2 in (bx0 + 40, bx1 - 64):
        a.rect(lx2, by - 260, lx2 + 24, by, "#263a37")
    # personer på bænken
    person(
        a,
        960,
        by + 150,
        470,
        top=DEEP,
        bottom=mix(DEEP, INK, 0.5),
        skin=SKIN[0],
        hair=HAIR[1],
        hairstyle="short",
        stripe=APRICOT,
        hands=((1.3, 2.4), (0.6, 2.8)),
        legs=False,
    )
    person(
        a,
        1280,
        by + 150,
        450,
        top="#7d6a8c",
        bottom=INK,
        skin=SKIN[4],
        hair=HAIR[5],
        hairstyle="bun",
        hands=((-0.4, 2.8), (-1.1, 2.5)),
        legs=False,
    )
    # sæde og ben
    for px, col in [(960, mix(DEEP, INK, 0.5)), (1280, INK)]:
        for dx in (-30, 30):
            a.rect(px + dx - 21, by - 10, px + dx + 21, by + 170, col, r=14)
            a.ell(px + dx + 8, by + 170, 30, 14, INK)
    a.rect(bx0 - 20, by - 20, bx1 + 20, by + 20, mix(WOOD, WHITE, 0.15), r=8)
    for lx2 in (bx0 + 40, bx1 - 64):
        a.rect(lx2, by + 20, lx2 + 24, by + 150, "#263a37")
    # termokande og kopper
    a.rect(1100, by - 110, 1140, by - 20, "#b8c4c0", r=10)
    a.rect(1150, by - 60, 1180, by - 20, WHITE, r=4)
    # stok
    a.line([(1390, by - 60), (1440, by + 160)], WOOD_DARK, 10)
    a.arc(1375, by - 60, 20, 16, 180, 360, WOOD_DARK, 10)
    # kat
    a.ell(1620, 1310, 60, 30, "#2b2a25")
    a.circle(1670, 1290, 24, "#2b2a25")
    a.poly([(1655, 1275), (1660, 1250), (1672, 1270)], "#2b2a25")
    a.poly([(1675, 1270), (1688, 1250), (1690, 1275)], "#2b2a25")
    a.line([(1560, 1310), (1520, 1270)], "#2b2a25", 8)
    grass_tufts(a, rng, 0, W, 1430, 1610, 150, ["#2f6b5c", "#184a3f"], width=5)
    a.save("sociale-vagt.jpg")


ALL = [
    forside,
    nationalformue,
    erfa_moede,
    gruppearbejde,
    blomstereng,
    udeklasse,
    ungejob,
    regnbed,
    bistader,
    nabohaver,
    sociale_vagt,
]


def main(names: list[str] | None = None) -> None:
    for fn in ALL:
        if names and fn.__name__ not in names:
            continue
        fn()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:] or None)
