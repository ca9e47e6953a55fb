"""How big a synthetic operation is: presets from ``tiny`` (tests) to ``nation`` (10^6 cases).

Everything is derived from the number of survivors unless given explicitly: suspects, networks,
officers who handle cases, corrupt officers. ``town`` is modelled on the scale of the Rotherham
inquiry (about 1,400 survivors, a few hundred suspects, tens of officers among the accused,
1997–2013); ``nation`` has about a million cases across 43 forces.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from unburied.domain.errors import InvalidInput

__all__ = ["PRESETS", "Scale", "scale_for_cases", "scale_named"]


@dataclass(frozen=True)
class Scale:
    """The parameters of a synthetic operation."""

    name: str
    survivors: int
    forces: int = 2
    districts: int = 3
    #: share of survivors in the first force (the "town"); ``None`` spreads them evenly
    main_share: float | None = 1.0
    suspects: int | None = None
    networks: int | None = None
    corrupt_officers: int | None = None
    investigators: int = 60
    start_year: int = 1997
    end_year: int = 2013
    survivors_per_suspect: float = 4.5
    suspects_per_network: float = 7.0
    survivors_per_corrupt_officer: float = 45.0
    survivors_per_officer: float = 7.0
    min_officers: int = 12
    mean_reports: float = 1.6

    def __post_init__(self) -> None:
        if self.survivors < 1 or self.forces < 1 or self.districts < 1:
            raise InvalidInput(f"scale {self.name}: survivors, forces and districts must be >= 1")
        if self.end_year - self.start_year < 4:
            raise InvalidInput(f"scale {self.name}: the period must span at least five years")

    def survivors_in(self, force_index: int) -> int:
        """How many survivors belong to force ``force_index`` (0-based); they sum to the total."""
        shares = self._shares()
        counts = [int(self.survivors * s) for s in shares]
        counts[0] += self.survivors - sum(counts)
        return counts[force_index]

    def _shares(self) -> list[float]:
        if self.main_share is None or self.forces == 1:
            return [1.0 / self.forces] * self.forces
        rest = (1.0 - self.main_share) / (self.forces - 1)
        return [self.main_share] + [rest] * (self.forces - 1)

    def suspects_in(self, survivors: int) -> int:
        """Suspects for a force with ``survivors`` survivors."""
        if survivors == 0:
            return 0
        if self.suspects is not None:
            return max(2, round(self.suspects * survivors / self.survivors))
        return max(2, round(survivors / self.survivors_per_suspect))

    def networks_in(self, survivors: int, suspects: int) -> int:
        """Networks for a force; never more than there are suspects or survivors."""
        if survivors == 0:
            return 0
        if self.networks is not None:
            wanted = round(self.networks * survivors / self.survivors)
        else:
            wanted = round(suspects / self.suspects_per_network)
        return max(1, min(wanted, suspects, survivors))

    def corrupt_in(self, survivors: int, networks: int) -> int:
        """Corrupt officers for a force: at most one per network, so each can be evidenced."""
        if survivors == 0:
            return 0
        if self.corrupt_officers is not None:
            wanted = round(self.corrupt_officers * survivors / self.survivors)
        else:
            wanted = round(survivors / self.survivors_per_corrupt_officer)
        return min(max(1, wanted), networks)

    def officers_in(self, survivors: int) -> int:
        """Rank-and-file officers of a force (who receive, record, investigate and decide)."""
        return max(self.min_officers, round(survivors / self.survivors_per_officer))


PRESETS: dict[str, Scale] = {
    "tiny": Scale(
        "tiny",
        survivors=16,
        districts=1,
        suspects=12,
        networks=4,
        corrupt_officers=4,
        investigators=8,
        min_officers=10,
    ),
    "small": Scale("small", survivors=150, districts=2, corrupt_officers=6, investigators=16),
    "town": Scale("town", survivors=1400, districts=3, investigators=60),
    "nation": Scale(
        "nation", survivors=625_000, forces=43, districts=4, main_share=None, investigators=3000
    ),
}


def scale_named(name: str) -> Scale:
    """The preset called ``name``; refuse an unknown name with the list of presets."""
    try:
        return PRESETS[name]
    except KeyError:
        raise InvalidInput(f"no scale preset {name!r}; presets: {', '.join(PRESETS)}") from None


def scale_for_cases(cases: int) -> Scale:
    """A scale with about ``cases`` cases: one town up to 2x10^4 cases, then more forces."""
    survivors = max(8, round(cases / PRESETS["town"].mean_reports))
    if cases <= 20_000:
        base = PRESETS["town"]
        investigators = max(8, min(200, survivors // 25))
        return replace(
            base, name=f"cases-{cases}", survivors=survivors, investigators=investigators
        )
    forces = min(43, 1 + cases // 25_000)
    return replace(
        PRESETS["nation"],
        name=f"cases-{cases}",
        survivors=survivors,
        forces=forces,
        investigators=max(60, survivors // 200),
    )
