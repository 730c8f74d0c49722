"""Bytes → str for plain-text and HTML files, and str → normalised text with an offset map.

Decoding tries the encodings that Chinese government texts really use, most specific first (a BOM, strict
UTF-8, UTF-16 by its NUL pattern, strict GB18030), and only then asks charset-normalizer about the whole file.
Normalisation (NFKC, spaces, line breaks, zero-width characters) finds the characters that are not plain
ASCII/CJK with one regex scan, makes the one-to-one replacements with str.replace, and works per character
only on the lines that hold a length-changing character, so a 20k-character report normalises in well
under a millisecond.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from checker.errors import InputError
from checker.model import Problem, Severity

# --------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0/C1 controls other than \t \n \v \f \r: a few are tolerated (a DOS EOF mark), many mean binary data
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Characters a decoded Chinese (or Western) document plausibly consists of. Private-use, half-width
# katakana (a classic mojibake), specials and controls are left out on purpose.
_PLAUSIBLE_CLASS = (
    "[\t\n\v\f\r\x20-\x7e\u00a0-\u024f\u0370-\u04ff\u2000-\u2bff\u2e80-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe10-\ufe6f\uff00-\uff60\uffe0-\uffee\U00020000-\U0003ffff]"
)
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_MULTIBYTE = {"big5", "big5hkscs", "cp950", "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949", "iso2022_jp"}
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "windows-936", "euc-cn", "gb18030"}


def check_text(text: str, odd: set[str], path: str) -> None:
    """Raise InputError when decoded text is really binary data (control characters beyond a stray few).

    `odd` is `odd_chars(text)`: every control character is in it, so this costs no extra scan.
    """
    junk = [ch for ch in odd if _JUNK.match(ch)]
    if junk and not _junk_ratio_ok(text, sum(map(text.count, junk))):
        raise _text_error(path)


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """Compile on first use: the large Unicode classes take milliseconds, which `plancheck --help` need not pay."""
    return re.compile(pattern)


def _text_error(path: str) -> InputError:
    return InputError(
        "is not a text document (it contains binary data)",
        path=path,
        hint="give a .txt, .docx, .pdf or .html file",
    )


def _junk_ratio_ok(text: str, n: int | None = None) -> bool:
    """True when control characters (`n` of them, counted here if None) are rare enough to be accidents."""
    if n is None:
        n = len(_JUNK.findall(text))
    return n <= 2 or n <= len(text) // 1000


def _plausible(text: str) -> bool:
    """True when nearly all characters are ones a real document would contain."""
    if not text:
        return False
    return len(_regex(_PLAUSIBLE_CLASS).findall(text)) >= 0.97 * len(text) and _junk_ratio_ok(text)


def _strict(data: bytes, codec: str) -> tuple[str | None, int]:
    """Decode strictly; tolerate only a character cut off by the end of the file (scraped files often are).

    Returns the text (None on failure) and the number of trailing bytes dropped.
    """
    try:
        return data.decode(codec), 0
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3 and e.end == len(data):
            try:
                return data[: e.start].decode(codec), len(data) - e.start
            except UnicodeDecodeError:
                return None, 0
        return None, 0


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM: ASCII characters put their NUL byte on one side of each pair."""
    if len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, codec
    return None


