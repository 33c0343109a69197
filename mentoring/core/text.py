"""The rules every typed text shares, whatever form it comes from."""

import re

# PostgreSQL refuses NUL in text and no one means to type the others: refuse them before an
# INSERT fails on them. Tabs and line breaks pass.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str | None) -> str:
    """Trim the ends and turn every line break into \\n, as browsers send \\r\\n."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None
