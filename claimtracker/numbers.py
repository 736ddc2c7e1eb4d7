"""Numbers that clients send as text (query parameters, headers, form fields, command options)."""


def ascii_digits(text: str) -> bool:
    """Only 0-9, at least one: str.isdigit() alone is true for "²" (int() refuses it) and "١٢" (read as 12)."""
    return text.isascii() and text.isdigit()
