"""scripts/install-test-deps.sh fails loudly: a held apt lock, no root or no apt-get stop it
with exit 1 and the real reason (simulated with fake commands on a bare PATH)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "install-test-deps.sh"
# What the script may use besides apt-get, id and sudo (faked per test).
REAL_COMMANDS = ("env", "grep", "tail", "sed", "mktemp", "rm", "cat")
HELD_LOCK = ("E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 "
             "(apt-get)\nE: Unable to acquire the dpkg frontend lock "
             "(/var/lib/dpkg/lock-frontend), is another process using it?")


def fake_bin(tmp_path: Path, *, uid: int = 0, apt_get: str | None = None) -> Path:
    """A folder holding the only commands the script can find."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in REAL_COMMANDS:
        (folder / name).symlink_to(shutil.which(name))
    write_command(folder / "id", f'echo {uid}')
    if apt_get is not None:
        write_command(folder / "apt-get", apt_get)
    return folder


def write_command(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(0o755)


def run_script(folder: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [shutil.which("bash"), str(SCRIPT)], capture_output=True, text=True, timeout=60,
        env={"PATH": str(folder), "WAVJOURNEY_CHROMIUM": str(tmp_path / "no-chromium"), **env},
        check=False)


def test_a_held_apt_lock_fails_with_that_reason(tmp_path):
    calls = tmp_path / "apt-calls.txt"
    folder = fake_bin(tmp_path, apt_get=f'echo "$@" >> {calls}\ncat >&2 <<"END"\n{HELD_LOCK}\n'
                                         'END\nexit 100')
    done = run_script(folder, tmp_path, APT_LOCK_TIMEOUT_S="7")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "lock is still held by another process after waiting 7 s" in done.stderr
    assert "held by process 4242" in done.stderr  # apt's own line is shown
    assert "needs root" not in done.stderr
    assert "DPkg::Lock::Timeout=7" in calls.read_text()  # apt was told to wait for the lock


def test_no_apt_get_fails(tmp_path):
    done = run_script(fake_bin(tmp_path), tmp_path)
    assert done.returncode == 1
    assert "apt-get was not found" in done.stderr
    assert "-m 'not browser'" in done.stderr


def test_no_root_and_no_sudo_fails_before_calling_apt(tmp_path):
    calls = tmp_path / "apt-calls.txt"
    done = run_script(fake_bin(tmp_path, uid=1000, apt_get=f"touch {calls}"), tmp_path)
    assert done.returncode == 1
    assert "needs root" in done.stderr
    assert not calls.exists()


def test_an_unreachable_mirror_is_named(tmp_path):
    folder = fake_bin(tmp_path, apt_get='echo "W: Failed to fetch http://deb.debian.org/x  '
                                        'Temporary failure resolving \'deb.debian.org\'" >&2\n'
                                        'echo "E: Unable to locate package chromium" >&2\n'
                                        'case "$*" in *update*) exit 0;; esac; exit 100')
    done = run_script(folder, tmp_path)
    assert done.returncode == 1
    assert "apt-get install chromium" in done.stderr
    assert "cannot be reached" in done.stderr


@pytest.mark.parametrize("installed", ["flag", "path"])
def test_an_installed_chromium_is_left_alone(tmp_path, installed):
    folder = fake_bin(tmp_path, apt_get="exit 100")
    chromium = tmp_path / "chromium"
    write_command(chromium, "exit 0")
    if installed == "path":
        (folder / "chromium").symlink_to(chromium)
        done = run_script(folder, tmp_path)
    else:
        done = run_script(folder, tmp_path, WAVJOURNEY_CHROMIUM=str(chromium))
    assert done.returncode == 0, done.stderr
    assert "already installed" in done.stdout


def test_a_successful_install_that_leaves_no_chromium_fails(tmp_path):
    done = run_script(fake_bin(tmp_path, apt_get="exit 0"), tmp_path)
    assert done.returncode == 1
    assert "no chromium" in done.stderr
