"""The exchange formats: the coop-tracker JSON file, task sheets in Excel, calendars."""
