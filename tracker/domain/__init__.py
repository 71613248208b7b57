"""The domain: records, rules, standings, dates, text and history events; pure, no I/O."""
