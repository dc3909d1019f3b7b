"""The CMYK output profile of the print edition.

The default is ``assets/profiles/almen-fogra39.icc``: built by ArgyllCMS ``colprof`` from
Fogra's FOGRA39 characterization data as Debian's ``icc-profiles-free`` ships it
(``FOGRA39L.ti3``, Zlib licence; see ``assets/profiles/README.md`` and ``docs/print.md``).
``make profile`` rebuilds it. A printer's own profile can be given instead.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import BuildError
from pipeline.paths import ASSETS_DIR

PROFILE_DIR = ASSETS_DIR / "profiles"
DEFAULT_PROFILE = PROFILE_DIR / "almen-fogra39.icc"
FOGRA39_TI3 = Path("/usr/share/color/icc/FOGRA39L.ti3")
INK_LIMIT = 300  # percent: total area coverage the profile (and preflight) allow
BLACK_LIMIT = 95

#: What the OutputIntent says about the default profile (ISO 15930-7, registry of
#: characterizations at color.org).
FOGRA39_IDENTIFIER = "FOGRA39"
FOGRA39_CONDITION = ("Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, "
                     "paper type 1 or 2 = coated art, 115 g/m2, tone value increase "
                     "curves A (CMY) and B (K)")
COLOR_ORG = "http://www.color.org"
DESCRIPTION = "AlmenRapport FOGRA39 (from FOGRA39L.ti3, ArgyllCMS colprof)"
COPYRIGHT = "Zlib licence; built from FOGRA39L.ti3 of icc-profiles-free (Kai-Uwe Behrmann)"


@dataclass(frozen=True, slots=True)
class PrintProfile:
    """A CMYK output profile and how the OutputIntent names it."""

    path: Path
    identifier: str = FOGRA39_IDENTIFIER
    condition: str = FOGRA39_CONDITION
    registry: str = COLOR_ORG
    ink_limit: int = INK_LIMIT

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def load_profile(path: Path | None = None, identifier: str | None = None) -> PrintProfile:
    """The default FOGRA39 profile, or a printer's own CMYK output profile at ``path``.

    A printer's profile is named by ``identifier`` (e.g. ``FOGRA51``) or else by its own
    description. Raises BuildError when the file is missing or not a CMYK profile.
    """
    from PIL import ImageCms

    chosen = DEFAULT_PROFILE if path is None else Path(path)
    if not chosen.is_file():
        hint = " (run 'make profile')" if path is None else ""
        raise BuildError(f"CMYK-profilen findes ikke: {chosen}{hint}")
    try:
        opened = ImageCms.getOpenProfile(str(chosen))
    except (OSError, ImageCms.PyCMSError):
        raise BuildError(f"{chosen}: er ikke en ICC-profil") from None
    if opened.profile.xcolor_space.strip() != "CMYK":
        raise BuildError(f"{chosen}: er ikke en CMYK-profil "
                         f"(farverum {opened.profile.xcolor_space.strip()})")
    if path is None:
        return PrintProfile(chosen)
    description = ImageCms.getProfileDescription(opened).strip() or chosen.stem
    return PrintProfile(chosen, identifier=identifier or description, condition=description,
                        registry=COLOR_ORG if identifier else "")


def build_profile(target: Path = DEFAULT_PROFILE, ti3: Path = FOGRA39_TI3) -> Path:
    """Build the FOGRA39 profile with ArgyllCMS ``colprof`` (about 46 s): medium quality
    A2B/B2A tables, ramp black generation, 300 % total ink, 95 % black."""
    colprof = shutil.which("colprof")
    if colprof is None or not ti3.is_file():
        raise BuildError("colprof (Debian: argyll) and FOGRA39L.ti3 (Debian: "
                         "icc-profiles-free) are needed to build the profile")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "FOGRA39L"
        shutil.copyfile(ti3, work.with_suffix(".ti3"))
        subprocess.run([colprof, "-qm", "-kr", f"-l{INK_LIMIT}", f"-L{BLACK_LIMIT}",
                        "-D", DESCRIPTION, "-C", COPYRIGHT, "-O", str(work.with_suffix(".icc")),
                        str(work)], check=True, capture_output=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(work.with_suffix(".icc"), target)
    return target


if __name__ == "__main__":  # make profile
    print(build_profile())
