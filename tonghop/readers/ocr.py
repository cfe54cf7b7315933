"""Pages without a text layer (scans), recognised with Tesseract's Vietnamese data.

Each page is rendered by MuPDF at about 300 dpi, turned straight (the skew is the angle
that makes the rows of ink sharpest, a projection profile), its coloured ink (the red
seal, a blue signature) whitened, and read by the `tesseract` program (hOCR with the
boxes of the characters).  The words become the same lines the text-layer reader
builds, with what it needs from them:
- a size, from the height of the letters (x-height, or capitals and digits); sizes
  close to the body's are the body's, clearly smaller ones footnote-sized, so that
  footnotes are found at the foot of the page by their size as on a text PDF;
- bold, from the width of the strokes against the document's usual stroke;
- footnote markers: small raised figures that the recogniser reads badly ("¹" as "!")
  are found in the image, read again as digits alone, and written as superscripts.
Words of scribbles (a signature, handwritten marks) come with a low confidence and
are left out.  Each page keeps the confidence of what was read from it.

The program runs once per page, pages in parallel (one Tesseract process per core,
each on one thread): the work is in those processes, so threads drive them.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pymupdf
from lxml import etree

from tonghop.model import ReadError

DPI = 300
# The resolution the page is recognised at (0: DPI), the page image kept at DPI for what
# is measured in it (markers, sizes, strokes).  200 spares the recogniser a quarter of
# its time but misreads more ("23/ĐC-UBND", "7.269, 10"): a choice for a deployment
# that prefers speed, not the default.
RECOGNITION_DPI = int(os.environ.get("TONGHOP_OCR_RECOGNITION_DPI", "0"))
TIMEOUT_S = int(os.environ.get("TONGHOP_OCR_TIMEOUT", "180"))  # per page
LANG = "vie"

_NO_TESSERACT = (
    "Tệp PDF này là bản quét (không có lớp chữ): cần chương trình nhận dạng chữ Tesseract "
    "mà máy chủ chưa cài (gói tesseract-ocr và tesseract-ocr-vie). Hãy báo quản trị hệ "
    "thống, hoặc tải lên tệp Word (.docx) hay PDF xuất trực tiếp từ Word."
)
_NO_VIETNAMESE = (
    "Tệp PDF này là bản quét (không có lớp chữ): máy chủ có Tesseract nhưng thiếu dữ liệu "
    "nhận dạng tiếng Việt (gói tesseract-ocr-vie). Hãy báo quản trị hệ thống, hoặc tải "
    "lên tệp Word (.docx) hay PDF xuất trực tiếp từ Word."
)
_FAILED = "Không nhận dạng được chữ trên trang {page} của bản quét: {why}"

# Letters with no part above the x-height or below the baseline, and capitals and
# digits with nothing above or below them: their heights give the size of the type.
_X_CHARS = frozenset("acemnorsuvwxz")
_CAP_CHARS = frozenset("ABCDEFGHIKLMNPRSTUVXYZ0123456789")
_X_HEIGHT = 0.46  # of the font size: Times New Roman 0.45, Liberation Serif 0.46
_CAP_HEIGHT = 0.66
# Below this a word is a guess: taken from a scribble, a seal or a smudge.
_WEAK_WORD = 40
# A speck or a rule read as underscores: no word of these documents is one.
_SMUDGE = re.compile(r"^[_~¬]+$")
_ETH = re.compile("Đ?Ð+Đ?")


@dataclass(slots=True)
class Word:
    text: str
    conf: float
    x0: float  # page points, in the straightened page
    x1: float
    y0: float
    y1: float
    base: float
    stroke: float = 0.0  # mean width of the vertical strokes, in points
    sup: bool = False  # a footnote marker
    glued: bool = False  # no space before it: what follows a marker inside a word


@dataclass(slots=True)
class RawLine:
    words: list[Word]
    size: float  # estimated font size in points
    base: float
    y0: float
    y1: float


@dataclass
class PageText:
    """What one page gave: its lines, and the confidence (0-100) of its words."""

    number: int  # 1-based
    lines: list[RawLine] = field(default_factory=list)
    confidence: float = 0.0
    angle: float = 0.0  # the skew taken out, in degrees


# --- the program --------------------------------------------------------------------


@functools.cache
def _program() -> str:
    path = shutil.which("tesseract")
    if path is None:
        raise ReadError(_NO_TESSERACT)
    try:
        out = subprocess.run(
            [path, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        raise ReadError(_NO_TESSERACT) from None
    if LANG not in (out.stdout + out.stderr).split():
        raise ReadError(_NO_VIETNAMESE)
    return path


@functools.cache
def _has_english() -> bool:
    out = subprocess.run(
        [_program(), "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    return "eng" in (out.stdout + out.stderr).split()


def check_available() -> None:
    """Raise the ReadError naming the missing package, if any."""
    _program()


def _run(args: list[str], image: bytes, page: int, lang: str = LANG) -> bytes:
    # One thread per process: pages run side by side, and Tesseract's own threads
    # only fight over the same cores.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [_program(), "stdin", "stdout", "-l", lang, *args],
            input=image,
            capture_output=True,
            timeout=TIMEOUT_S,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReadError(
            _FAILED.format(page=page, why=f"quá {TIMEOUT_S} giây nên đã dừng.")
        ) from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["lỗi lạ"]
        raise ReadError(_FAILED.format(page=page, why=why[0]))
    return done.stdout


# --- the image ------------------------------------------------------------------------


@dataclass
class _Image:
    gray: np.ndarray  # uint8, coloured ink whitened
    zoom: float  # pixels per point
    ox: float  # pixel (0, 0) in straightened page coordinates, in pixels
    oy: float
    ink: np.ndarray | None = None  # bool, dark pixels

    def pgm(self) -> bytes:
        h, w = self.gray.shape
        return b"P5\n%d %d\n255\n" % (w, h) + self.gray.tobytes()

    def for_recognition(self) -> tuple[bytes, float]:
        """The page for the recogniser, at RECOGNITION_DPI, and the factor from its
        pixels to this image's.  The recogniser scales each line to a fixed height of
        its own; a larger page costs it layout and the copying of each line's image."""
        dpi = self.zoom * 72
        if not 0 < RECOGNITION_DPI < dpi - 1:
            return self.pgm(), 1.0
        h, w = self.gray.shape
        nw, nh = round(w * RECOGNITION_DPI / dpi), round(h * RECOGNITION_DPI / dpi)
        pix = pymupdf.Pixmap(pymupdf.csGRAY, w, h, self.gray.tobytes(), False)
        small = pymupdf.Pixmap(pix, nw, nh, None)  # MuPDF's area-averaging downscale
        return b"P5\n%d %d\n255\n" % (small.width, small.height) + small.samples, w / small.width

    def binary(self) -> np.ndarray:
        if self.ink is None:
            self.ink = _despeckle(self.gray < _otsu(self.gray))
        return self.ink


