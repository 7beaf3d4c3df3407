"""A ProConnect stand-in for the tests and the demo: an OpenID Connect provider on
127.0.0.1 (``manage.py proconnect_fake``). It vouches for anyone: never in production.

RSA keys made by joserfc, a discovery document, a JWKS, an authorization endpoint that
answers at once (no login form: the test says who signs in), a token endpoint that signs
the ID token, a userinfo endpoint that answers a signed JWT, and session/end. ``tamper``
makes it misbehave the ways the tests need."""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "maillage-test"
CLIENT_SECRET = "secret-de-test-pour-proconnect"  # noqa: S105  # the stand-in's own


class FakeProConnect:
    def __init__(self, port: int = 0) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "fake-1", "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "fake-1", "use": "sig"})
        self.claims: dict[str, Any] = {}
        self.acr = "eidas1"
        self.tamper: str | None = None
        self.codes: dict[str, str] = {}
        self.logouts: list[dict[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v2"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeProConnect:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def sign_in_as(self, *, acr: str = "eidas1", **claims: Any) -> None:
        self.acr = acr
        self.claims = {
            "sub": "sub-agent-1",
            "idp_id": "idp-departement",
            "email": "agent@departement.test",
            "given_name": "Camille",
            "usual_name": "Agent",
            "siret": "",
            "uid": "1",
            **claims,
        }

    # -------------------------------------------------------------------- answers

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.base_url,
            "authorization_endpoint": f"{self.base_url}/authorize",
            "token_endpoint": f"{self.base_url}/token",
            "userinfo_endpoint": f"{self.base_url}/userinfo",
            "jwks_uri": f"{self.base_url}/jwks",
            "end_session_endpoint": f"{self.base_url}/session/end",
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
        }

    def _sign(self, claims: dict[str, Any], *, wrong_key: bool = False) -> str:
        key = self.other_key if wrong_key else self.key
        return jwt.encode({"alg": "RS256", "kid": "fake-1"}, claims, key)

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.base_url,
            "aud": CLIENT_ID,
            "sub": self.claims["sub"],
            "iat": now,
            "exp": now + 60,
            "nonce": "not-the-nonce-that-was-sent" if self.tamper == "nonce" else nonce,
            "acr": self.acr,
            "amr": ["pwd", "totp"] if self.acr in ("eidas2", "eidas3") else ["pwd"],
        }
        if self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 600, now - 300
        return self._sign(claims, wrong_key=self.tamper == "wrong_key")

    def userinfo(self) -> tuple[str, str]:
        claims = {"iss": self.base_url, "aud": CLIENT_ID, **self.claims}
        if self.tamper == "unsigned_userinfo":
            return "application/json", json.dumps(self.claims)
        return "application/jwt", self._sign(claims, wrong_key=self.tamper == "userinfo_wrong_key")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                """No access log: the provider's requests would drown the test output."""

            def _send(self, status: int, body: str = "", content_type: str = "", **headers: str):
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in headers.items():
                    self.send_header(name, value)
                data = body.encode()
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                path = url.path.removeprefix("/api/v2")
                if path == "/.well-known/openid-configuration":
                    self._send(200, json.dumps(provider.discovery()), "application/json")
                elif path == "/jwks":
                    keys = {"keys": [provider.key.as_dict(private=False, alg="RS256")]}
                    self._send(200, json.dumps(keys), "application/json")
                elif path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query.get("nonce", "")
                    target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
                    self._send(302, Location=target)
                elif path == "/userinfo":
                    content_type, body = provider.userinfo()
                    self._send(200, body, content_type)
                elif path == "/session/end":
                    provider.logouts.append(query)
                    target = f"{query['post_logout_redirect_uri']}?{urlencode({'state': query.get('state', '')})}"
                    self._send(302, Location=target)
                else:
                    self._send(404, "not found", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path.removeprefix("/api/v2") != "/token":
                    self._send(404, "not found", "text/plain")
                    return
                nonce = provider.codes.pop(form.get("code", ""), None)
                if nonce is None or form.get("client_secret") != CLIENT_SECRET:
                    self._send(400, json.dumps({"error": "invalid_grant"}), "application/json")
                    return
                body = {
                    "access_token": secrets.token_urlsafe(24),
                    "token_type": "Bearer",
                    "expires_in": 60,
                    "id_token": provider.id_token(nonce),
                }
                self._send(200, json.dumps(body), "application/json")

        return Handler
