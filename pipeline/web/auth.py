"""Who may use the server, and proof that a form came from its own pages (the standard library only).

Sessions are signed cookies (HMAC-SHA256 with a key made when the server starts); the CSRF token of a
session is derived from its id with the same key, so every form and every htmx request can carry it.
Sign-in is by a token printed at start, or by a users file of `name:scrypt$n$r$p$salt$hash` lines.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PipelineError
from ..files import write_atomic
from .http import Session

COOKIE = "press_session"
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}  # about 50 ms a check: slow to guess, quick to sign in
LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Return whether `host` is reachable from this machine only (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Keys:
    """The server's signing key, made at start: sessions end when the server stops."""

    def __init__(self, secret: bytes | None = None):
        self.secret = secret or secrets.token_bytes(32)

    def _mac(self, data: bytes) -> str:
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()

    def dumps(self, session: Session) -> str:
        """Return the cookie value of `session`: its fields, then their signature."""
        data = base64.urlsafe_b64encode(json.dumps(session.__dict__, ensure_ascii=True).encode()).decode()
        return f"{data}.{self._mac(data.encode())}"

    def loads(self, value: str) -> Session | None:
        """Return the session of a cookie value, or None when it is not one this server signed."""
        data, _, mac = value.rpartition(".")
        if not data or not hmac.compare_digest(mac, self._mac(data.encode())):
            return None
        try:
            fields = json.loads(base64.urlsafe_b64decode(data.encode()))
            return Session(**{key: str(fields.get(key, "")) for key in ("sid", "user", "name", "lang")})
        except (ValueError, TypeError):
            return None

    def new_session(self) -> Session:
        return Session(secrets.token_urlsafe(18))

    def csrf(self, session: Session) -> str:
        """Return the CSRF token every form of this session carries."""
        return self._mac(b"csrf:" + session.sid.encode())[:40]

    def csrf_ok(self, session: Session, given: str) -> bool:
        return bool(given) and bool(session.sid) and hmac.compare_digest(given, self.csrf(session))


def hash_password(password: str, salt: bytes | None = None) -> str:
    """Return the users-file form of a password: scrypt$n$r$p$salt$hash (hex)."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT, dklen=32)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Return whether `password` is the one `stored` (hash_password's form) was made from."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(digest) // 2, maxmem=2 ** 26)
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def read_users(path: Path) -> dict[str, str]:
    """Return {name: stored password} from a users file (`name:scrypt$…` a line, # comments)."""
    users: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise PipelineError(f"cannot read the users file ({error.strerror})", path,
                            hint="create it with: press serve --users FILE --add-user NAME") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, stored = line.partition(":")
        if not name.strip() or not stored.startswith("scrypt$") or stored.count("$") != 5:
            raise PipelineError("not a `name:scrypt$…` line", path, number,
                                hint="add users with: press serve --users FILE --add-user NAME")
        users[name.strip()] = stored.strip()
    return users


def add_user(path: Path, name: str, password: str) -> None:
    """Add (or replace) a user in the users file, its password stored as an scrypt hash."""
    if not name.strip() or ":" in name or any(ord(char) < 32 for char in name):
        raise PipelineError(f"{name!r} cannot be a user name", path, hint="use letters, digits and spaces")
    if len(password) < 8:
        raise PipelineError("the password is shorter than 8 characters", path, hint="choose a longer one")
    users = read_users(path) if Path(path).exists() else {}
    users[name.strip()] = hash_password(password)
    write_atomic(Path(path), "".join(f"{user}:{stored}\n" for user, stored in users.items()))


@dataclass(frozen=True)
class SignIn:
    """How people sign in: a token, a users file, or not at all (a server listening on 127.0.0.1 only)."""

    token: str = ""
    users: dict[str, str] = field(default_factory=dict)

    @property
    def required(self) -> bool:
        return bool(self.token or self.users)

    def check(self, name: str, secret: str) -> str | None:
        """Return who signs in with `name` and `secret` (the password, or the token), or None."""
        if self.token and hmac.compare_digest(secret.encode(), self.token.encode()):
            return name.strip() or "token"
        stored = self.users.get(name.strip())
        return name.strip() if stored and verify_password(secret, stored) else None

    def describe(self) -> str:
        """Return the line printed at start saying how to sign in."""
        if self.users:
            return f"sign-in: {len(self.users)} user(s) from the users file"
        if self.token:
            return f"sign-in: token {self.token}"
        return "sign-in: none (this machine only)"


def sign_in_for(host: str, token: str = "", users: Path | None = None) -> SignIn:
    """Return the sign-in for a server on `host`; refuses an address other machines reach without one.
    A token of "auto" is made up here (and printed at start)."""
    sign_in = SignIn(secrets.token_urlsafe(24) if token == "auto" else token, read_users(users) if users else {})
    if not sign_in.required and not is_loopback(host):
        raise PipelineError(f"listening on {host} lets other machines in, and no sign-in is set",
                            hint="pass --token auto (a token printed at start) or --users FILE, or listen on "
                                 "127.0.0.1")
    return sign_in