def _despeckle(ink: np.ndarray) -> np.ndarray:
    """Ink pixels with fewer than two inked neighbours left out: dust and grain, which
    would read as dots and hide the gaps around footnote markers."""
    padded = np.pad(ink, 1).view(np.uint8)
    h, w = ink.shape
    around = np.zeros((h, w), dtype=np.uint8)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if dy != 1 or dx != 1:
                around += padded[dy : dy + h, dx : dx + w]
    return ink & (around >= 2)


def _otsu(gray: np.ndarray) -> int:
    hist = np.bincount(gray[::2, ::2].ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - m0 * total) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def _matrix(page: pymupdf.Page, zoom: float, angle: float) -> pymupdf.Matrix:
    """Scale by `zoom` after turning the page by `angle` degrees about its centre."""
    r = page.rect
    cx, cy = (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2
    m = pymupdf.Matrix(1, 0, 0, 1, -cx, -cy) * pymupdf.Matrix(angle)
    return m * pymupdf.Matrix(1, 0, 0, 1, cx, cy) * pymupdf.Matrix(zoom, zoom)


def _array(pix: pymupdf.Pixmap) -> np.ndarray:
    a = np.frombuffer(pix.samples, dtype=np.uint8)
    return a.reshape(pix.height, pix.width, pix.n)


def _skew(small: np.ndarray) -> float:
    """The angle (degrees) of the rows of text in a small gray image: the one whose
    projection of the ink onto the vertical axis has the sharpest peaks."""
    ys, xs = np.nonzero(small < min(_otsu(small), 160))
    if len(ys) < 200:
        return 0.0
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - small.shape[1] / 2
    height = small.shape[0]

    def score(deg: float) -> float:
        t = math.tan(math.radians(deg))
        rows = np.round(ys - xs * t).astype(np.int64) + height
        counts = np.bincount(rows[(rows >= 0)], minlength=3 * height)
        return float(np.dot(counts, counts))

    best = max(np.arange(-5.0, 5.01, 0.25), key=score)
    best = max(np.arange(best - 0.25, best + 0.251, 0.05), key=score)
    return float(best)


def _overlays(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """What was laid over the scanned image: the words of a digital-signature stamp
    (a text layer of a few words) and small pictures (its logo).  Not the document's
    text: they are whitened before reading."""
    area = page.rect.width * page.rect.height
    rects = [pymupdf.Rect(b[:4]) for b in page.get_text("blocks") if b[6] == 0]
    for info in page.get_image_info():
        box = pymupdf.Rect(info["bbox"]) & page.rect
        if box.get_area() < 0.5 * area:
            rects.append(box)
    return rects


def _whiten(a: np.ndarray, rects: list[pymupdf.Rect], m: pymupdf.Matrix, ox: int, oy: int):
    h, w = a.shape[:2]
    for r in rects:
        box = r * m  # the bounding box of the turned rectangle, in pixels
        x0, y0 = max(int(box.x0) - ox - 2, 0), max(int(box.y0) - oy - 2, 0)
        x1, y1 = min(int(box.x1) - ox + 3, w), min(int(box.y1) - oy + 3, h)
        if x1 > x0 and y1 > y0:
            a[y0:y1, x0:x1] = 255


def render(page: pymupdf.Page, dpi: int = DPI) -> tuple[_Image, float]:
    """The page as a straight gray image with its coloured ink and what was laid over
    the scan whitened; the skew taken out (degrees)."""
    overlays = _overlays(page)
    small_zoom = 100 / 72
    small = pymupdf.Matrix(small_zoom, small_zoom)
    pix = page.get_pixmap(matrix=small, alpha=False)
    rgb = _array(pix).astype(np.int16)
    spread = rgb.max(axis=2) - rgb.min(axis=2)
    coloured = (spread > 60).mean() > 2e-4
    gray_small = rgb.max(axis=2).astype(np.uint8)
    gray_small[spread > 60] = 255
    _whiten(gray_small, overlays, small, 0, 0)
    angle = _skew(gray_small)
    zoom = dpi / 72
    # The text leans by `angle`: turning the page back by it makes the rows level.
    m = _matrix(page, zoom, -angle if abs(angle) >= 0.1 else 0.0)
    space = pymupdf.csRGB if coloured else pymupdf.csGRAY
    pix = page.get_pixmap(matrix=m, colorspace=space, alpha=False)
    a = _array(pix)
    if coloured:
        hi = a.max(axis=2)
        lo = a.min(axis=2)
        # Seal and signature ink is coloured: red, blue, violet.  Black letters that a
        # seal overlaps stay dark in every channel and are kept.
        gray = hi.copy()
        gray[(hi.astype(np.int16) - lo) > 60] = 255
    else:
        gray = a[:, :, 0].copy()
    _whiten(gray, overlays, m, pix.x, pix.y)
    return _Image(gray, zoom, float(pix.x), float(pix.y)), angle


# --- reading one page -------------------------------------------------------------------

_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_WCONF = re.compile(r"x_wconf (-?\d+)")
_CBOX = re.compile(r"x_bboxes (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_NS = "{http://www.w3.org/1999/xhtml}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(slots=True)
class _Char:
    text: str
    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(slots=True)
class _PxWord:
    text: str
    conf: float
    x0: int
    y0: int
    x1: int
    y1: int
    chars: list[_Char]


@dataclass(slots=True)
class _PxLine:
    words: list[_PxWord]
    x0: int
    y0: int
    x1: int
    y1: int
    slope: float
    offset: float  # baseline: y1 + offset + slope * (x - x0)

    def base(self, x: float) -> float:
        return self.y1 + self.offset + self.slope * (x - self.x0)


def _box(title: str, pattern: re.Pattern, scale: float = 1.0) -> tuple[int, int, int, int]:
    m = pattern.search(title)
    if not m:
        return (0, 0, 0, 0)
    return tuple(round(int(v) * scale) for v in m.groups())  # type: ignore[return-value]


def _parse(hocr: bytes, scale: float = 1.0) -> list[_PxLine]:
    """The lines of an hOCR page; boxes multiplied by `scale` (from the image read to
    the page image)."""
    root = etree.fromstring(hocr, _PARSER)
    lines = []
    for el in root.iter(f"{_NS}span"):
        cls = el.get("class")
        if cls not in ("ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"):
            continue
        title = el.get("title", "")
        x0, y0, x1, y1 = _box(title, _BBOX, scale)
        m = _BASELINE.search(title)
        slope, offset = (float(m.group(1)), float(m.group(2)) * scale) if m else (0.0, 0.0)
        words = []
        for w in el.iterfind(f"{_NS}span"):
            if w.get("class") != "ocrx_word":
                continue
            wt = w.get("title", "")
            chars = []
            for c in w.iterfind(f"{_NS}span"):
                if c.get("class") == "ocrx_cinfo" and c.text:
                    cx0, cy0, cx1, cy1 = _box(c.get("title", ""), _CBOX, scale)
                    chars.append(_Char(c.text, cx0, cy0, cx1, cy1))
            text = "".join(c.text for c in chars) if chars else "".join(w.itertext())
            text = unicodedata.normalize("NFC", text.strip())
            # "Đ" is sometimes read twice, once as the Icelandic "Ð" ("HĐÐĐND"): no
            # Vietnamese word has that letter.
            text = _ETH.sub("Đ", text)
            if not text:
                continue
            m = _WCONF.search(wt)
            wx0, wy0, wx1, wy1 = _box(wt, _BBOX, scale)
            words.append(_PxWord(text, float(m.group(1)) if m else 0.0, wx0, wy0, wx1, wy1, chars))
        if words:
            lines.append(_PxLine(words, x0, y0, x1, y1, slope, offset))
    return lines


# "I", "II", "III" and what the recogniser makes of them when their serifs touch
# ("HIIIL"): no Vietnamese word is spelt so.
_ROMAN_I = re.compile(r"^(?=[^IlỊ|]*[IlỊ|])([IlỊ|HL]{1,5})([.\-–]?)$")


def _count_stems(word: _PxWord, ink: np.ndarray) -> None:
    """ "I.", "II." and "III." opening a line, their letters counted in the image.

    In bold serif type the serifs of "III" touch and the recogniser often reads "II":
    the section number would be wrong.  Each "I" is one upright stem, a run of columns
    inked over most of the letter's height.  The full stop after them, a small blot on
    the baseline, is sometimes lost too ("II NHIỆM VỤ")."""
    m = _ROMAN_I.match(word.text)
    if not m:
        return
    crop = ink[max(word.y0, 0) : max(word.y1, 0), max(word.x0, 0) : max(word.x1, 0)]
    rows = np.nonzero(crop.any(axis=1))[0]
    if crop.size == 0 or len(rows) < 8:
        return
    crop = crop[rows[0] : rows[-1] + 1]
    tall = crop.mean(axis=0) >= 0.7
    stems = int(np.count_nonzero(tall[1:] & ~tall[:-1])) + int(tall[0])
    if not 1 <= stems <= 3:
        return
    after = m.group(2)
    if not after:
        last = int(np.nonzero(tall)[0][-1])
        # Past the last stem's serif: ink only in the lowest third is a full stop.
        rest = crop[:, last + 1 :]
        cols = np.nonzero(rest.any(axis=0))[0]
        if len(cols):
            rest = rest[:, cols[0] :]
            gap = np.nonzero(~rest.any(axis=0))[0]
            blot = rest[:, gap[0] :] if len(gap) else rest[:, :0]
            low = np.nonzero(blot.any(axis=1))[0]
            if len(low) and low[0] >= 0.6 * crop.shape[0]:
                after = "."
    word.text = "I" * stems + after
    word.chars = []


_NUMBER_SLOTS = (("số", None), ("ngày", "tháng"))
_SURE = 90


def _handwritten_numbers(image: _Image, lines: list[_PxLine], page: int) -> None:
    """The number and the day of the header, filled in by hand at signing ("Số: 280
    /BC-UBND", "ngày 22 tháng"), read again as figures alone.

    Read with the type around them they come out as "80" or "Êˆ@_": the blank between
    "Số:" and "/BC-UBND", or between "ngày" and "tháng", is cut out and read with only
    digits allowed, when what stands there is not surely a number."""
    h, w = image.gray.shape
    jobs = []
    for ln in lines:
        if ln.y0 > 0.35 * h:
            continue
        words = ln.words
        for k, word in enumerate(words[:-1]):
            key = word.text.rstrip(":").lower()
            for opener, closer in _NUMBER_SLOTS:
                if key != opener:
                    continue
                end = k + 1
                while end < len(words) and not words[end].text.startswith("/"):
                    if closer is not None and words[end].text.lower() == closer:
                        break
                    end += 1
                if end >= len(words) or end - k > 3:
                    continue
                inside = words[k + 1 : end]
                if inside and all(x.text.isdigit() and x.conf >= _SURE for x in inside):
                    continue
                pad = (ln.y1 - ln.y0) // 3
                box = (word.x1 + 2, max(ln.y0 - pad, 0), words[end].x0 - 2, min(ln.y1 + pad, h))
                if box[2] - box[0] > 10:
                    jobs.append((ln, k + 1, end, box))
    for ln, start, end, (x0, y0, x1, y1) in jobs:
        crop = np.full((y1 - y0 + 40, x1 - x0 + 40), 255, dtype=np.uint8)
        crop[20:-20, 20:-20] = image.gray[y0:y1, x0:x1]
        pgm = b"P5\n%d %d\n255\n" % (crop.shape[1], crop.shape[0]) + crop.tobytes()
        lang = "eng" if _has_english() else LANG
        out = _run(["--psm", "7", "-c", "tessedit_char_whitelist=0123456789"], pgm, page, lang)
        digits = re.sub(r"\s+", "", out.decode("utf-8", "replace"))
        if digits.isdigit() and len(digits) <= 4:
            word = _PxWord(digits, float(_SURE), x0, y0, x1, y1, [])
            ln.words[start:end] = [word]


def _em(line: _PxLine) -> tuple[float | None, int]:
    """The font size of a line in pixels, from the heights of its plain letters, and
    how many letters it was measured on."""
    estimates = []
    for w in line.words:
        for c in w.chars:
            h = c.y1 - c.y0
            if h <= 0:
                continue
            if c.text in _X_CHARS:
                estimates.append(h / _X_HEIGHT)
            elif c.text in _CAP_CHARS:
                estimates.append(h / _CAP_HEIGHT)
    if not estimates:
        return None, 0
    return float(np.median(estimates)), len(estimates)


def _sizes(lines: list[_PxLine]) -> list[float]:
    """Each line's size in pixels.  A short line ("tập." ending a footnote) gives too
    few letters to measure: it takes the size of the nearest well-measured line."""
    measured = [_em(ln) for ln in lines]
    good = [(ln.y1, em) for ln, (em, n) in zip(lines, measured, strict=True) if em and n >= 8]
    if not good:
        known = [em for em, _ in measured if em]
        return [em or (float(np.median(known)) if known else 60.0) for em, _ in measured]
    out = []
    for ln, (em, n) in zip(lines, measured, strict=True):
        if em is None or n < 8:
            em = min(good, key=lambda g: abs(g[0] - ln.y1))[1]
        out.append(em)
    return out


def _stroke(ink: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> float:
    """Mean length of the horizontal runs of ink in a box: the width of the stems."""
    crop = ink[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)]
    if crop.size == 0:
        return 0.0
    total = int(crop.sum())
    starts = int(np.count_nonzero(crop[:, 1:] & ~crop[:, :-1])) + int(crop[:, 0].sum())
    return total / starts if starts else 0.0


@dataclass(slots=True)
class _Raised:
    x0: int
    x1: int
    y0: int
    y1: int
    before: int  # index of the word it follows in the line (-1: the line's start)
    digits: str = ""


def _raised(line: _PxLine, ink: np.ndarray, xh: float) -> list[_Raised]:
    """Small figures raised above the baseline, standing free: footnote markers.

    Columns are empty, hold ink only well above the baseline, or hold ink near it
    (letters).  A marker is a stretch of raised-only columns with empty columns on
    both sides: the bar of a "T", the horn of an "ơ" or an accent overhanging its
    letter touch that letter.  Quotes and apostrophes are raised and free, but too
    short to be figures."""
    h, w = ink.shape
    x0 = max(line.x0 - int(xh), 1)
    x1 = min(line.x1 + int(xh), w - 1)
    base = int(round(line.base((x0 + x1) / 2)))
    top = max(base - int(2.0 * xh), 0)
    high_end = base - int(0.45 * xh)
    low_end = min(base + int(0.6 * xh), h)
    if high_end <= top or x1 <= x0:
        return []
    high = ink[top:high_end, x0 - 1 : x1 + 1]
    low = ink[high_end:low_end, x0 - 1 : x1 + 1].any(axis=0)
    raised = high.any(axis=0) & ~low
    empty = ~high.any(axis=0) & ~low
    # Stretches of raised-only columns between empty ones; one that touches a letter
    # column is part of that letter.
    pieces: list[tuple[int, int, int, int]] = []
    k, n = 1, len(raised) - 1
    while k < n:
        if not raised[k]:
            k += 1
            continue
        start = k
        while k < n and raised[k]:
            k += 1
        end = k - 1
        if not (empty[start - 1] and empty[end + 1]):
            continue
        r0, r1 = _tallest_run(np.nonzero(high[:, start : end + 1].any(axis=1))[0])
        if r1 - r0 + 1 >= 0.65 * xh and end - start + 1 >= 0.12 * xh:
            pieces.append((start, end, r0, r1))
    # The figures of one marker ("12") stand close together.
    out: list[_Raised] = []
    gap_max = max(int(0.55 * xh), 2)
    for start, end, r0, r1 in pieces:
        if out and x0 - 1 + start - out[-1].x1 <= gap_max:
            last = out[-1]
            last.x1 = x0 + end
            last.y0, last.y1 = min(last.y0, top + r0), max(last.y1, top + r1 + 1)
        else:
            out.append(_Raised(x0 - 1 + start, x0 + end, top + r0, top + r1 + 1, -1))
    return [m for m in out if m.x1 - m.x0 <= 3 * xh]


def _tallest_run(rows: np.ndarray) -> tuple[int, int]:
    """The longest stretch of inked rows: the figure, not an accent or a descender of
    the line above that stands in the same columns."""
    best = (int(rows[0]), int(rows[0]))
    start = prev = int(rows[0])
    for r in map(int, rows[1:]):
        if r - prev > 2:
            start = r
        prev = r
        if prev - start > best[1] - best[0]:
            best = (start, prev)
    return best


def _read_digits(image: _Image, marks: list[_Raised], page: int, depth: int = 0) -> None:
    """Read the raised marks of a page as digits.

    Each mark is cut out alone, enlarged, and all are set in one row between dashes
    ("-4-5-12-"), read in one go with only digits and the dash allowed: marks set far
    apart without dashes are read badly.  The row holds each mark three times (gray,
    and at two thresholds) and each mark takes the reading most copies give: a thin
    "1" is sometimes lost in one copy.  A row that does not read as one number per
    copy is read again in halves."""
    if not marks:
        return
    scale, pad = 3, 4
    crops = []
    for m in marks:
        # The mark alone on white: nothing of its neighbours comes along.
        crop = np.full((m.y1 - m.y0 + 2 * pad, m.x1 - m.x0 + 2 * pad), 255, dtype=np.uint8)
        crop[pad:-pad, pad:-pad] = image.gray[m.y0 : m.y1, m.x0 : m.x1]
        crops.append(np.repeat(np.repeat(crop, scale, axis=0), scale, axis=1))
    copies = [
        *crops,
        *(np.where(c < 200, 0, 255).astype(np.uint8) for c in crops),
        *(np.where(c < 160, 0, 255).astype(np.uint8) for c in crops),
    ]
    height = max(c.shape[0] for c in crops) + 40
    dash = np.full((height, height * 3 // 4), 255, dtype=np.uint8)
    t = max(height // 24, 2)
    dash[height // 2 - t : height // 2 + t, height // 4 : height // 2] = 0
    margin = np.full((height, 40), 255, dtype=np.uint8)
    parts = [margin, dash]
    for c in copies:
        cell = np.full((height, c.shape[1]), 255, dtype=np.uint8)
        top = (height - c.shape[0]) // 2
        cell[top : top + c.shape[0]] = c
        parts += [cell, dash]
    parts.append(margin)
    canvas = np.hstack(parts)
    pgm = b"P5\n%d %d\n255\n" % (canvas.shape[1], canvas.shape[0]) + canvas.tobytes()
    # English data reads lone figures and dashes better than the Vietnamese (which
    # joins "7-8" into "78"); it comes with the tesseract-ocr package.
    lang = "eng" if _has_english() else LANG
    args = ["--psm", "7", "-c", "tessedit_char_whitelist=0123456789-"]
    out = _run(args, pgm, page, lang)
    found = [f for f in out.decode("utf-8", "replace").strip().split("-") if f]
    n = len(marks)
    if len(found) == 3 * n and all(f.isdigit() for f in found):
        for k, m in enumerate(marks):
            votes = [found[k], found[n + k], found[2 * n + k]]
            best = max(votes, key=votes.count)
            m.digits = best if votes.count(best) > 1 else votes[0]
    elif n > 1 and depth < 3:
        _read_digits(image, marks[: n // 2], page, depth + 1)
        _read_digits(image, marks[n // 2 :], page, depth + 1)


def read_image(image: _Image, number: int) -> PageText:
    """Recognise one page image; return its lines in page points."""
    pgm, scale = image.for_recognition()
    hocr = _run(
        ["--psm", "3", "--dpi", str(round(image.zoom * 72 / scale)), "-c", "tessedit_do_invert=0",
         "-c", "hocr_char_boxes=1", "hocr"],
        pgm,
        number,
    )  # fmt: skip
    lines = _parse(hocr, scale)
    ink = image.binary()
    for ln in lines:
        _count_stems(ln.words[0], ink)
    _handwritten_numbers(image, lines, number)
    sizes = _sizes(lines)
    marks_by_line: list[list[_Raised]] = []
    all_marks: list[_Raised] = []
    for ln, em in zip(lines, sizes, strict=True):
        xh = em * _X_HEIGHT
        marks = _raised(ln, ink, xh)
        marks_by_line.append(marks)
        all_marks.extend(marks)
    _read_digits(image, all_marks, number)
    marks_by_line = [[m for m in marks if m.digits] for marks in marks_by_line]
    _reread(image, lines, marks_by_line, sizes, number)

    z, ox, oy = image.zoom, image.ox, image.oy
    out = PageText(number)
    weight = kept = 0.0
    for ln, em, marks in zip(lines, sizes, marks_by_line, strict=True):
        words = _words(ln, marks, ink, em)
        if not words:
            continue
        # Two columns side by side (the header, the signature beside "Nơi nhận") can
        # come as one line: parted at a gap no justified line has, over an em and
        # four times the line's usual gap.
        gaps = [b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False) if not b.glued]
        wide = max(1.2 * em, 4 * float(np.median(gaps))) if gaps else 0.0
        groups = [[words[0]]]
        for w in words[1:]:
            if w.x0 - groups[-1][-1].x1 > wide and not w.glued:
                groups.append([w])
            else:
                groups[-1].append(w)
        for group in groups:
            group = _keep(group)
            if not group:
                continue
            for w in group:
                if not w.sup:
                    weight += w.conf * len(w.text)
                    kept += len(w.text)
                w.x0, w.x1 = (w.x0 + ox) / z, (w.x1 + ox) / z
                w.y0, w.y1, w.base = (w.y0 + oy) / z, (w.y1 + oy) / z, (w.base + oy) / z
                w.stroke /= z
            out.lines.append(_raw_line(group, em / z))
    out.confidence = round(weight / kept, 1) if kept else 0.0
    return out


def _raw_line(words: list[Word], size: float) -> RawLine:
    body = [w for w in words if not w.sup] or words
    return RawLine(
        words,
        size,
        float(np.median([w.base for w in body])),
        min(w.y0 for w in words),
        max(w.y1 for w in words),
    )


def _reread(
    image: _Image, lines: list[_PxLine], marks: list[list[_Raised]], ems: list[float], page: int
) -> None:
    """Read again, with the footnote markers whitened, the words a marker stands in or
    beside: the recogniser reads a small raised figure as "!", "?" or "”" and its
    character boxes are too loose to tell which characters those are.  The words are
    cut out, set one under the other, and read in one go."""
    h, w = image.gray.shape
    threshold = _otsu(image.gray)
    # (line, words replaced, crop with the markers whitened, its place on the page)
    jobs: list[tuple[int, list[int], np.ndarray, int, int, tuple[int, int]]] = []
    for k, (ln, line_marks, em) in enumerate(zip(lines, marks, ems, strict=True)):
        if not line_marks:
            continue
        slack = 0.5 * em * _X_HEIGHT
        hit = [
            i
            for i, w in enumerate(ln.words)
            if any(w.x0 <= m.x1 + slack and w.x1 >= m.x0 - slack for m in line_marks)
        ]
        groups: list[list[int]] = []
        for i in hit:
            if groups and i == groups[-1][-1] + 1:
                groups[-1].append(i)
            else:
                groups.append([i])
        pad = 2
        for group in groups:
            # Two words of the line on each side come along, read but not kept: alone,
            # a word has no line to tell its letters' case by ("vị" read "VỊ").
            a, b = max(group[0] - 2, 0), min(group[-1] + 2, len(ln.words) - 1)
            x0 = max(ln.words[a].x0 - pad, 0)
            x1 = min(ln.words[b].x1 + pad, w)
            keep = (ln.words[group[0]].x0 - pad, ln.words[group[-1]].x1 + pad)
            y0, y1 = max(ln.y0, 0), min(ln.y1, h)
            crop = image.gray[y0:y1, x0:x1].copy()
            for m in line_marks:
                crop[
                    max(m.y0 - 2 - y0, 0) : max(m.y1 + 2 - y0, 0),
                    max(m.x0 - 1 - x0, 0) : max(m.x1 + 1 - x0, 0),
                ] = 255
            # No gray fringe of a whitened marker left to be read as a comma.
            crop[crop >= threshold] = 255
            jobs.append((k, group, crop, x0, y0, keep))
    if not jobs:
        return
    tops: list[int] = []
    gap = int(max(ems) * 0.8)
    width = max(j[2].shape[1] for j in jobs) + 2 * gap
    height = sum(j[2].shape[0] for j in jobs) + gap * (len(jobs) + 1)
    canvas = np.full((height, width), 255, dtype=np.uint8)
    y = gap
    for job in jobs:
        crop = job[2]
        canvas[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        tops.append(y)
        y += crop.shape[0] + gap
    pgm = b"P5\n%d %d\n255\n" % (width, height) + canvas.tobytes()
    dpi = str(round(image.zoom * 72))
    args = ["--psm", "6", "--dpi", dpi, "-c", "tessedit_do_invert=0", "-c", "hocr_char_boxes=1"]
    found = _parse(_run([*args, "hocr"], pgm, page))
    read: list[list[_PxWord]] = []
    for (_, _, crop, x0, y0, keep), top in zip(jobs, tops, strict=True):
        words: list[_PxWord] = []
        read.append(words)
        dx, dy = x0 - gap, y0 - top
        for fl in found:
            if not top <= (fl.y0 + fl.y1) / 2 <= top + crop.shape[0]:
                continue
            for fw in fl.words:
                if not keep[0] <= (fw.x0 + fw.x1) / 2 + dx <= keep[1]:
                    continue  # a word of the context
                chars = [
                    _Char(c.text, c.x0 + dx, c.y0 + dy, c.x1 + dx, c.y1 + dy) for c in fw.chars
                ]
                words.append(
                    _PxWord(fw.text, fw.conf, fw.x0 + dx, fw.y0 + dy, fw.x1 + dx, fw.y1 + dy, chars)
                )
    # The words read again stand in place of those they replace.
    for k in {job[0] for job in jobs}:
        ln = lines[k]
        drop = {i for job in jobs if job[0] == k for i in job[1]}
        words = [w for i, w in enumerate(ln.words) if i not in drop]
        for job, ws in zip(jobs, read, strict=True):
            if job[0] == k:
                words.extend(ws)
        words.sort(key=lambda w: w.x0)
        ln.words = words


def _words(ln: _PxLine, marks: list[_Raised], ink: np.ndarray, em: float) -> list[Word]:
    """The words of a line in pixels, footnote markers among them (`sup`), written
    where they stand: "động⁴." is "động", "4" raised, then "." glued."""
    out: list[Word] = []
    for w in ln.words:
        inside = [m for m in marks if w.x0 < (m.x0 + m.x1) / 2 < w.x1]
        if not inside or not w.chars:
            out.append(_word(ln, w.text, w.conf, w.x0, w.x1, w.y0, w.y1, ink))
            continue
        cuts = sorted((m.x0 + m.x1) / 2 for m in inside)
        parts: list[list[_Char]] = [[] for _ in range(len(cuts) + 1)]
        for c in w.chars:
            parts[sum((c.x0 + c.x1) / 2 > x for x in cuts)].append(c)
        for k, chars in enumerate(parts):
            if chars:
                text = unicodedata.normalize("NFC", "".join(c.text for c in chars))
                x0, x1 = min(c.x0 for c in chars), max(c.x1 for c in chars)
                word = _word(ln, text, w.conf, x0, x1, w.y0, w.y1, ink)
                word.glued = k > 0
                out.append(word)
    for m in marks:
        base = ln.base((m.x0 + m.x1) / 2)
        out.append(Word(m.digits, 90.0, m.x0, m.x1, m.y0, m.y1, base, 0.0, sup=True))
    out.sort(key=lambda w: (w.x0 + w.x1) / 2)
    return out


def _word(ln: _PxLine, text, conf, x0, x1, y0, y1, ink) -> Word:
    base = ln.base((x0 + x1) / 2)
    return Word(text, conf, x0, x1, y0, y1, base, _stroke(ink, x0, y0, x1, y1))


def _keep(words: list[Word]) -> list[Word]:
    """The words of a line that are writing, not a scribble, a seal or a smudge.

    A line of guesses (a signature, a handwritten note) goes whole; in a line of text,
    a weak word goes only when it has no letter or figure."""
    text = [w for w in words if not w.sup]
    if not text:
        return []
    letters = sum(len(w.text) for w in text)
    mean = sum(w.conf * len(w.text) for w in text) / letters
    if mean < _WEAK_WORD:
        return []
    if not any(sum(c.isalnum() for c in w.text) >= 2 for w in text) and not (
        len(text) == 1 and text[0].text.isdigit()
    ):
        return []  # marks and stray accents ("^ .À ˆ"), not a word: a scribble's
    return [
        w
        for w in words
        if w.sup
        or (w.conf >= _WEAK_WORD or any(c.isalnum() for c in w.text))
        and not _SMUDGE.match(w.text)
    ]


# --- the document -------------------------------------------------------------------


def recognise(
    doc: pymupdf.Document,
    indices: Iterable[int],
    *,
    dpi: int = DPI,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, PageText]:
    """Recognise the pages `indices` (0-based) of an open document, in parallel.

    MuPDF renders in this thread (a document is not shared across threads); each
    rendered page goes to a Tesseract process."""
    _program()
    todo = list(indices)
    workers = workers or int(os.environ.get("TONGHOP_OCR_WORKERS", "0")) or os.cpu_count() or 1
    results: dict[int, PageText] = {}
    if progress is not None:
        progress(0, len(todo))  # the number of pages is known before the first is done
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list[tuple[int, float, Future[PageText]]] = []

        def collect(item: tuple[int, float, Future[PageText]]) -> None:
            index, angle, future = item
            page_text = future.result()
            page_text.angle = angle
            results[index] = page_text
            if progress is not None:
                progress(len(results), len(todo))

        for index in todo:
            image, angle = render(doc[index], dpi)
            pending.append((index, angle, pool.submit(read_image, image, index + 1)))
            while len(pending) > workers:
                collect(pending.pop(0))
        for item in pending:
            collect(item)
    return results


# --- into the PDF reader's lines ------------------------------------------------------

# Sizes within this ratio of the body's are the body's: a measure from letter heights is
# not finer than that.  Clearly smaller lines are set to a size the PDF reader takes for
# footnote type (12 against 14).
_SAME_SIZE = 0.07
_SMALL = 0.85
_BOLD = 1.3  # stems this much wider than the document's usual are bold
_CLOSING = re.compile(r"^[.,;:)\]!?…]")  # glued to the footnote marker before it


def to_lines(pages: Iterable[PageText], body: float | None = None) -> dict[int, list]:
    """The recognised pages as the PDF reader's lines, by page number.

    body: the body size of the document's pages that have a text layer, if any: the
    recognised sizes are scaled to it, so both kinds of page agree."""
    from tonghop.readers.pdf import _finish, _Line, _Span

    pages = list(pages)
    sizes: list[float] = []
    weights: list[int] = []
    strokes: list[float] = []
    stroke_weights: list[int] = []
    for p in pages:
        for ln in p.lines:
            n = sum(len(w.text) for w in ln.words if not w.sup)
            sizes.append(ln.size)
            weights.append(n)
            for w in ln.words:
                if not w.sup and w.stroke > 0:
                    strokes.append(w.stroke / ln.size)
                    stroke_weights.append(len(w.text))
    if not sizes:
        return {p.number: [] for p in pages}
    usual = _weighted_median(sizes, weights)
    scale = body / usual if body else 1.0
    body_size = round(usual * scale * 2) / 2
    usual_stroke = _weighted_median(strokes, stroke_weights) if strokes else 0.0
    out: dict[int, list] = {}
    for p in pages:
        lines = []
        for ln in p.lines:
            ratio = ln.size / usual
            if abs(ratio - 1) <= _SAME_SIZE:
                size = body_size
            elif ratio < 1:
                # Rounded down: the PDF reader keeps sizes to half a point.
                size = math.floor(min(ratio, _SMALL) * body_size * 2) / 2
            else:
                size = round(ln.size * scale * 2) / 2
            # Bold is told line by line: one short word's strokes are too few to judge.
            heavy = sum(
                len(w.text)
                for w in ln.words
                if not w.sup and w.stroke / ln.size > _BOLD * usual_stroke
            )
            bold = usual_stroke > 0 and 2 * heavy > sum(len(w.text) for w in ln.words if not w.sup)
            spans = []
            words = ln.words
            for k, w in enumerate(words):
                nxt = words[k + 1] if k + 1 < len(words) else None
                if w.sup:
                    spans.append(
                        _Span(
                            w.text,
                            round(0.6 * size, 1),
                            False,
                            False,
                            w.x0,
                            w.x1,
                            ln.base - 0.35 * size,
                            True,
                        )  # fmt: skip
                    )
                    continue
                text = w.text
                if k and words[k - 1].sup and not w.glued and not _CLOSING.match(text):
                    text = " " + text
                if nxt is not None and not nxt.glued and not nxt.sup:
                    text += " "
                spans.append(_Span(text, size, bold, False, w.x0, w.x1, ln.base))
            line = _finish(_Line(spans=spans), (min(s.x0 for s in spans), ln.y0,
                                                max(s.x1 for s in spans), ln.y1))  # fmt: skip
            if line is not None:
                lines.append(line)
        lines.sort(key=lambda ln: (ln.base, ln.x0))
        out[p.number] = lines
    return out


def _weighted_median(values: list[float], weights: list[int]) -> float:
    order = sorted(range(len(values)), key=values.__getitem__)
    total = sum(weights)
    run = 0
    for i in order:
        run += weights[i]
        if 2 * run >= total:
            return values[i]
    return values[order[-1]]
