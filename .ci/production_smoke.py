# ruff: noqa: S603, S607
# (a CI script: every command it starts is the product's own; psql comes from PATH)
"""CI: the product started as an operator starts it (docs/operations.md), on PostgreSQL and
Redis, with gunicorn, a real Celery worker and beat, in production mode; then a break-glass
login with its TOTP code, the payment run of a month started through the worker, its SEPA
file refused until a second person (the director, with a break-glass login of her own)
released the run, then downloaded over HTTP, and `samen check --deploy` clean. Everything it
started is stopped.

    .venv/bin/python .ci/production_smoke.py      (called by .ci/run after the test suites)

The data: the demo is loaded in development mode into a fresh database, then its staff are
made ordinary staff without passwords (production refuses demo users), and the demo's
administratie member and director get the break-glass login. Exit code 0 when every step passed.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PG = "postgres://postgres@127.0.0.1:5432"
MONTH = "2026-07"
OPERATOR = "administratie"
APPROVER = "directeur"  # four eyes: administration starts the run, the director releases it


def say(text: str) -> None:
    print(f"[smoke] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(args: list[str], env: dict[str, str], **kwargs: object) -> str:
    result = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        raise SystemExit(
            f"[smoke] mislukt: {' '.join(args)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


def totp_now(uri: str) -> str:
    from django_otp.oath import totp

    query = urllib.parse.parse_qs(urllib.parse.urlparse(uri).query)
    secret = query["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


class Browser:
    """A minimal HTTP client that behaves like a browser behind the TLS proxy: it says the
    request came over HTTPS (X-Forwarded-Proto), keeps the (Secure) cookies and sends the
    Referer that Django's CSRF check wants for HTTPS."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.origin = f"https://127.0.0.1:{port}"

    def request(self, method: str, path: str, form: dict[str, str] | None = None):  # noqa: ANN201
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "X-Forwarded-Proto": "https",
            "Host": f"127.0.0.1:{self.port}",
            "Referer": f"{self.origin}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), content

    def csrf(self) -> str:
        return self.cookies["csrftoken"]


def wait_for(check, what: str, seconds: float = 120) -> None:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise SystemExit(f"[smoke] niet gelukt binnen {seconds:.0f} s: {what}")


