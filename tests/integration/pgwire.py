"""A minimal PostgreSQL v3 frontend for protocol tests.

Speaks the wire protocol byte by byte over a plain socket so tests can send
exactly what a real client would (or exactly what it never would: truncated,
malformed and oversized messages) and check each backend message in order.
It implements startup, SSLRequest/TLS, and the trust, cleartext, md5 and
SCRAM-SHA-256(-PLUS) exchanges, plus builders for every frontend message.

Nothing here is clever on purpose: when a protocol test fails, the bytes on
the wire should be readable straight from this file.
"""

import base64
import hashlib
import hmac
import os
import select
import socket
import ssl
import struct
import time

PROTOCOL_3_0 = 3 << 16
SSL_REQUEST_CODE = 80877103
GSSENC_REQUEST_CODE = 80877104
CANCEL_REQUEST_CODE = 80877102

# ErrorResponse / NoticeResponse field codes we read
FIELD_NAMES = {
    "S": "severity_localized",
    "V": "severity",
    "C": "code",
    "M": "message",
    "D": "detail",
    "H": "hint",
    "P": "position",
    "p": "internal_position",
    "q": "internal_query",
    "W": "where",
    "F": "file",
    "L": "line",
    "R": "routine",
}


class ProtocolError(Exception):
    """The server sent something this client did not expect."""


class ServerError(Exception):
    """An ErrorResponse, with its fields as a dict (code, message, ...)."""

    def __init__(self, fields):
        self.fields = fields
        super().__init__(f"{fields.get('severity', '?')} {fields.get('code', '?')}: {fields.get('message', '')}")

    @property
    def code(self):
        return self.fields.get("code")


# ---------------------------------------------------------------- encoding


def cstr(s):
    """A NUL-terminated string as the protocol wants it."""
    if isinstance(s, str):
        s = s.encode()
    return s + b"\0"


def msg(kind, payload=b""):
    """One typed frontend message: type byte, int32 length (self-inclusive), payload."""
    return kind.encode() + struct.pack("!i", len(payload) + 4) + payload


def startup_packet(params, version=PROTOCOL_3_0):
    body = struct.pack("!i", version)
    for k, v in params.items():
        body += cstr(k) + cstr(v)
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


def ssl_request():
    return struct.pack("!ii", 8, SSL_REQUEST_CODE)


def gssenc_request():
    return struct.pack("!ii", 8, GSSENC_REQUEST_CODE)


def cancel_request(pid, key):
    return struct.pack("!iiii", 16, CANCEL_REQUEST_CODE, pid, key)


def query(sql):
    return msg("Q", cstr(sql))


def parse(name, sql, oids=()):
    return msg("P", cstr(name) + cstr(sql) + struct.pack("!h", len(oids)) + b"".join(struct.pack("!I", o) for o in oids))


def bind(portal, stmt, params=(), param_formats=(), result_formats=()):
    """params: list of bytes (already encoded in the chosen format) or None for NULL."""
    body = cstr(portal) + cstr(stmt)
    body += struct.pack("!h", len(param_formats)) + b"".join(struct.pack("!h", f) for f in param_formats)
    body += struct.pack("!h", len(params))
    for p in params:
        if p is None:
            body += struct.pack("!i", -1)
        else:
            if isinstance(p, str):
                p = p.encode()
            body += struct.pack("!i", len(p)) + p
    body += struct.pack("!h", len(result_formats)) + b"".join(struct.pack("!h", f) for f in result_formats)
    return msg("B", body)


def describe(kind, name):
    return msg("D", kind.encode() + cstr(name))


def execute(portal, max_rows=0):
    return msg("E", cstr(portal) + struct.pack("!i", max_rows))


def close(kind, name):
    return msg("C", kind.encode() + cstr(name))


def sync():
    return msg("S")


def flush():
    return msg("H")


def terminate():
    return msg("X")


def function_call(oid, args=()):
    body = struct.pack("!I", oid) + struct.pack("!h", 0) + struct.pack("!h", len(args))
    for a in args:
        body += struct.pack("!i", len(a)) + a
    body += struct.pack("!h", 0)
    return msg("F", body)


