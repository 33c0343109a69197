"""Check the system libraries WeasyPrint needs, naming the Debian package of any that is missing.

Run by `make run` and `make test` before anything imports WeasyPrint, so a missing library is a
one-line instruction instead of a stack trace.
"""

import ctypes.util
import sys

# (library name for ctypes, Debian package that provides it)
REQUIRED_LIBRARIES = [
    ("pango-1.0", "libpango-1.0-0"),
    ("pangoft2-1.0", "libpangoft2-1.0-0"),
    # Without it WeasyPrint silently takes a font-subsetting path about 9.5x slower.
    ("harfbuzz-subset", "libharfbuzz-subset0"),
]


def missing_packages() -> list[str]:
    """Return the Debian packages whose libraries cannot be found."""
    return [
        package for library, package in REQUIRED_LIBRARIES if not ctypes.util.find_library(library)
    ]


def main() -> int:
    missing = missing_packages()
    if missing:
        print(
            "Missing system libraries for PDF rendering (WeasyPrint). Install them with:\n"
            f"  sudo apt-get update && sudo apt-get install -y {' '.join(missing)}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
