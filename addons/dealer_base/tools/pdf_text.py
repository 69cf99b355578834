"""Copyable Chinese text in the PDFs that wkhtmltopdf writes.

Qt's PDF writer maps each embedded glyph back to text (the font's ``/ToUnicode`` CMap) with
the lowest code point that the font draws with it. The CJK fonts (Noto Sans CJK, Source Han
Sans) draw the Kangxi radicals with the glyphs of the ideographs, and the radicals come first
(U+2F00 ⼀ ... U+2FD5, before U+4E00): 月 and 日 copied from a report paste as ⽉ and ⽇,
which look the same and match nothing in a search. The radicals' compatibility decomposition
(NFKC) is the ideograph: each code of a ToUnicode CMap that is one is written back as its
ideograph, in place (same length: the PDF's cross-reference offsets stay right).
"""
import re
import unicodedata

# Kangxi radicals and the CJK radicals supplement: the code points before the ideographs
# whose glyphs the CJK fonts share with them
_RADICALS = range(0x2E80, 0x2FE0)
_IDEOGRAPH_OF = {
    code: ord(text)
    for code in _RADICALS
    if len(text := unicodedata.normalize("NFKC", chr(code))) == 1 and ord(text) != code
}

_UCS_CMAP = re.compile(rb"begincmap.*?endcmap", re.S)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
# one mapping of a bfchar block: <source> <destination>
_CHAR_ENTRY = re.compile(rb"(<[0-9A-Fa-f]+>\s*)(<[0-9A-Fa-f]+>)")
# one mapping of a bfrange block: <first> <last> then <destination> or [<destination> ...]
_RANGE_ENTRY = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)")
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _ideograph_hex(match):
    """``<XXXX...>`` (UTF-16BE units) with each radical unit replaced by its ideograph."""
    digits = match.group(1)
    if len(digits) % 4:
        return match.group(0)
    units = [int(digits[index:index + 4], 16) for index in range(0, len(digits), 4)]
    return b"<%s>" % b"".join(b"%04X" % _IDEOGRAPH_OF.get(unit, unit) for unit in units)


def _fix_char_block(match):
    body = _CHAR_ENTRY.sub(lambda entry: entry.group(1) + _HEX.sub(_ideograph_hex, entry.group(2)),
                           match.group(1))
    return b"beginbfchar" + body + b"endbfchar"


def _fix_range_entry(entry):
    first, last, destination = entry.group(1), entry.group(2), entry.group(3)
    if not destination.startswith(b"[") and int(first, 16) != int(last, 16):
        # a range of consecutive text codes from one start: not a radical's (left as it is)
        return entry.group(0)
    start = entry.start(3) - entry.start(0)
    return entry.group(0)[:start] + _HEX.sub(_ideograph_hex, destination)


def _fix_range_block(match):
    return b"beginbfrange" + _RANGE_ENTRY.sub(_fix_range_entry, match.group(1)) + b"endbfrange"


def _fix_cmap(match):
    cmap = match.group(0)
    if b"(UCS)" not in cmap:
        return cmap
    return _BFRANGE.sub(_fix_range_block, _BFCHAR.sub(_fix_char_block, cmap))


def fix_cjk_text_mapping(pdf):
    """``pdf`` (bytes) with the text of its Chinese glyphs mapped to the ideographs rather than
    the Kangxi radicals. Works on the uncompressed ToUnicode CMaps that wkhtmltopdf writes and
    changes no length; anything else (compressed streams, other fonts) is left as it is."""
    if not _IDEOGRAPH_OF or b"begincmap" not in pdf:
        return pdf
    fixed = _UCS_CMAP.sub(_fix_cmap, pdf)
    return fixed if len(fixed) == len(pdf) else pdf
