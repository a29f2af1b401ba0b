"""The one-off check behind tvae.decode.DeadPrefixes (session 19): does the rule ever call a beginning of a valid
line dead? Every prefix, cut at every character, of valid one-line statements is closed (open strings and brackets;
lines with triple quotes are skipped, this closing does not know them) and parsed; a prefix is dead when CPython says
plain "invalid syntax" or an invalid number literal at a column before the prefix's last token (a name/number run, or
an operator run); "Perhaps you forgot a comma?" there too, where that last token is a word no keyword or string prefix
begins with; or "unexpected indent" (session 20 added all but the first).

    python3 docs/quality/guided/dead-prefixes-check.py [corpus.json]

corpus.json: a python-lines data cache (run/data-cache/python-lines-*.json); its validation split is checked too.
Printed on 2026-12-04 (CPython 3.11.7), for session 19's rule and this one: 0 of 902 115 prefixes of 27 587 lines
called dead. Trusting "Perhaps you forgot a comma?" whatever the last token would have called 1 087 dead
('args.extend(repr(x) fo'), and testing only that no keyword begins with the last token, 689 ('t2 = [tok[').
"""
import ast
import keyword
import glob
import json
import random
import sys

OPERATORS = set("!=<>*/+-%&|^~@:.")
# Two expressions side by side: trusted only before a last word that can grow into no keyword and no string.
FORGOT_A_COMMA = "invalid syntax. Perhaps you forgot a comma?"
# What a last word may still grow into that joins it to what stands before (DeadPrefixes.JOINING_WORDS).
JOINING_WORDS = sorted(set(keyword.kwlist + keyword.softkwlist + ["type"]))
STRING_PREFIXES = {"r", "u", "b", "f", "br", "rb", "fr", "rf"}
# CPython's messages that say "what stands here is already wrong": trusted where they point before the last token.
POSITIONAL_MESSAGES = {"invalid syntax", "invalid decimal literal", "invalid hexadecimal literal",
                       "invalid octal literal", "invalid binary literal"}


def closing(prefix):
    stack, quote, i = [], None, 0
    while i < len(prefix):
        c = prefix[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#":
            break
        elif c in "([{":
            stack.append({"(": ")", "[": "]", "{": "}"}[c])
        elif c in ")]}":
            if not stack or stack[-1] != c:
                return None
            stack.pop()
        i += 1
    return (quote or "") + "".join(reversed(stack))


def last_token_start(text):
    if not text:
        return 0
    word = text[-1].isalnum() or text[-1] == "_"
    if not word and text[-1] not in OPERATORS:
        return len(text)
    j = len(text)
    while j > 0 and ((text[j - 1].isalnum() or text[j - 1] == "_") if word else text[j - 1] in OPERATORS):
        j -= 1
    return j


def dead(prefix):
    close = closing(prefix)
    if close is None:
        return False  # the lexical constraint's business, not this rule's
    try:
        ast.parse(prefix + close)
        return False
    except SyntaxError as e:
        if e.lineno != 1 or not e.offset:
            return False
        if e.msg == "unexpected indent":
            return True
        text = prefix.rstrip()
        before_last_token = e.offset - 1 < last_token_start(text)
        if e.msg == FORGOT_A_COMMA:
            return before_last_token and ends_in_a_final_word(text)
        return e.msg in POSITIONAL_MESSAGES and before_last_token
    except Exception:
        return False


def ends_in_a_final_word(text):
    if not text or not (text[-1].isalnum() or text[-1] == "_"):
        return False
    word = text[last_token_start(text):]
    return word.lower() not in STRING_PREFIXES and not any(k.startswith(word) for k in JOINING_WORDS)


def valid_lines(texts):
    out = []
    for line in texts:
        line = line.strip()
        if 3 < len(line) < 100 and not line.startswith("#") and '"""' not in line and "'''" not in line:
            try:
                ast.parse(line)
                out.append(line)
            except Exception:
                pass
    return out


def check(name, lines):
    prefixes = condemned = 0
    for line in lines:
        for k in range(1, len(line) + 1):
            prefixes += 1
            if dead(line[:k]):
                condemned += 1
                print("  dead:", repr(line[:k]), "<-", line)
    print(f"{name}: {len(lines)} lines, {prefixes} prefixes, {condemned} called dead")


stdlib = sorted(glob.glob(f"/usr/lib/python3.{sys.version_info[1]}/**/*.py", recursive=True))
for part, (start, end) in enumerate([(0, 400), (400, 1400)]):
    texts = [line for path in stdlib[start:end] for line in open(path, errors="ignore")]
    lines = valid_lines(texts)
    random.Random(part + 2).shuffle(lines)
    check(f"standard library files {start}-{end}", lines[:6000 if part == 0 else 12000])
if len(sys.argv) > 1:
    check("corpus validation split", valid_lines(json.load(open(sys.argv[1]))["valid"][:15000]))