def main() -> int:
    database = f"samen_smoke_{int(time.time())}_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix="samen-smoke-"))
    checkpoints = work / "checkpoints"
    checkpoints.mkdir()
    port = free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    base.update(
        DATABASE_URL=f"{PG}/{database}",
        SAMEN_DATA_DIR=str(work),
        SAMEN_AUDIT_CHECKPOINT_DIR=str(checkpoints),
        PATH=f"{BIN}:{os.environ.get('PATH', '')}",
    )
    processes: list[subprocess.Popen[bytes]] = []
    logs: dict[str, Path] = {}
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {database}"],
        check=True,
    )
    try:
        say(f"database {database}: demo laden in ontwikkelmodus")
        demo = {**base, "SAMEN_DEMO": "1"}
        run([str(BIN / "samen"), "migrate", "--noinput", "-v0"], demo)
        run([str(BIN / "samen"), "demo", "laden"], demo)
        number = (
            run(
                [
                    str(BIN / "samen"),
                    "shell",
                    "-c",
                    "from django.contrib.auth import get_user_model\n"
                    "from samen.organisation.models import Staff\n"
                    "Staff.objects.update(is_demo=False)\n"
                    "for user in get_user_model().objects.all():\n"
                    "    user.set_unusable_password(); user.save()\n"
                    f"print(Staff.objects.get(user__username='{OPERATOR}').employee_number)\n"
                    f"print(Staff.objects.get(user__username='{APPROVER}').employee_number)",
                ],
                demo,
            )
            .strip()
            .splitlines()[-2:]
        )

        production = {
            **base,
            "SAMEN_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "SAMEN_AUDIT_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
            "SAMEN_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_FORWARDED_ALLOW_IPS": "127.0.0.1",
        }
        say("productiemodus: noodaccount, collectstatic, check --deploy")
        logins = {}
        for username, employee in zip((OPERATOR, APPROVER), number, strict=True):
            printed = run([str(BIN / "samen"), "noodaccount", employee], production)
            logins[username] = (
                re.search(r"wachtwoord:\s+(\S+)", printed).group(1),  # type: ignore[union-attr]
                re.search(r"(otpauth://\S+)", printed).group(1),  # type: ignore[union-attr]
            )
        run([str(BIN / "samen"), "collectstatic", "--noinput", "-v0"], production)
        deploy = run(
            [str(BIN / "samen"), "check", "--deploy", "--fail-level", "WARNING"], production
        )
        say(deploy.strip().splitlines()[-1])

        say("gunicorn, celery worker en beat starten")
        for name, args in (
            ("web", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "samen.wsgi"]),
            ("worker", [str(BIN / "celery"), "-A", "samen", "worker", "-l", "INFO", "-c", "1"]),
            (
                "beat",
                [
                    str(BIN / "celery"),
                    "-A",
                    "samen",
                    "beat",
                    "-l",
                    "INFO",
                    "-s",
                    str(work / "beat"),
                ],
            ),
        ):
            logs[name] = work / f"{name}.log"
            processes.append(
                subprocess.Popen(  # noqa: S603
                    args,
                    env=production,
                    cwd=ROOT,
                    stdout=logs[name].open("wb"),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        browser = Browser(port)

        def up() -> bool:
            try:
                return browser.request("GET", "/inloggen")[0] == 200
            except OSError:
                return False

        wait_for(up, "gunicorn antwoordt")
        wait_for(lambda: "ready." in logs["worker"].read_text(errors="replace"), "worker klaar")
        wait_for(lambda: "beat: Starting" in logs["beat"].read_text(errors="replace"), "beat start")

        def login(client: Browser, username: str) -> None:
            password, uri = logins[username]
            client.request("GET", "/inloggen")
            status, _, _ = client.request(
                "POST",
                "/inloggen",
                {
                    "csrfmiddlewaretoken": client.csrf(),
                    "username": username,
                    "password": password,
                    "otp_token": totp_now(uri),
                },
            )
            if status != 302 or "sessionid" not in client.cookies:
                raise SystemExit(f"[smoke] inloggen als {username} mislukt: {status}")

        say("inloggen met wachtwoord en TOTP-code")
        login(browser, OPERATOR)
        page = browser.request("GET", "/")[2].decode()
        if "Welkom" not in page:
            raise SystemExit("[smoke] de startpagina na inloggen ontbreekt")

        say(f"betaalrun {MONTH} starten via de worker")
        status, headers, _ = browser.request(
            "POST", "/betalingen", {"csrfmiddlewaretoken": browser.csrf(), "maand": MONTH}
        )
        if status != 302:
            raise SystemExit(f"[smoke] betaalrun starten mislukt: {status}")

        def done() -> bool:
            return (
                "<strong>Gereed</strong>"
                in browser.request("GET", f"/betalingen/{MONTH}")[2].decode()
            )

        wait_for(done, f"betaalrun {MONTH} gereed", seconds=180)
        worker_log = logs["worker"].read_text(errors="replace")
        if "income.run_month" not in worker_log or "succeeded" not in worker_log:
            raise SystemExit("[smoke] de worker heeft de betaalrun niet uitgevoerd")

        page = browser.request("GET", f"/betalingen/{MONTH}")[2].decode()
        if "sepa.xml" in page:
            raise SystemExit("[smoke] betaalbestand aangeboden voordat de run is vrijgegeven")
        codes = re.findall(rf'href="/betalingen/{MONTH}/(GM[0-9]{{4}})"', page)
        if not codes:
            raise SystemExit("[smoke] geen gemeente met betalingen op de pagina van de run")
        early = f"/betalingen/{MONTH}/{codes[0]}/sepa.xml"
        status, _, content = browser.request("GET", early)
        if status != 409 or b"CstmrCdtTrfInitn" in content:
            raise SystemExit(f"[smoke] betaalbestand vóór de vrijgave niet geweigerd: {status}")
        say(f"betaalbestand vóór de vrijgave geweigerd ({status})")

        say(f"betaalrun {MONTH} vrijgeven als {APPROVER} (vier ogen)")
        approver = Browser(port)
        login(approver, APPROVER)
        page = approver.request("GET", f"/betalingen/{MONTH}")[2].decode()
        attempt = re.search(r'name="versie" value="([0-9]+)"', page)
        if attempt is None:
            raise SystemExit("[smoke] de directeur krijgt geen knop om vrij te geven")
        status, _, _ = approver.request(
            "POST",
            f"/betalingen/{MONTH}/vrijgeven",
            {"csrfmiddlewaretoken": approver.csrf(), "versie": attempt.group(1)},
        )
        if status != 302:
            raise SystemExit(f"[smoke] vrijgeven mislukt: {status}")

        page = browser.request("GET", f"/betalingen/{MONTH}")[2].decode()
        links = re.findall(rf'href="(/betalingen/{MONTH}/GM[0-9]{{4}}/sepa\.xml)"', page)
        if not links:
            raise SystemExit("[smoke] geen SEPA-bestand op de pagina van de vrijgegeven run")
        status, headers, content = browser.request("GET", links[0])
        if status != 200 or b"CstmrCdtTrfInitn" not in content:
            raise SystemExit(f"[smoke] SEPA-bestand niet gedownload: {status}")
        if browser.request("GET", links[0])[2] != content:
            raise SystemExit("[smoke] het vrijgegeven betaalbestand is de tweede keer anders")
        say(f"SEPA-bestand {links[0]}: {len(content)} bytes, pain.001")
        if "Content-Security-Policy" not in headers and "content-security-policy" not in {
            k.lower() for k in headers
        }:
            raise SystemExit("[smoke] geen Content-Security-Policy")
        say("alles in orde")
        return 0
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                f"DROP DATABASE IF EXISTS {database}",
            ],
            check=False,
        )


if __name__ == "__main__":
    sys.exit(main())
