"""The system package check of `make run` and `make test`, on machines the tests make up:
everything present, packages missing as root, through password-less sudo, without sudo, and
without apt. Nothing here installs anything or asks the real machine but the last two tests,
which only look."""

import subprocess
import sys
import time
from pathlib import Path

from mentoring import syscheck
from mentoring.syscheck import APP, TEST, System, ensure, missing, packages_of

SCRIPT = Path(syscheck.__file__)


class Machine:
    """A made-up machine: which libraries, fonts and programs it has, who runs make, whether
    sudo works without a password, and whether apt-get succeeds."""

    def __init__(self, absent=(), *, root=True, sudo=None, apt=True, apt_fails=False):
        self.absent = set(absent)
        self.root, self.sudo, self.apt, self.apt_fails = root, sudo, apt, apt_fails
        self.commands: list[list[str]] = []
        self.said: list[str] = []

    def _has(self, name):
        return name not in self.absent

    def which(self, program):
        if program == "apt-get":
            return "/usr/bin/apt-get" if self.apt else None
        if program == "sudo":
            return "/usr/bin/sudo" if self.sudo is not None else None
        return f"/usr/bin/{program}" if self._has(program) else None

    def run(self, args, **_):
        self.commands.append(list(args))
        if args[:3] == ["sudo", "-n", "true"]:
            return 0 if self.sudo == "nopasswd" else 1
        if "install" in args:
            if self.apt_fails:
                return 100
            # apt-get installed them: the libraries, fonts and programs of those packages appear.
            installed = set(args[args.index("--no-install-recommends") + 1 :])
            self.absent -= {r.name for r in TEST if r.package in installed}
        return 0

    def system(self):
        return System(
            find_library=lambda name: f"lib{name}.so" if self._has(name) else None,
            font_present=self._has,
            which=self.which,
            euid=lambda: 0 if self.root else 1000,
            run=self.run,
            say=self.said.append,
        )


def test_everything_present_installs_nothing_and_says_nothing():
    machine = Machine()
    assert ensure(TEST, machine.system()) == 0
    assert machine.commands == [] and machine.said == []


def test_root_installs_the_missing_packages_each_once_with_apt_get():
    machine = Machine({"harfbuzz-subset", "pdftotext", "pdftoppm", "chromium"})
    assert ensure(TEST, machine.system()) == 0
    assert machine.commands == [
        ["apt-get", "update", "-qq"],
        [
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "libharfbuzz-subset0",
            "poppler-utils",
            "chromium",
        ],
    ]
    assert machine.said == [
        "Installing the Debian packages Mentoring needs: libharfbuzz-subset0 poppler-utils chromium"
    ]


def test_the_app_list_does_not_install_the_test_tools():
    machine = Machine({"chromium", "pdftotext"})
    assert ensure(APP, machine.system()) == 0
    assert machine.commands == []


def test_a_user_with_password_less_sudo_installs_through_sudo_n():
    machine = Machine({"DejaVuSerif.ttf"}, root=False, sudo="nopasswd")
    assert ensure(APP, machine.system()) == 0
    assert machine.commands[0] == ["sudo", "-n", "true"]
    assert machine.commands[1] == ["sudo", "-n", "apt-get", "update", "-qq"]
    assert machine.commands[2][:3] == ["sudo", "-n", "apt-get"]
    assert machine.commands[2][-1] == "fonts-dejavu-core"


def test_sudo_that_wants_a_password_stops_with_the_one_command_and_installs_nothing():
    machine = Machine({"pango-1.0", "pangoft2-1.0"}, root=False, sudo="password")
    assert ensure(APP, machine.system()) == 1
    assert machine.commands == [["sudo", "-n", "true"]]  # never a prompt: -n
    (message,) = machine.said
    assert "libpango-1.0-0 libpangoft2-1.0-0" in message
    assert (
        "sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends "
        "libpango-1.0-0 libpangoft2-1.0-0'" in message
    )


def test_no_sudo_at_all_also_stops_with_the_command():
    machine = Machine({"chromium"}, root=False, sudo=None)
    assert ensure(TEST, machine.system()) == 1
    assert machine.commands == []
    assert "apt-get install -y --no-install-recommends chromium" in machine.said[0]


def test_a_system_without_apt_gets_the_library_names_and_weasyprints_guide():
    machine = Machine({"pango-1.0", "harfbuzz-subset"}, apt=False)
    assert ensure(APP, machine.system()) == 1
    assert machine.commands == []
    (message,) = machine.said
    assert "Pango, HarfBuzz's subsetter" in message
    assert syscheck.WEASYPRINT_GUIDE in message
    assert "apt-get install" not in message


def test_a_failed_install_stops_with_the_package_names():
    machine = Machine({"chromium", "pdftoppm"}, apt_fails=True)
    assert ensure(TEST, machine.system()) == 1
    assert machine.said[-1].startswith("apt-get could not install poppler-utils chromium")
    assert "nothing else was changed" in machine.said[-1]


def test_packages_are_named_once_in_the_order_of_the_list():
    assert packages_of(TEST) == [
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
        "poppler-utils",
        "chromium",
    ]


def test_this_machine_has_everything_the_tests_need():
    # make test ran the installer before this suite: nothing may be missing now.
    assert missing(TEST, System()) == []


def test_a_second_run_with_everything_present_takes_under_a_second():
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(SCRIPT), "test"], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    assert elapsed < 1.0
