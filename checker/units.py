"""The unit registry: canonical 责任单位 names, aliases, and group owners that stand for many units.

`市司法局` ← `司法局`; `市政府各部门` contains every unit named 市…局/办/委; a group's explicit
`members` always belong. Used to attribute evidence to units and to decide which obligations a unit
owns, directly or through a group.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from checker.model import Obligation, Unit

# A name that stands for many units even when the registry does not say so.
_GROUP_RE = re.compile(
    r"^(各|全市|全区|全县)|各(相关|有关)?[^各]*(部门|单位|政府|镇|乡|街道|办事处)|有关部门|相关部门|(部门|单位)$"
)


def looks_like_group(name: str) -> bool:
    return bool(_GROUP_RE.search(name))


class Registry:
    """Canonical names and group membership for one rules file (plus an optional shared units file)."""

    def __init__(self, units: Sequence[Unit], owners: Iterable[str] = ()) -> None:
        self.units: dict[str, Unit] = {}
        self.alias: dict[str, str] = {}
        self._in_group: dict[tuple[str, str], bool] = {}
        for u in units:
            if u.name in self.units:
                continue
            self.units[u.name] = u
            self.alias[u.name] = u.name
            for a in u.aliases:
                self.alias.setdefault(a, u.name)
        for name in owners:
            if name not in self.alias:
                unit = Unit(name=name, group=looks_like_group(name))
                self.units[name] = unit
                self.alias[name] = name

    def canonical(self, name: str) -> str:
        """The registry's name for `name` (an alias resolves; an unknown name stays as given)."""
        name = name.strip()
        return self.alias.get(name, name)

    def known(self, name: str) -> bool:
        return name.strip() in self.alias

    def suggest(self, name: str) -> str | None:
        close = difflib.get_close_matches(name, list(self.alias), n=1, cutoff=0.6)
        return self.alias[close[0]] if close else None

    def is_group(self, name: str) -> bool:
        u = self.units.get(self.canonical(name))
        return bool(u.group) if u else looks_like_group(name)

    def in_group(self, unit: str, group: str) -> bool:
        """Does `unit` belong to the group owner `group`? Memoised (the registry does not change once built): an
        audit asks the same pairs for every report, ~1.5 ms a report."""
        key = (unit, group)
        found = self._in_group.get(key)
        if found is None:
            found = self._in_group[key] = self._belongs(unit, group)
        return found

    def _belongs(self, unit: str, group: str) -> bool:
        g = self.units.get(self.canonical(group))
        unit = self.canonical(unit)
        if g is None or not g.group or unit == g.name:
            return False
        if unit in (self.canonical(m) for m in g.members):
            return True
        if not (g.prefixes or g.suffixes):
            return False
        if self.is_group(unit):
            return False
        names = [unit, *(a for a, c in self.alias.items() if c == unit)]
        ok_prefix = not g.prefixes or any(n.startswith(p) for n in names for p in g.prefixes)
        ok_suffix = not g.suffixes or any(n.endswith(s) for n in names for s in g.suffixes)
        return ok_prefix and ok_suffix

    def roles(self, unit: str, obligation: Obligation) -> tuple[str, str | None] | None:
        """How `unit` owns `obligation`: ("lead"|"support", via-group or None), or None if it does not."""
        unit = self.canonical(unit)
        for role, names in (("lead", obligation.owners.lead), ("support", obligation.owners.support)):
            if unit in (self.canonical(n) for n in names):
                return role, None
        for role, names in (("lead", obligation.owners.lead), ("support", obligation.owners.support)):
            for n in names:
                if self.in_group(unit, n):
                    return role, self.canonical(n)
        return None
