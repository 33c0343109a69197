"""Verification codes: 128 random bits, written in Crockford's base32 so a person can type one.

Crockford's alphabet leaves out I, L, O and U; a typed code is read case-insensitively, with
dashes and spaces ignored, and I/L read as 1 and O as 0, as the alphabet intends.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_BITS = 128
CODE_LENGTH = 26  # 26 × 5 = 130 bits hold 128
_TYPED = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None, "\t": None})


def new_code() -> str:
    """A fresh code from the operating system's random source; unrelated to any id or serial."""
    return encode(secrets.randbits(CODE_BITS))


def encode(number: int) -> str:
    """A number of CODE_BITS bits as a code (the generated data sets draw theirs from a seed)."""
    digits = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, 32)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits))


def grouped(code: str) -> str:
    """The code in blocks of four, as printed: 0F3K-...-XY."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def normalise(typed: str) -> str | None:
    """The code a person typed, or None when it cannot be one."""
    code = typed.strip().upper().translate(_TYPED)
    if len(code) != CODE_LENGTH or any(character not in ALPHABET for character in code):
        return None
    return code
