"""Status reports: one model of where tasks stand on a date, rendered in five formats.

- `model`: `build_report`, the counts and lists as of a date, in one pass (pure).
- `labels`: the report's words in Vietnamese and English.
- `sections`: the report laid out as titled tables of strings, shared by the renderers.
- `text`, `markdown`, `csv_report`, `json_report`, `html`: one renderer each.
- `render`: `ReportSpec`, `build` and `encode_report`; the service reads the records and
  calls them (`Tracker.report`, `render_report`, `save_report`).

Nothing is imported here, so that `tracker.reports.model` loads without the store or Rich.
"""
