"""The system packages Mentoring needs, checked and installed by `make run` and `make test`.

The one list of them: APP for what the app needs to render PDFs, TEST for what the tests add.
Run as a script (`python3 mentoring/syscheck.py app|test`) so that it imports nothing from the
package: it runs before the virtual environment is ready and on every `make`, in well under a
second when everything is present.

What is missing is installed with apt-get: directly when run as root, through `sudo -n` when
the user may use sudo without a password. Anything else (no apt, no sudo) stops with the one
command to run, never with a password prompt.
"""

from __future__ import annotations

import ctypes.util
import glob
import os
import shutil
import subprocess  # noqa: S404 - runs apt-get with a fixed argument list
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WEASYPRINT_GUIDE = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
FONT_DIRECTORIES = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts")


@dataclass(frozen=True)
class Requirement:
    """Something the system must provide, how to tell it is there, and its Debian package."""

    what: str  # named to people without apt: a library, a font or a program
    kind: str  # "library", "font" or "program"
    name: str  # ctypes library name, font file name or program name
    package: str  # the Debian package that provides it


APP = (
    Requirement("Pango", "library", "pango-1.0", "libpango-1.0-0"),
    Requirement("Pango's FreeType backend", "library", "pangoft2-1.0", "libpangoft2-1.0-0"),
    # Without it WeasyPrint silently takes a font-subsetting path about 9.5x slower.
    Requirement("HarfBuzz's subsetter", "library", "harfbuzz-subset", "libharfbuzz-subset0"),
    # The certificate and the upgrade summary are set in DejaVu Serif and DejaVu Sans.
    Requirement("the DejaVu fonts", "font", "DejaVuSerif.ttf", "fonts-dejavu-core"),
)
TEST = APP + (
    Requirement("poppler's pdftotext", "program", "pdftotext", "poppler-utils"),
    Requirement("poppler's pdftoppm", "program", "pdftoppm", "poppler-utils"),
    Requirement("Chromium", "program", "chromium", "chromium"),
)
SETS = {"app": APP, "test": TEST}


def _font_present(file_name: str) -> bool:
    return any(
        glob.glob(os.path.join(directory, "**", file_name), recursive=True)
        for directory in FONT_DIRECTORIES
    )


@dataclass
class System:
    """The parts of the machine this module looks at and acts on, so that tests can stand in
    a machine of their own (present, missing, no apt, no sudo) without touching the real one."""

    find_library: Callable[[str], str | None] = ctypes.util.find_library
    font_present: Callable[[str], bool] = _font_present
    which: Callable[[str], str | None] = shutil.which
    euid: Callable[[], int] = os.geteuid
    run: Callable[..., int] = field(
        default=lambda args, **kw: subprocess.run(args, check=False, **kw).returncode  # noqa: S603
    )
    say: Callable[[str], None] = field(default=lambda text: print(text, file=sys.stderr))

    def present(self, requirement: Requirement) -> bool:
        if requirement.kind == "library":
            return self.find_library(requirement.name) is not None
        if requirement.kind == "font":
            return self.font_present(requirement.name)
        return self.which(requirement.name) is not None


def missing(requirements: Sequence[Requirement], system: System) -> list[Requirement]:
    return [requirement for requirement in requirements if not system.present(requirement)]


def packages_of(requirements: Sequence[Requirement]) -> list[str]:
    """The Debian packages, each once, in the order of the list."""
    return list(dict.fromkeys(requirement.package for requirement in requirements))


def _installer(system: System) -> list[str] | None:
    """The command prefix that may run apt-get without a prompt, or None."""
    if system.euid() == 0:
        return []
    if system.which("sudo") and system.run(["sudo", "-n", "true"], stderr=subprocess.DEVNULL) == 0:
        return ["sudo", "-n"]
    return None


def ensure(requirements: Sequence[Requirement], system: System | None = None) -> int:
    """Install what is missing; 0 when everything is present afterwards, else 1 with advice."""
    system = system or System()
    absent = missing(requirements, system)
    if not absent:
        return 0
    packages = packages_of(absent)
    if system.which("apt-get") is None:
        system.say(
            "Mentoring needs "
            + ", ".join(requirement.what for requirement in absent)
            + ", and this system has no apt-get to install them.\n"
            "Install them with your system's package manager (WeasyPrint's guide lists the\n"
            f"packages of each system: {WEASYPRINT_GUIDE}), then run make again."
        )
        return 1
    prefix = _installer(system)
    command = "apt-get update && apt-get install -y --no-install-recommends " + " ".join(packages)
    if prefix is None:
        system.say(
            f"Mentoring needs these Debian packages: {' '.join(packages)}.\n"
            f"Install them (as root, or with sudo) and run make again:\n  sudo sh -c '{command}'"
        )
        return 1
    system.say(f"Installing the Debian packages Mentoring needs: {' '.join(packages)}")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = (
        [*prefix, "apt-get", "update", "-qq"],
        [
            *prefix,
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            *packages,
        ],
    )
    for step in steps:
        if system.run(step, env=environment, stdout=subprocess.DEVNULL) != 0:
            system.say(
                f"apt-get could not install {' '.join(packages)} (its message is above); "
                f"nothing else was changed. Once the cause is fixed, run:\n  {command}"
            )
            return 1
    still = missing(absent, system)
    if still:
        system.say(
            "Installed, but still not found: "
            + ", ".join(f"{requirement.what} ({requirement.package})" for requirement in still)
        )
        return 1
    return 0


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1 or argv[0] not in SETS:
        print(f"usage: syscheck.py {'|'.join(SETS)}", file=sys.stderr)
        return 2
    return ensure(SETS[argv[0]])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
