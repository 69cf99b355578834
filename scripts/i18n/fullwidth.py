#!/usr/bin/env python3
"""Chinese punctuation in the zh_CN translations: full-width next to Chinese text.

    python3 scripts/i18n/fullwidth.py addons/*/i18n/zh_CN.po      # rewrite
    python3 scripts/i18n/fullwidth.py --check addons/*/i18n/zh_CN.po  # exit 1 when one is left

A comma, colon, semicolon or a pair of brackets touching Chinese text is written the Chinese
way: ``，：；（）``. Placeholders (``%(name)s``, ``%s``, ``{name}``), HTML tags and entities
are never touched, and neither is punctuation between Latin letters or digits ("1,000",
"12:30", "(PDF)" after a Latin word stays as it is unless Chinese touches it). Each changed
translation keeps exactly the placeholders it had.
"""
import re
import sys

import polib

CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# what must not be changed: placeholders, tags, entities
PROTECTED = re.compile(r"%\(\w+\)[sdf]|%[sdf%]|\{\w*\}|<[^>]*>|&\w+;|&#\d+;")
PLACEHOLDERS = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
SIMPLE = {",": "，", ":": "：", ";": "；"}


def _is_cjk(char):
    return bool(char) and re.match(f"[{CJK}]", char) is not None


def fullwidth(text):
    """``text`` with its Chinese-touching punctuation made full-width (to a fixed point: a mark
    made full-width is Chinese for its neighbours)."""
    while True:
        new = _fullwidth_once(text)
        if new == text:
            return new
        text = new


def _fullwidth_once(text):
    # work on a copy where protected spans are masked by a neutral character, so that they
    # count as "not Chinese" and are never rewritten
    spans = [(m.start(), m.end()) for m in PROTECTED.finditer(text)]
    masked = list(text)
    for start, end in spans:
        for index in range(start, end):
            masked[index] = "\0"
    masked = "".join(masked)
    chars = list(text)

    def neighbour(index, step):
        index += step
        while 0 <= index < len(masked) and masked[index] == " ":
            index += step
        return masked[index] if 0 <= index < len(masked) else ""

    for index, char in enumerate(masked):
        if char in SIMPLE and (_is_cjk(neighbour(index, -1)) or _is_cjk(neighbour(index, 1))):
            # "1,000" and "12:30" stay: digits on both sides
            if not (masked[index - 1:index].isdigit() and masked[index + 1:index + 2].isdigit()):
                chars[index] = SIMPLE[char]
    # brackets by pairs: a pair whose content or outside touches Chinese
    stack = []
    for index, char in enumerate(masked):
        if char == "(" and not text.startswith("%(", index - 1):
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            inner = "".join(m for m in masked[start + 1:index] if m != "\0")
            if re.search(f"[{CJK}]", inner) or _is_cjk(neighbour(start, -1)) or _is_cjk(neighbour(index, 1)):
                chars[start], chars[index] = "（", "）"
    result = "".join(chars)
    # a full-width mark needs no space beside it
    result = re.sub(r" *([，：；（）]) *", r"\1", result) if result != text else result
    return result


def main(argv):
    check = "--check" in argv
    paths = [arg for arg in argv if arg != "--check"]
    left = 0
    for path in paths:
        po = polib.pofile(path, wrapwidth=78)
        changed = 0
        for entry in po:
            if not entry.msgstr or not re.search(f"[{CJK}]", entry.msgstr):
                continue
            new = fullwidth(entry.msgstr)
            if new == entry.msgstr:
                continue
            if sorted(PLACEHOLDERS.findall(new)) != sorted(PLACEHOLDERS.findall(entry.msgstr)):
                raise SystemExit(f"{path}: placeholders changed in {entry.msgid!r}")
            changed += 1
            if not check:
                entry.msgstr = new
        if changed and not check:
            po.save(path)
        left += changed
        print(f"{path}: {changed} translation(s) {'to change' if check else 'changed'}")
    return 1 if check and left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
