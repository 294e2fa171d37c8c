"""Start the local OpenID Connect provider (``provider.mjs``, npm ``oidc-provider``) for a test,
and the samen settings that point at it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from django.conf import settings

SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "samen"
CLIENT_SECRET = "samen-test-geheim"  # noqa: S105 (the local test provider's)


@dataclass
class Provider:
    issuer: str
    discovery: dict

    def samen_settings(self) -> dict[str, object]:
        """override_settings for samen as the provider's client."""
        policy = {
            "DIRECTIVES": {
                **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
                "form-action": ["'self'", self.issuer],
            }
        }
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.discovery["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": self.discovery["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": self.discovery["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": self.discovery["jwks_uri"],
            "OIDC_OP_END_SESSION_ENDPOINT": self.discovery["end_session_endpoint"],
            "OIDC_RP_SCOPES": "openid samen",
            "OIDC_PROVIDER_NAME": "Gemeente Testdorp",
            "CONTENT_SECURITY_POLICY": policy,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_provider(samen_url: str, accounts: dict[str, dict[str, str]]) -> Iterator[Provider]:
    """The provider on a free port, with samen (at ``samen_url``) as its client and the given
    accounts (login -> claims). Stopped afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_REDIRECT_URI": f"{samen_url}/oidc/callback/",
        "OIDC_POST_LOGOUT_URI": f"{samen_url}/inloggen?uitgelogd",
        "OIDC_ACCOUNTS": json.dumps(accounts),
        "NODE_ENV": "development",
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("ready "):
            raise RuntimeError(f"De OIDC-testprovider startte niet: {line!r}")
        issuer = line.split()[1]
        discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5).json()
        yield Provider(issuer=issuer, discovery=discovery)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