def _looks_big5(text: str) -> bool:
    """GB18030 decodes Big5 bytes without error into rare characters; mainland documents use GB2312 ones."""
    wide = len(text) - len(text.encode("ascii", errors="ignore"))
    if wide < 20:
        return False
    common = len(text.encode("gb2312", errors="ignore").decode("gb2312"))
    return len(text) - common > 0.2 * wide


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer on the whole file (not its default sample); None when nothing fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, steps=1, chunk_size=max(1, len(data))).best()
    if best is None:
        return None
    text = str(best)
    if not _plausible(text):
        return None
    return text, best.encoding


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB (`<meta charset=…>`), GB variants as gb18030."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    if name in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, path: str, *, declared: str | None = None) -> tuple[str, str, list[Problem]]:
    """Decode a text file: returns (text, encoding used, problems). Raises InputError for binary or undecodable data.

    Order: BOM, strict UTF-8 (highly specific, so it goes before any declared charset), UTF-16 by NUL pattern,
    a charset declared by an HTML page, strict GB18030, then charset-normalizer. Text decoded strictly is
    checked for control characters by `check_text` (sharing normalise's scan), guesses here.
    """
    problems: list[Problem] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            after_bom, cut = _strict(data[len(bom) :], codec)
            if after_bom is None:
                raise InputError(
                    f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()}",
                    path=path,
                    hint="save it again as UTF-8 text",
                )
            return after_bom, codec + ("-sig" if codec == "utf-8" else ""), _cut_problem(cut, path)

    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is None:
            raise _text_error(path)
        return found[0], found[1], problems

    if declared in ("utf-8", "gb18030") or (declared or "").startswith(("utf-16", "utf-32")):
        declared = None  # tried anyway, or impossible without a BOM or NULs
    # a declared CJK multibyte charset is specific enough to go before GB18030; a declared single-byte one
    # (often a wrong iso-8859-1 on a GBK page) decodes anything, so it goes after
    multibyte = declared in _MULTIBYTE
    order = ["utf-8", declared if multibyte else None, "gb18030", None if multibyte else declared]
    text: str | None = None
    codec = ""
    cut = 0
    for candidate in filter(None, order):
        text, cut = _strict(data, candidate)
        if text is not None:
            codec = candidate
            break
    if text is not None and codec == "gb18030" and _looks_big5(text):
        guess = _guess(data)
        if guess is not None and guess[1].startswith(("big5", "cp950")):
            text, codec, cut = guess[0], guess[1], 0
            problems.append(_guessed(codec, path))
    if text is None:
        guess = _guess(data)
        if guess is None:
            if not _junk_ratio_ok(data.decode("latin-1")):
                raise _text_error(path)
            raise InputError(
                "cannot be decoded: it is not UTF-8, UTF-16 or GB18030 text, and no other encoding fits",
                path=path,
                hint="save it again as UTF-8 text",
            )
        text, codec = guess
        problems.append(_guessed(codec, path))
    return text, codec, problems + _cut_problem(cut, path)


def _guessed(codec: str, path: str) -> Problem:
    return Problem(
        Severity.WARNING,
        f"encoding guessed as {codec}; check that the text reads correctly",
        source=path,
        code="encoding-guessed",
    )


def _cut_problem(cut: int, path: str) -> list[Problem]:
    if not cut:
        return []
    return [
        Problem(
            Severity.WARNING,
            f"the file ends in the middle of a character; its last {cut} byte(s) were ignored",
            source=path,
            code="truncated-character",
        )
    ]


# --------------------------------------------------------------------------- normalisation

_BREAK = re.compile(r"\r\n?|\n")
# zero-width space/non-joiner/joiner, BOM, word joiner, soft hyphen: invisible, and they split words
_INVISIBLE = "\u200b\u200c\u200d\ufeff\u2060\u00ad"
# Characters that NFKC leaves alone and that never compose with a neighbour: ASCII, CJK ideographs and
# the punctuation Chinese documents print. Everything else is looked at once per distinct character.
_SAFE = (
    "\t\n\x0b\x0c\x20-\x7e\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2010\u2013-\u2016\u2018-\u2022\u2030\u2032"
    "\u2190-\u2199\u25a0-\u25ff\u3001-\u3003\u3005-\u3011\u3013-\u301f\u4e00-\u9fff"
)
_ODD = f"[^{_SAFE}]"
_CHUNK = 64


def _may_compose(ch: str) -> bool:
    """A character that can merge with the one before it under NFKC (combining marks, jamo, Indic signs)."""
    return bool(unicodedata.combining(ch)) or "\u0900" <= ch <= "\u11ff" or ch in "\u3099\u309a\uff9e\uff9f"


