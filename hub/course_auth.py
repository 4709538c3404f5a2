"""Logins of the class: PAM checks that run side by side, a limit on failed logins per user and per
address, and (tests only) a dummy authenticator that admits only the class's students.

* JupyterHub's PAMAuthenticator checks passwords in a pool of ONE thread, and PAM sleeps ~3 s after
  every wrong password (pam_faildelay), so 30 wrong passwords for one student held every other
  student's login for 90 s. Here the checks run in a pool of `pam_threads` threads.
* `LoginLimiter`: a user name that failed `user_limit` times within `window` seconds, or an address
  that failed `address_limit` times, is locked for `lockout` seconds: its logins are refused at
  once with HTTP 429 ("try again in N s") without asking PAM. Checks still running count as
  failures until they end, so 30 wrong passwords sent at once reach PAM only `user_limit` times.
  A lock is short: when it ends the count starts again, and the student's own right password
  works again after at most `lockout` seconds. A successful login clears the user's failures.
  The address is the client's as the proxy saw it (X-Forwarded-For, set by
  configurable-http-proxy); a class behind one NAT address shares the address limit, which is
  why it is higher.
"""
import grp
import pwd
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from jupyterhub.auth import Authenticator, DummyAuthenticator, PAMAuthenticator
from tornado import web
from traitlets import Any, Integer, Unicode, default


class LoginLimiter:
    """Failed logins per user name and per address in a sliding window, with a short lockout."""

    def __init__(self, user_limit=5, address_limit=30, window=300, lockout=60, clock=time.monotonic):
        self.user_limit = user_limit
        self.address_limit = address_limit
        self.window = window
        self.lockout = lockout
        self.clock = clock
        self.failures = {}  # ("user", name) or ("address", ip) -> deque of failure times
        self.pending = {}  # same keys -> checks running now
        self.locked = {}  # same keys -> time the lock ends

    def _keys(self, name, address):
        return [(("user", name), self.user_limit), (("address", address), self.address_limit)]

    def _count(self, key, now):
        q = self.failures.get(key)
        while q and q[0] <= now - self.window:
            q.popleft()
        return (len(q) if q else 0) + self.pending.get(key, 0)

    def admit(self, name, address):
        """Raises HTTP 429 when the user or the address is locked; else counts a check as running."""
        now = self.clock()
        for key, limit in self._keys(name, address):
            until = self.locked.get(key)
            if until is not None and until > now:
                raise LoginLocked(key, until - now)
            if until is not None:
                del self.locked[key]
            if self._count(key, now) >= limit:
                # Checks still running would reach the limit: refuse this one without a lock.
                raise LoginLocked(key, 1)
        for key, _ in self._keys(name, address):
            self.pending[key] = self.pending.get(key, 0) + 1

    def done(self, name, address, ok):
        """A check ended: a failure is counted (and may lock); a success clears the user's failures."""
        now = self.clock()
        for key, limit in self._keys(name, address):
            self.pending[key] -= 1
            if not self.pending[key]:
                del self.pending[key]
            if ok:
                if key[0] == "user":
                    self.failures.pop(key, None)
                continue
            self.failures.setdefault(key, deque()).append(now)
            if self._count(key, now) >= limit and key not in self.locked:
                self.locked[key] = now + self.lockout
                self.failures.pop(key, None)  # after the lock, the count starts again
                self.on_lock(key)

    def on_lock(self, key):
        """Called when a user or an address gets locked (the authenticator logs it)."""


class LoginLocked(web.HTTPError):
    def __init__(self, key, seconds):
        kind, value = key
        seconds = max(1, int(seconds + 0.999))
        who = "this user" if kind == "user" else "your address"
        super().__init__(429, f"Too many failed logins for {who}. Try again in {seconds} s.")
        self.headers = {"Retry-After": str(seconds)}
        self.key = key


class LimitedLogins(Authenticator):
    """Mixin for an Authenticator: every password check goes through a LoginLimiter."""

    login_user_limit = Integer(5, help="Failed logins of one user name within login_window before a lockout.").tag(config=True)
    login_address_limit = Integer(30, help="Failed logins from one address within login_window before a lockout.").tag(config=True)
    login_window = Integer(300, help="Seconds over which failed logins are counted.").tag(config=True)
    login_lockout = Integer(60, help="Seconds a user name or an address stays locked.").tag(config=True)
    limiter = Any()

    @default("limiter")
    def _default_limiter(self):
        limiter = LoginLimiter(self.login_user_limit, self.login_address_limit, self.login_window, self.login_lockout)
        log = self.log

        def on_lock(key):
            log.warning("login: %s %s locked for %s s after too many failed logins", key[0], key[1], limiter.lockout)

        limiter.on_lock = on_lock
        return limiter

    async def authenticate(self, handler, data):
        data = data or {}
        name = self.normalize_username(str(data.get("username") or ""))
        address = handler.request.remote_ip if handler is not None else ""
        self.limiter.admit(name, address)
        ok = False
        try:
            result = await super().authenticate(handler, data)
            ok = bool(result)
            return result
        finally:
            self.limiter.done(name, address, ok)


class CoursePAMAuthenticator(LimitedLogins, PAMAuthenticator):
    """PAM logins of the class's Unix users, `pam_threads` checks at once, with the login limits."""

    pam_threads = Integer(8, help="Password checks run at the same time (JupyterHub's own default: 1).").tag(config=True)

    @default("executor")
    def _default_executor(self):
        return ThreadPoolExecutor(self.pam_threads, thread_name_prefix="pam")


class CourseDummyAuthenticator(LimitedLogins, DummyAuthenticator):
    """Tests only: one password for every student, and only Unix users of `class_group` (uid ≥ 1000)
    — never any other account of the machine."""

    class_group = Unicode("nncourse", help="The Unix group of the students.").tag(config=True)

    def check_allowed(self, username, authentication=None):
        if self.allowed_users and username not in self.allowed_users:
            return False
        try:
            user = pwd.getpwnam(username)
            group = grp.getgrnam(self.class_group)
        except KeyError:
            return False
        return user.pw_uid >= 1000 and (username in group.gr_mem or user.pw_gid == group.gr_gid)
