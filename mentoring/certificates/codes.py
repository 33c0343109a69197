"""Verification codes: 128 random bits, written in Crockford's base32 so a person can type one,
followed by Crockford's mod-37 check symbol, so a mistyped code is told apart from one that was
never issued.

Crockford's alphabet leaves out I, L, O and U; a typed code is read case-insensitively, with
dashes and spaces ignored, and I/L read as 1 and O as 0, as the alphabet intends. The check
symbol is the code's value modulo 37, written with the alphabet and five more symbols
(*~$=U); 37 being prime, it catches every single wrong character and every swap of two
neighbours. Codes issued before the check symbol (26 characters) keep verifying as they are.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = ALPHABET + "*~$=U"
CODE_BITS = 128
CODE_LENGTH = 26  # 26 × 5 = 130 bits hold 128
CHECKED_LENGTH = CODE_LENGTH + 1
_TYPED = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None, "\t": None})


def new_code() -> str:
    """A fresh code from the operating system's random source; unrelated to any id or serial."""
    return with_check(encode(secrets.randbits(CODE_BITS)))


def encode(number: int) -> str:
    """A number of CODE_BITS bits in base32, without its check symbol (the generated data sets
    draw theirs from a seed)."""
    digits = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, 32)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def check_symbol(body: str) -> str:
    """Crockford's check symbol of a base32 number: its value modulo 37."""
    value = 0
    for character in body:
        value = value * 32 + ALPHABET.index(character)
    return CHECK_SYMBOLS[value % 37]


def with_check(body: str) -> str:
    return body + check_symbol(body)


def grouped(code: str) -> str:
    """The code in blocks of four, as printed: 0F3K-...-XY."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def normalise(typed: str) -> str | None:
    """The code a person typed, with or without a check symbol, or None when it cannot be one."""
    code = typed.strip().upper().translate(_TYPED)
    if len(code) == CHECKED_LENGTH and code[-1] in CHECK_SYMBOLS:
        body = code[:-1]
    elif len(code) == CODE_LENGTH:
        body = code
    else:
        return None
    if any(character not in ALPHABET for character in body):
        return None
    return code


def has_typo(code: str) -> bool:
    """Whether a normalised code's check symbol disagrees with the rest of it."""
    return len(code) == CHECKED_LENGTH and code[-1] != check_symbol(code[:-1])
