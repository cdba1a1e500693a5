"""``emporium-hq`` as a person uses it, in subprocesses, against both databases."""

from __future__ import annotations

import re
import subprocess
import sys

from headoffice.users import check_login
from tests.headoffice.conftest import HQ, ROOT


def hq_cli(hq: HQ, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "headoffice", *args], cwd=ROOT,
                          env=hq.backend.env, input=stdin, capture_output=True, text=True,
                          timeout=120, check=False)


def test_demo_prints_a_login_and_an_enrolment_code_that_works(hq: HQ) -> None:
    done = hq_cli(hq, "demo")
    assert done.returncode == 0, done.stderr
    login = re.search(r"dashboard login: (\S+) / (\S+)", done.stdout)
    code = re.search(r"enrolment code for BPL1 \(Bhopal\), valid 30 minutes: (\S+)",
                     done.stdout)
    assert login and code, done.stdout
    assert "published now: nothing" in done.stdout  # the catalogue was loaded already
    with hq.engine.connect() as conn:
        assert check_login(conn, login[1], login[2]) is not None
        assert check_login(conn, login[1], "wrong password") is None
    assert hq.enroll(code[1])["series_prefix"] == "BPL1A"


def test_create_user_enrol_code_devices_and_revoke(hq: HQ) -> None:
    made = hq_cli(hq, "create-user", "asha", "--role", "accounts", "--name", "Asha",
                  "--password-stdin", stdin="correct horse battery\n")
    assert made.returncode == 0, made.stderr
    with hq.engine.connect() as conn:
        assert check_login(conn, "asha", "correct horse battery") is not None
    short = hq_cli(hq, "create-user", "ravi", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least" in short.stderr
    code = hq_cli(hq, "enrol-code", "BPL1")
    assert code.returncode == 0 and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}\n",
                                                 code.stdout)
    assert hq_cli(hq, "enrol-code", "NOWHERE").returncode == 1
    device = hq.enroll(code.stdout.strip())
    listed = hq_cli(hq, "devices")
    assert device["device_id"] in listed.stdout and "active" in listed.stdout
    assert hq_cli(hq, "revoke", device["device_id"]).returncode == 0
    assert hq.get("/sync/meta", device["token"]).status_code == 401
