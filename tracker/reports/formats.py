"""The report formats, in a module light enough for the command line to load at start."""

# Formats whose report is text (UTF-8): they can be printed on a terminal.
TEXT_FORMATS = ("text", "markdown", "csv", "json", "html")
# Office documents: a file to save, never printed on a terminal.
DOCUMENT_FORMATS = ("docx", "xlsx")
FORMATS = TEXT_FORMATS + DOCUMENT_FORMATS

# File extensions, for names like bao-cao-2019-10-01.html.
EXTENSIONS = {
    "text": "txt",
    "markdown": "md",
    "csv": "csv",
    "json": "json",
    "html": "html",
    "docx": "docx",
    "xlsx": "xlsx",
}
