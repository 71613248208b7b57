"""How a CSV file is written for its reader's language, so that Excel opens it as it is.

The one place that decides it, for the report's CSV and `list --format csv`:

- A CSV file starts with a UTF-8 byte-order mark: Excel reads a CSV as UTF-8 only then,
  and otherwise garbles every Vietnamese letter with the PC's code page (DOMAIN.md,
  "Files in Vietnamese offices"). The mark goes into files, including a standard output
  redirected to a file (`> list.csv`), not into a pipe or a terminal: there a program
  reads the text (`| cut -d, -f1`, a script's csv reader), and a mark would be glued to
  the first heading (`tracker.cli.output.write_file_bytes`).
- Vietnamese (`--lang vi`): ";" between fields and a decimal comma (0,7916), what Excel
  expects under Vietnamese regional settings, and Vietnamese headings. English: "," and
  "." and the headings the file always had (scripts read them by name).

Dates stay ISO (2019-10-01), which Excel reads as dates under either setting.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any, NamedTuple

from tracker.reports.labels import Labels

BOM = "\ufeff"
BOM_BYTES = BOM.encode()


class CsvDialect(NamedTuple):
    """The separator, decimal mark and words of a CSV file in one language."""

    labels: Labels

    @property
    def delimiter(self) -> str:
        """The character between fields: "," in English, ";" in Vietnamese."""
        return self.labels.csv_delimiter

    def writer(self, out: IO[str], lineterminator: str = "\r\n") -> Any:
        """A csv writer to `out` with this dialect's separator (CRLF rows, as RFC 4180)."""
        return csv.writer(out, delimiter=self.delimiter, lineterminator=lineterminator)

    def header(self, keys: Iterable[str]) -> list[str]:
        """The heading row of columns `keys`, in the language (a key as it is in English)."""
        words = self.labels.csv_headings
        return [words.get(key, key) for key in keys]

    def word(self, key: str) -> str:
        """What a row is (total, agency, extended...) in the language."""
        return self.labels.csv_headings.get(key, key)

    def about(self, key: str) -> str:
        """The name of an about row (as_of, scope...) in the language."""
        return self.labels.csv_about.get(key, key)

    def decimal(self, number: str) -> str:
        """A decimal written with "." ("0.7916") in the language's mark ("0,7916")."""
        return number.replace(".", self.labels.decimal_mark)


def csv_dialect(labels: Labels) -> CsvDialect:
    """The CSV dialect of the language `labels` are in."""
    return CsvDialect(labels)
