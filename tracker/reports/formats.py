"""The report formats, in a module light enough for the command line to load at start."""

FORMATS = ("text", "markdown", "csv", "json", "html")

# File extensions, for names like bao-cao-2019-10-01.html.
EXTENSIONS = {"text": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html"}