# ---------------------------------------------------------------- decoding


def parse_error_fields(payload):
    fields = {}
    i = 0
    while i < len(payload) and payload[i] != 0:
        code = chr(payload[i])
        end = payload.index(b"\0", i + 1)
        fields[FIELD_NAMES.get(code, code)] = payload[i + 1 : end].decode("utf-8", "replace")
        i = end + 1
    return fields


def parse_row_description(payload):
    (n,) = struct.unpack_from("!h", payload, 0)
    pos = 2
    cols = []
    for _ in range(n):
        end = payload.index(b"\0", pos)
        name = payload[pos:end].decode()
        pos = end + 1
        table_oid, attnum, type_oid, typlen, typmod, fmt = struct.unpack_from("!IhIhih", payload, pos)
        pos += 18
        cols.append(
            {"name": name, "table_oid": table_oid, "attnum": attnum, "type_oid": type_oid, "typlen": typlen,
             "typmod": typmod, "format": fmt}
        )
    return cols


def parse_data_row(payload):
    (n,) = struct.unpack_from("!h", payload, 0)
    pos = 2
    vals = []
    for _ in range(n):
        (ln,) = struct.unpack_from("!i", payload, pos)
        pos += 4
        if ln < 0:
            vals.append(None)
        else:
            vals.append(payload[pos : pos + ln])
            pos += ln
    return vals


def parse_parameter_description(payload):
    (n,) = struct.unpack_from("!h", payload, 0)
    return list(struct.unpack_from("!%dI" % n, payload, 2))


def parse_negotiate(payload):
    minor, n = struct.unpack_from("!ii", payload, 0)
    pos = 8
    opts = []
    for _ in range(n):
        end = payload.index(b"\0", pos)
        opts.append(payload[pos:end].decode())
        pos = end + 1
    return minor, opts


# ---------------------------------------------------------------- SCRAM


def scram_verifier(password, salt=None, iterations=4096):
    """A SCRAM-SHA-256 verifier as PostgreSQL stores it (pg_authid / userlist.txt)."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def md5_password(password, user):
    """The 'md5...' form PostgreSQL stores and PgBouncer's userlist accepts."""
    return "md5" + hashlib.md5((password + user).encode()).hexdigest()


class ScramClient:
    """Client side of SCRAM-SHA-256 (RFC 5802/7677), optionally with tls-server-end-point binding."""

    def __init__(self, password, cbind_data=None):
        self.password = password
        self.nonce = base64.b64encode(os.urandom(18)).decode()
        self.cbind_data = cbind_data
        if cbind_data is not None:
            self.gs2 = "p=tls-server-end-point,,"
        else:
            self.gs2 = "n,,"  # "y,," would claim the client could bind; we say we can't
        self.client_first_bare = f"n=,r={self.nonce}"

    def first(self):
        return (self.gs2 + self.client_first_bare).encode()

    def final(self, server_first):
        server_first = server_first.decode()
        attrs = dict(kv.split("=", 1) for kv in server_first.split(","))
        if not attrs["r"].startswith(self.nonce):
            raise ProtocolError("server nonce does not extend ours")
        salt = base64.b64decode(attrs["s"])
        iterations = int(attrs["i"])
        cbind = self.gs2.encode() + (self.cbind_data or b"")
        without_proof = "c=" + base64.b64encode(cbind).decode() + ",r=" + attrs["r"]
        auth_message = ",".join([self.client_first_bare, server_first, without_proof]).encode()
        salted = hashlib.pbkdf2_hmac("sha256", self.password.encode(), salt, iterations)
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored_key = hashlib.sha256(client_key).digest()
        signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        self.expected_server_signature = hmac.new(server_key, auth_message, hashlib.sha256).digest()
        return (without_proof + ",p=" + base64.b64encode(proof).decode()).encode()

    def verify(self, server_final):
        attrs = dict(kv.split("=", 1) for kv in server_final.decode().split(","))
        if "e" in attrs:
            raise ProtocolError("SCRAM server error: " + attrs["e"])
        if base64.b64decode(attrs["v"]) != self.expected_server_signature:
            raise ProtocolError("wrong SCRAM server signature")


