"""The shared lexicon (rules/lexicon/*.yaml): synonym sets, opaque compounds, generic words, indicators.

It is what makes generated rules good out of the box: plan2rules draws concept groups from it, and the
matcher expands every rule term to its synonyms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checker.errors import RulesError
from checker.model import Match

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "rules" / "lexicon"


@dataclass(frozen=True)
class Indicator:
    name: str
    terms: tuple[str, ...]
    unit: str = "%"


@dataclass(frozen=True)
class Lexicon:
    concepts: tuple[tuple[str, ...], ...] = ()
    compounds: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    indicators: tuple[Indicator, ...] = ()
    sources: tuple[str, ...] = ()
    _syn: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def synonyms(self, term: str) -> tuple[str, ...]:
        """`term` and every term that shares a concept with it."""
        if not self._syn:
            syn: dict[str, list[str]] = {}
            for concept in self.concepts:
                for t in concept:
                    bucket = syn.setdefault(t, [t])
                    bucket.extend(x for x in concept if x not in bucket)
            self._syn.update({k: tuple(v) for k, v in syn.items()})
        return self._syn.get(term, (term,))

    def terms(self) -> set[str]:
        """Every term the lexicon knows (concept members, compounds, indicator terms)."""
        out = {t for c in self.concepts for t in c} | set(self.compounds)
        out.update(t for ind in self.indicators for t in ind.terms)
        return out

    def suggest_match(self, text: str, max_groups: int = 3) -> Match:
        """Concept groups for a plan clause: the most specific known terms in it (first draft)."""
        known = sorted((t for t in self.terms() if t in text and t not in self.generic), key=len, reverse=True)
        chosen: list[str] = []
        for t in known:
            if not any(t in c or c in t for c in chosen):
                chosen.append(t)
            if len(chosen) == max_groups:
                break
        if not chosen:
            core = text.strip().strip("。,;")[:8] or text
            chosen = [core]
        return Match(all=tuple(self.synonyms(t) for t in chosen))


def load(paths: list[Path] | None = None) -> Lexicon:
    """Load and merge lexicon files (default: every *.yaml in rules/lexicon/).

    PyYAML is imported here, not at module level, and its C loader is used when built (9x faster than
    the pure-Python one on the shipped lexicon)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if paths is None:
        paths = sorted(DEFAULT_DIR.glob("*.yaml")) if DEFAULT_DIR.is_dir() else []
    concepts: list[tuple[str, ...]] = []
    compounds: set[str] = set()
    generic: set[str] = set()
    indicators: list[Indicator] = []
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        except (OSError, yaml.YAMLError) as e:
            raise RulesError(f"cannot read lexicon: {e}", path=str(path)) from None
        if not isinstance(data, dict) or data.get("schema") != "plancheck/lexicon/v1":
            raise RulesError("not a lexicon file (expected schema: plancheck/lexicon/v1)", path=str(path))
        concepts.extend(tuple(str(t) for t in c) for c in data.get("concepts") or [])
        compounds.update(str(t) for t in data.get("compounds") or [])
        generic.update(str(t) for t in data.get("generic") or [])
        for ind in data.get("indicators") or []:
            indicators.append(
                Indicator(
                    str(ind["name"]),
                    tuple(str(t) for t in ind.get("terms") or [ind["name"]]),
                    str(ind.get("unit", "%")),
                )
            )
    return Lexicon(tuple(concepts), frozenset(compounds), frozenset(generic), tuple(indicators), tuple(map(str, paths)))
