"""An agency found by what people call it: its code, full name or short name.

The one rule for every entry point that takes an agency as a person writes it (a task
sheet's "Cơ quan chủ trì" cell, and any form that accepts names): the code in any case,
or the full or short name without case, diacritics or punctuation ("so kh&dt ha noi" is
"Sở KH&ĐT Hà Nội"). A name two agencies share finds neither: the code must say which.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from tracker.domain.errors import InvalidInput
from tracker.domain.model import Agency
from tracker.domain.rules import close_matches
from tracker.domain.text import loose_key
from tracker.i18n import _


class AgencyNames:
    """The known agencies, looked up by code, full name or short name."""

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self._codes: set[str] = set()
        # Loose key of each name -> the codes of the agencies called so.
        self._by_name: dict[str, set[str]] = {}
        self._names: dict[str, str] = {}  # loose key -> the name as recorded, for hints
        for agency in agencies:
            self._codes.add(agency.code)
            for name in (agency.name, agency.short):
                key = loose_key(name)
                if key:
                    self._by_name.setdefault(key, set()).add(agency.code)
                    self._names.setdefault(key, name)

    @property
    def codes(self) -> Collection[str]:
        """Every known agency's code."""
        return self._codes

    def find(self, text: str) -> str | None:
        """The code of the agency `text` names, None if it names none; InvalidInput if
        it is a name several agencies share."""
        code = text.strip().upper()
        if code in self._codes:
            return code
        codes = self._by_name.get(loose_key(text), set())
        if len(codes) > 1:
            raise InvalidInput(
                _('"{name}" is the name of several agencies ({codes}): write the code').format(
                    name=text.strip(), codes=", ".join(sorted(codes))
                )
            )
        return next(iter(codes), None)

    def code_of(self, text: str) -> str:
        """The code of the agency `text` names; InvalidInput saying none does, with the
        closest names and codes as hints."""
        code = self.find(text)
        if code is not None:
            return code
        shown = text.strip()
        close = close_matches(loose_key(text), self._names) or close_matches(
            shown.upper(), self._codes
        )
        if close:
            hint = ", ".join(
                f'"{self._names[found]}"' if found in self._names else found for found in close
            )
            raise InvalidInput(
                _('no agency "{name}": did you mean {hint}?').format(name=shown, hint=hint)
            )
        raise InvalidInput(_('no agency "{name}": see `tracker agencies list`').format(name=shown))