def tls_server_end_point(der_cert):
    """RFC 5929 channel binding data for a certificate signed with SHA-256 (or weaker)."""
    return hashlib.sha256(der_cert).digest()


# ---------------------------------------------------------------- connection


class Conn:
    """One frontend connection. Every read has a timeout, so a silent server fails a test instead of hanging it."""

    def __init__(self, host="127.0.0.1", port=6432, unix_path=None, timeout=10.0):
        if unix_path:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(timeout)
            self.sock.connect(unix_path)
        else:
            self.sock = socket.create_connection((host, port), timeout=timeout)
        self.timeout = timeout
        self.buf = b""
        self.params = {}
        self.pid = None
        self.key = None
        self.tls = False
        self.notices = []

    # --- raw I/O

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, n, timeout):
        deadline = time.monotonic() + timeout
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no data from server within {timeout}s (have {len(self.buf)} of {n} bytes)")
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError(f"server closed the connection (have {len(self.buf)} of {n} bytes)")
            self.buf += chunk

    def recv_bytes(self, n, timeout=None):
        self._fill(n, self.timeout if timeout is None else timeout)
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self, timeout=None):
        """The next backend message as (type, payload)."""
        t = self.timeout if timeout is None else timeout
        self._fill(5, t)
        kind = chr(self.buf[0])
        (ln,) = struct.unpack_from("!i", self.buf, 1)
        if ln < 4:
            raise ProtocolError(f"bad length {ln} for message {kind!r}")
        self._fill(1 + ln, t)
        payload = self.buf[5 : 1 + ln]
        self.buf = self.buf[1 + ln :]
        return kind, payload

    def recv_until(self, kinds="Z", timeout=None):
        """Messages up to and including the first whose type is in kinds."""
        out = []
        while True:
            m = self.recv(timeout)
            out.append(m)
            if m[0] in kinds:
                return out

    def closed_by_server(self, timeout=5.0):
        """True when the server closes the socket within timeout (messages before the close are kept in self.buf)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                self.sock.settimeout(left)
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return False
            except (ConnectionResetError, BrokenPipeError):
                return True
            except ssl.SSLError:
                return True
            if not chunk:
                return True
            self.buf += chunk

    def drain(self, timeout=5.0):
        """Read until a ReadyForQuery arrives, the server closes, or timeout.

        Returns (messages, closed). Used where either an error-and-go-on or a close is acceptable.
        """
        deadline = time.monotonic() + timeout
        msgs = []
        while True:
            msgs += self.pending_messages()
            if any(k == "Z" for k, _ in msgs):
                return msgs, False
            left = deadline - time.monotonic()
            if left <= 0:
                return msgs, False
            try:
                self.sock.settimeout(left)
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
                return msgs + self.pending_messages(), True
            if not chunk:
                return msgs + self.pending_messages(), True
            self.buf += chunk

    def pending_messages(self):
        """Parse whatever complete messages are sitting in the buffer."""
        out = []
        while len(self.buf) >= 5:
            (ln,) = struct.unpack_from("!i", self.buf, 1)
            if ln < 4 or len(self.buf) < 1 + ln:
                break
            out.append((chr(self.buf[0]), self.buf[5 : 1 + ln]))
            self.buf = self.buf[1 + ln :]
        return out

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- startup

    def request_ssl(self):
        """Send SSLRequest; return the one-byte answer ('S' or 'N')."""
        self.send(ssl_request())
        return self.recv_bytes(1).decode()

    def start_tls(self):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        self.sock = ctx.wrap_socket(self.sock, server_hostname="localhost")
        self.tls = True

    def startup(self, user="test", database="test", password=None, extra=None, version=PROTOCOL_3_0,
                channel_binding=None):
        """Send StartupMessage and run authentication to ReadyForQuery.

        Returns the list of messages after authentication (ParameterStatus, BackendKeyData, ...).
        Raises ServerError on an ErrorResponse. channel_binding=True insists on SCRAM-SHA-256-PLUS.
        """
        self.user_for_md5 = user or ""
        params = {"user": user, "database": database}
        if extra:
            params.update(extra)
        if user is None:
            del params["user"]
        self.send(startup_packet(params, version))
        return self.authenticate(password, channel_binding)

    def authenticate(self, password=None, channel_binding=None):
        self.negotiate = None
        scram = None
        while True:
            kind, payload = self.recv()
            if kind == "E":
                raise ServerError(parse_error_fields(payload))
            if kind == "v":
                self.negotiate = parse_negotiate(payload)
                continue
            if kind == "N":
                self.notices.append(parse_error_fields(payload))
                continue
            if kind != "R":
                raise ProtocolError(f"expected authentication request, got {kind!r}")
            (code,) = struct.unpack_from("!i", payload, 0)
            if code == 0:
                break
            if code == 3:  # cleartext
                self.send(msg("p", cstr(password or "")))
            elif code == 5:  # md5
                salt = payload[4:8]
                inner = hashlib.md5(((password or "") + self.user_for_md5).encode()).hexdigest()
                outer = hashlib.md5(inner.encode() + salt).hexdigest()
                self.send(msg("p", cstr("md5" + outer)))
            elif code == 10:  # SASL: list of mechanisms
                mechs = [m.decode() for m in payload[4:].split(b"\0") if m]
                self.sasl_mechanisms = mechs
                use_plus = channel_binding is True or (channel_binding is None and self.tls
                                                       and "SCRAM-SHA-256-PLUS" in mechs)
                if use_plus:
                    if "SCRAM-SHA-256-PLUS" not in mechs:
                        raise ProtocolError(f"server offers no SCRAM-SHA-256-PLUS: {mechs}")
                    der = self.sock.getpeercert(binary_form=True)
                    scram = ScramClient(password or "", tls_server_end_point(der))
                    mech = "SCRAM-SHA-256-PLUS"
                else:
                    if "SCRAM-SHA-256" not in mechs:
                        raise ProtocolError(f"server offers no SCRAM-SHA-256: {mechs}")
                    scram = ScramClient(password or "")
                    mech = "SCRAM-SHA-256"
                first = scram.first()
                self.send(msg("p", cstr(mech) + struct.pack("!i", len(first)) + first))
            elif code == 11:  # SASLContinue
                self.send(msg("p", scram.final(payload[4:])))
            elif code == 12:  # SASLFinal
                scram.verify(payload[4:])
            else:
                raise ProtocolError(f"unsupported authentication request {code}")
        return self.read_startup_tail()

    def read_startup_tail(self):
        msgs = []
        while True:
            kind, payload = self.recv()
            msgs.append((kind, payload))
            if kind == "S":
                k, v = payload.split(b"\0")[:2]
                self.params[k.decode()] = v.decode()
            elif kind == "K":
                self.pid, self.key = struct.unpack("!ii", payload)
            elif kind == "E":
                raise ServerError(parse_error_fields(payload))
            elif kind == "Z":
                self.txn_status = payload.decode()
                return msgs

    # user name is needed for the md5 hash; set by startup()
    user_for_md5 = ""

    # --- simple query

    def simple(self, sql, timeout=None):
        """Run one Query message; return (messages, last ReadyForQuery status)."""
        self.send(query(sql))
        msgs = self.recv_until("Z", timeout)
        return msgs, msgs[-1][1].decode()

    def query_rows(self, sql, timeout=None):
        """Rows (as lists of str/None) of a simple query; raises ServerError on the first ErrorResponse."""
        msgs, _ = self.simple(sql, timeout)
        rows = []
        for kind, payload in msgs:
            if kind == "E":
                raise ServerError(parse_error_fields(payload))
            if kind == "D":
                rows.append([None if v is None else v.decode() for v in parse_data_row(payload)])
        return rows


def wait_port(host, port, timeout=10.0, proc=None):
    """Poll until something accepts TCP connections on host:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            s = socket.create_connection((host, port), timeout=0.5)
            s.close()
            return True
        except OSError:
            time.sleep(0.02)
    return False


def readable(sock, timeout):
    r, _, _ = select.select([sock], [], [], timeout)
    return bool(r)
