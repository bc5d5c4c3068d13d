"""Real processes for the end-to-end test and the benchmark: a test CA, an HTTPS upstream, mitmdump.

The upstream stands in for x.com, www.linkedin.com and bank.example on 127.0.0.1; mitmdump reaches it
through `tests/proxy/loopback_names.py`. Everything stays on loopback.
"""

from __future__ import annotations

import datetime
import http.client
import http.server
import ipaddress
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "proxy_addon" / "addon.py"
LOOPBACK_SCRIPT = Path(__file__).resolve().parent / "loopback_names.py"
NETWORK_NAMES = ("x.com", "api.x.com", "www.linkedin.com", "bank.example")
_LISTENING = re.compile(r"proxy listening at (?:\*|[\d.]+|\[[^\]]+\]):(\d+)")


# Certificates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TestPKI:
    """A throwaway CA and one server certificate for the stand-in names (PEM files in `folder`)."""

    ca_pem: Path
    cert_pem: Path
    key_pem: Path
    cert_der: bytes


def make_pki(folder: Path, names: tuple[str, ...] = NETWORK_NAMES) -> TestPKI:
    """Create a CA and a server certificate for `names` (and 127.0.0.1)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bedenktijd test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    sans.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pki = TestPKI(
        folder / "ca.pem",
        folder / "server.pem",
        folder / "server.key",
        cert.public_bytes(serialization.Encoding.DER),
    )
    pki.ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return pki


# The upstream ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """One request as the upstream received it."""

    method: str
    host: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Upstream:
    """A threaded HTTPS server on 127.0.0.1 that records every request and answers 200."""

    pki: TestPKI
    received: list[Received] = field(default_factory=list)
    record: bool = True
    _server: http.server.ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def start(self) -> Upstream:
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive
            disable_nagle_algorithm = True

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if upstream.record:
                    upstream.received.append(
                        Received(
                            self.command,
                            self.headers.get("Host", ""),
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                        )
                    )
                reply = b'{"ok":true}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.pki.cert_pem, self.pki.key_pem)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
        server.request_queue_size = 128
        server.daemon_threads = True
        server.server_bind()
        server.server_activate()
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        threading.Thread(target=server.serve_forever, name="upstream", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


# mitmdump --------------------------------------------------------------------------------------


def mitmdump_command() -> list[str]:
    """The venv's mitmdump (as a module run, so it works whatever the scripts folder is called)."""
    return [
        sys.executable,
        "-c",
        "import sys; from mitmproxy.tools.main import mitmdump; sys.exit(mitmdump())",
    ]


@dataclass
class Mitmdump:
    """A mitmdump subprocess on 127.0.0.1 (port picked by the OS), its output kept for assertions."""

    confdir: Path
    upstream_port: int
    trusted_ca: Path
    scripts: tuple[Path, ...] = (ADDON,)
    options: tuple[str, ...] = ()
    lines: list[str] = field(default_factory=list)
    port: int = 0
    _process: subprocess.Popen[str] | None = None

    @property
    def ca_pem(self) -> Path:
        """mitmproxy's per-run CA certificate (created in confdir at first start)."""
        return self.confdir / "mitmproxy-ca-cert.pem"

    def start(self, timeout: float = 90.0) -> Mitmdump:
        args = [*mitmdump_command(), "--listen-host", "127.0.0.1", "-p", "0"]
        args += [
            "--set",
            f"confdir={self.confdir}",
            "--set",
            f"ssl_verify_upstream_trusted_ca={self.trusted_ca}",
        ]
        for script in (*self.scripts, LOOPBACK_SCRIPT):
            args += ["-s", str(script)]
        args += ["--set", f"loopback_port={self.upstream_port}"]
        for name in NETWORK_NAMES:
            args += ["--set", f"loopback_names={name}"]
        for option in self.options:
            args += ["--set", option]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                found = _LISTENING.search(line)
                if found:
                    self.port = int(found.group(1))
                    return self
            if self._process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("mitmdump did not start:\n" + self.output())

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines)

    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, then SIGKILL after `timeout` seconds; returns the exit code."""
        process = self._process
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        time.sleep(0.2)  # let the reader thread take the last lines
        return process.returncode


# The client ------------------------------------------------------------------------------------


def client_context(ca: Path) -> ssl.SSLContext:
    """A TLS client context that trusts only `ca`."""
    return ssl.create_default_context(cafile=str(ca))


def through_proxy(
    proxy_port: int, host: str, context: ssl.SSLContext, timeout: float = 60.0
) -> http.client.HTTPSConnection:
    """An HTTPS connection to `host`:443 tunnelled (CONNECT) through the proxy; keep-alive capable."""
    connection = http.client.HTTPSConnection("127.0.0.1", proxy_port, context=context, timeout=timeout)
    connection.set_tunnel(host, 443)
    return connection


def post(
    connection: http.client.HTTPSConnection, path: str, body: bytes, headers: dict[str, str] | None = None
) -> int:
    """POST `body` and read the whole answer; returns the status."""
    connection.request(
        "POST", path, body=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    response = connection.getresponse()
    response.read()
    return response.status


def wait_for(condition: object, timeout: float = 30.0, step: float = 0.1) -> bool:
    """Poll `condition()` until it is truthy or `timeout` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(step)
    return bool(callable(condition) and condition())