def _classify(odd: set[str]) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Split the odd characters into one-to-one replacements (，→, \u3000→space) and the rest, which
    change length or merge with neighbours and need per-character work (returned as a pattern)."""
    simple: dict[str, str] = {}
    complex_: list[str] = []
    for ch in odd:
        if ch == "\r":
            continue  # line breaks are handled by the line loop
        if ch in _INVISIBLE or _may_compose(ch):
            complex_.append(ch)
            continue
        norm = unicodedata.normalize("NFKC", ch)
        if norm == ch:
            continue
        if len(norm) == 1 and not _may_compose(norm):
            simple[ch] = norm
        else:
            complex_.append(ch)
    pattern = re.compile("[" + "".join(map(re.escape, complex_)) + "]") if complex_ else None
    return simple, pattern


def odd_chars(text: str) -> set[str]:
    """The distinct characters of `text` outside the plain ASCII/CJK set: what normalisation must look at."""
    return set(_regex(_ODD).findall(text))


def normalise(source: str, odd: set[str] | None = None) -> tuple[str, tuple[int, ...] | None]:
    """NFKC (so NBSP and U+3000 become spaces), line breaks as "\\n", invisible characters removed.

    Returns the text and `origin` (text offset → source offset), None when every character kept its offset.
    One regex scan finds the characters that are not plain ASCII/CJK; one-to-one replacements (full-width
    punctuation, ideographic spaces) are made with str.replace, and only lines holding a character that
    changes length (①→1 is one-to-one, ㎡→m2 and ……→...... are not) are worked through per character.
    """
    if odd is None:
        odd = odd_chars(source)
    if not odd:
        return source, None
    simple, complex_ = _classify(odd)
    text = source
    for ch, norm in simple.items():
        text = text.replace(ch, norm)
    if complex_ is None and "\r" not in odd and unicodedata.is_normalized("NFKC", text):
        return text, None
    if not unicodedata.is_normalized("NFKC", text.replace("\r", "")):
        complex_ = _regex(_ODD)  # something composes that _may_compose does not know: do every odd line the slow way
    parts: list[str] = []
    origin: list[int] = []
    shifted = False
    pos = 0
    for m in _BREAK.finditer(text):
        shifted |= _normalise_line(source, text, pos, m.start(), complex_, parts, origin)
        parts.append("\n")
        origin.append(m.end() - 1)  # the "\n" of a CRLF, or the lone CR
        shifted |= m.end() - m.start() != 1
        pos = m.end()
    shifted |= _normalise_line(source, text, pos, len(text), complex_, parts, origin)
    return "".join(parts), (tuple(origin) if shifted else None)


def _normalise_line(
    source: str,
    text: str,
    start: int,
    end: int,
    complex_: re.Pattern[str] | None,
    parts: list[str],
    origin: list[int],
) -> bool:
    """Append the normalised line at [start, end) (`text` is `source` after the one-to-one replacements).

    Returns True when offsets shifted.
    """
    if complex_ is None or complex_.search(text, start, end) is None:
        parts.append(text[start:end])
        origin.extend(range(start, end))
        return False
    out: list[str] = []
    at: list[int] = []
    shifted = False
    s = start
    while s < end:  # chunks, so that one odd character in a long line costs a chunk, not the line
        e = min(end, s + _CHUNK)
        while e < end and _may_compose(source[e]):
            e += 1
        if complex_.search(text, s, e) is None:
            out.append(text[s:e])
            at.extend(range(s, e))
        else:
            shifted |= _normalise_chunk(source, s, e, out, at)
        s = e
    piece = "".join(out)
    if not unicodedata.is_normalized("NFKC", piece):
        # Rare: characters that compose across a chunk boundary in ways _may_compose misses. Normalise the
        # whole line and spread the offsets proportionally; still monotone and in range.
        kept = [k for k in range(start, end) if source[k] not in _INVISIBLE]
        piece = unicodedata.normalize("NFKC", "".join(source[k] for k in kept))
        at = [kept[min(len(kept) - 1, k * len(kept) // max(1, len(piece)))] for k in range(len(piece))]
        shifted = True
    parts.append(piece)
    origin.extend(at)
    return shifted


def _normalise_chunk(source: str, start: int, end: int, out: list[str], at: list[int]) -> bool:
    """Normalise source[start:end] cluster by cluster (a character and what composes with it), keeping offsets."""
    shifted = False
    i = start
    while i < end:
        if source[i] in _INVISIBLE:
            shifted = True
            i += 1
            continue
        j = i + 1
        while j < end and _may_compose(source[j]):
            j += 1
        cluster = source[i:j]
        norm = unicodedata.normalize("NFKC", cluster)
        out.append(norm)
        if len(norm) == len(cluster):
            at.extend(range(i, j))
        else:
            at.extend([i] * len(norm))
            shifted = True
        i = j
    return shifted
