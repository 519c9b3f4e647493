"""Bytes to text for pages and saved articles, without silent damage.

Order of evidence, strongest first:
1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32): the file says what it is. UTF-16 text is full
   of NUL bytes that are valid UTF-8, so without this step it decodes "successfully" to garbage
   in which no figure can be found;
2. strict UTF-8 (what nearly every Indonesian site serves), unless the text has NULs;
3. the charset the document declares (<meta charset>, XML declaration), when it decodes cleanly;
4. mostly-UTF-8 text with a few invalid bytes: the invalid bytes become U+FFFD, and the valid
   multi-byte characters stay what they are (re-decoding the whole file as cp1252 would turn
   every "–" into "â€“" in the stored evidence);
5. charset-normalizer (maintained; already installed with requests) for legacy 8-bit encodings.
Nothing fits: UndecodableText, naming the document. Never an empty string for a non-empty file.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# UTF-32 LE's mark begins with UTF-16 LE's: test the longer marks first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class UndecodableText(ValueError):
    """The bytes are no text we can read; the message names the document."""


def declared_charset(raw: bytes) -> str | None:
    """The charset a page or XML file declares in its first 2 KB, if it names a known codec."""
    match = _DECLARED.search(raw[:2048])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _mostly_utf8(raw: bytes) -> bool:
    """Valid multi-byte UTF-8 characters outnumber the invalid bytes: a UTF-8 file with damage."""
    text = raw.decode("utf-8", "replace")
    invalid = text.count("\ufffd")
    valid_multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return valid_multibyte > 0 and invalid <= valid_multibyte


def decode_text(raw: bytes | str, *, what: str = "document", declared: str | None = None) -> str:
    """Text of `raw`; `declared` overrides the charset found in the document itself."""
    if isinstance(raw, str):
        return raw
    if not raw:
        return ""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, "replace")
    has_nul = b"\x00" in raw
    if not has_nul:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        declared = declared or declared_charset(raw)
        if declared and declared != "utf-8":
            try:
                return raw.decode(declared)
            except (UnicodeDecodeError, LookupError):
                pass
        if _mostly_utf8(raw):
            return raw.decode("utf-8", "replace")
    best = charset_normalizer.from_bytes(raw).best()
    if best is None or (has_nul and "\x00" in str(best)):
        raise UndecodableText(f"{what}: not readable as text (no byte-order mark, not UTF-8, no encoding detected)")
    return str(best)
