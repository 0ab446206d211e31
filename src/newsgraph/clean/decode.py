"""Bytes to text: refuse binaries, find the encoding, normalise newlines."""

from __future__ import annotations

import codecs
import re

from newsgraph.errors import SkipCode, SkipError

_MAGIC = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"\x7fELF": "ELF executable",
    b"BZh": "bzip2 data",
    b"\xfd7zXZ": "xz data",
}

#: Unicode category Cc (a fixed set: U+0000-U+001F and U+007F-U+009F) less the whitespace
#: controls kept in text (tab, newline, vertical tab, form feed); one regex pass instead of a
#: category lookup per character
_CONTROLS = re.compile(r"[\x00-\x08\x0d-\x1f\x7f-\x9f]")

#: C1 controls: what UTF-8 read as Latin-1 leaves of a dash or quote ("â\x80\x94")
_C1 = re.compile(r"[\x80-\x9f]")
#: the other marks of UTF-8 read as Windows-1252 ("â€œ", "Ã©", "Â "); checked with ``in``
_MOJIBAKE_MARKS = ("â€", "Ã", "Â")
#: the same two tests on the UTF-8 bytes, where they are ten times cheaper than a character
#: class over the decoded text: a C1 control is encoded C2 80..C2 9F, and every byte that is
#: not one of ``_CONTROLS``' ASCII controls (CR aside, it becomes a newline) is deleted by
#: ``bytes.translate`` so what remains counts them
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0e <= b <= 0x1f
                                                        or b == 0x7f))

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: share of control characters (other than whitespace) above which text counts as binary
MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` to ``str`` or raise ``SkipError`` (empty, binary, undecodable).

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are taken as they are; anything else
    goes through charset-normalizer. Newlines come out as ``\\n``.
    """
    if not data.strip():
        raise SkipError(SkipCode.EMPTY, "the input is empty")
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            raise SkipError(SkipCode.BINARY, f"binary input ({name})")
    text: str | None = None
    utf8 = False
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise SkipError(SkipCode.DECODE, f"invalid {encoding}: {exc}") from exc
            break
    if text is None:
        text = _bomless_utf16(data)
    if text is None:
        if b"\x00" in data[:65536]:
            raise SkipError(SkipCode.BINARY, "binary input (NUL bytes)")
        try:
            text = data.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            text = _guess(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # mojibake first: UTF-8 read as Latin-1 leaves C1 controls ("â\x80\x94" for a dash) that
    # the control scan below would strip, after which ftfy can no longer repair the word
    if utf8 and not _C1_UTF8.search(data) and not data.translate(None, _NOT_CONTROL_BYTES):
        # the usual page: no control character at all, so only the mojibake marks are left
        # to look for, and the control scan is needed only where ftfy changed the text
        fixed = repair_mojibake(text, c1=False)
        if fixed is text:
            if not text or text.isspace():
                raise SkipError(SkipCode.EMPTY, "the input holds only whitespace")
            return text
        text = fixed
    else:
        text = repair_mojibake(text)
    if not text.strip():
        raise SkipError(SkipCode.EMPTY, "the input holds only whitespace")
    sample = text[:100_000]
    controls = len(_CONTROLS.findall(sample))
    if controls / len(sample) > MAX_CONTROL_SHARE:
        raise SkipError(SkipCode.BINARY, f"binary input ({controls} control characters)")
    # NULs and stray controls below the threshold are dropped, not kept in the clean text
    if controls:
        text = _CONTROLS.sub("", text)
    return text


#: share of zero bytes in one byte lane (and at most a tenth of it in the other) that marks
#: UTF-16 text without a BOM: Latin-script text has a zero high byte in nearly every unit
UTF16_ZERO_LANE = 0.9


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16LE/BE text saved without a BOM (Windows tools do), or None.

    Such text is full of NULs, so without this it was refused as binary. Only a clear lane
    pattern is taken, and the bytes must decode strictly; a binary file rarely has one lane
    all zeros and the other almost none.
    """
    sample = data[:8192]
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if (zeros.count(0) >= UTF16_ZERO_LANE * len(zeros)
                and other.count(0) <= 0.1 * len(other)):
            try:
                return data[: len(data) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                return None
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: str | None) -> str | None:
    """``value`` with lone surrogates (JSON ``"\\ud800"``, escaped file names) replaced by
    U+FFFD: SQLite and every output need valid UTF-8, and one such title stopped a batch."""
    if value is None or not _SURROGATE.search(value):
        return value
    return _SURROGATE.sub("\ufffd", value)


#: Western encodings preferred among equally plausible guesses: English news that is not UTF-8
#: is almost always Windows-1252 or Latin-1, while byte statistics alone cannot tell them
#: from Baltic or Central European code pages.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    results = list(from_bytes(data))
    if not results:
        raise SkipError(SkipCode.DECODE, "no text encoding fits the bytes")
    least = min(m.chaos for m in results)
    for encoding in _PREFERRED:
        for match in results:
            if match.encoding == encoding and match.chaos <= least + 0.01:
                return str(match)
    best = min(results, key=lambda m: (m.chaos, -m.coherence))
    return str(best)


def repair_mojibake(text: str, c1: bool | None = None) -> str:
    """Undo UTF-8 read as Windows-1252 ("â€œ" for a quote) with ftfy, only where it shows.

    A cheap gate first (the marks such text always carries), then ftfy's badness check, so a
    clean page costs a few substring scans; ``fix_encoding`` changes nothing else (no quote,
    width or HTML-entity normalisation), so clean text is left byte for byte alone (the same
    object: ``decode_bytes`` tests for that). ``c1`` says whether the text holds C1 controls
    when the caller already knows (``None``: look).
    """
    if not any(mark in text for mark in _MOJIBAKE_MARKS) and not (
            _C1.search(text) if c1 is None else c1):
        return text
    import ftfy
    from ftfy.badness import is_bad

    return ftfy.fix_encoding(text) if is_bad(text) else text
