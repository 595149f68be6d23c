"""A tiny OpenID Connect provider for the tests, run in its own process: discovery, authorize (consents at once, for
the person set through POST /_person), token (authorization code with PKCE), userinfo and JWKS, RS256-signed ID
tokens. Standard library, PyJWT and cryptography only.

    python tests/oidc_provider.py --port 8765 --client-id parvis --secret s3cret
"""

import argparse
import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KID = "test-key"
PERSON = {"sub": "fc-0001", "email": "camille.durand@example.org", "email_verified": True, "name": "Camille Durand"}
CODES: dict[str, dict] = {}
TOKENS: dict[str, dict] = {}
LOCK = threading.Lock()


class Provider(BaseHTTPRequestHandler):
    client_id = ""
    secret = ""

    @property
    def issuer(self) -> str:
        return f"http://{self.headers['Host']}"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _json(self, status: int, data: dict) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            return json.loads(raw or "{}")
        return {name: values[0] for name, values in parse_qs(raw).items()}

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            return self._json(
                200,
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "userinfo_endpoint": f"{self.issuer}/userinfo",
                    "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                    "code_challenge_methods_supported": ["S256"],
                },
            )
        if url.path == "/jwks":
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True)
            return self._json(200, {"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]})
        if url.path == "/authorize":
            if query.get("client_id") != self.client_id or query.get("response_type") != "code":
                return self._json(400, {"error": "invalid_request"})
            code = secrets.token_urlsafe(16)
            with LOCK:
                CODES[code] = {"person": dict(PERSON), "query": query}
            target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return None
        if url.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            with LOCK:
                person = TOKENS.get(token)
            return self._json(200, person) if person else self._json(401, {"error": "invalid_token"})
        return self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        data = self._form()
        if url.path == "/_person":  # the tests choose who signs in next
            with LOCK:
                PERSON.clear()
                PERSON.update(data)
            return self._json(200, PERSON)
        if url.path == "/token":
            client_id, secret = data.get("client_id", ""), data.get("client_secret", "")
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):
                client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            with LOCK:
                grant = CODES.pop(data.get("code", ""), None)
            if client_id != self.client_id or secret != self.secret or grant is None:
                return self._json(400, {"error": "invalid_grant"})
            query = grant["query"]
            if data.get("redirect_uri") != query["redirect_uri"]:
                return self._json(400, {"error": "invalid_grant"})
            challenge = query.get("code_challenge")
            if challenge:
                verifier = data.get("code_verifier", "").encode()
                expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
                if expected != challenge:
                    return self._json(400, {"error": "invalid_grant"})
            person = grant["person"]
            now = int(time.time())
            claims = {"iss": self.issuer, "aud": client_id, "iat": now, "exp": now + 300, **person}
            if query.get("nonce"):
                claims["nonce"] = query["nonce"]
            id_token = jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": KID})
            access_token = secrets.token_urlsafe(24)
            with LOCK:
                TOKENS[access_token] = person
            return self._json(
                200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
            )
        return self._json(404, {"error": "not_found"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--secret", required=True)
    arguments = parser.parse_args()
    Provider.client_id, Provider.secret = arguments.client_id, arguments.secret
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Provider)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
