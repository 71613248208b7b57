"""Gettext hook: every user-facing string goes through `_()` so a catalog can translate it."""

import gettext
from pathlib import Path

_LOCALE_DIR = Path(__file__).parent / "locale"
_translation = gettext.translation("tracker", localedir=_LOCALE_DIR, fallback=True)

_ = _translation.gettext
ngettext = _translation.ngettext
