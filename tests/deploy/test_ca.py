"""The per-laptop CA: its constraints, mitmproxy's file layout, and certificates forged by mitmproxy
checked with cryptography's verifier (the name constraints decide what validates)."""

from __future__ import annotations

import datetime
import ipaddress
import os
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from proxy_addon.adapters import all_hosts
from proxy_addon.deploy import ca

HOSTS = all_hosts()


@pytest.fixture(scope="module")
def confdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ca") / "ca"
    ca.ensure_ca(folder, "Gemeente Havenstad", HOSTS)
    return folder


def test_permitted_domains_are_the_fewest_that_cover_every_host() -> None:
    assert ca.permitted_domains(HOSTS) == (
        "bsky.network", "bsky.social", "facebook.com", "instagram.com", "linkedin.com",
        "reddit.com", "threads.com", "threads.net", "twitter.com", "x.com",
    )  # fmt: skip
    assert ca.permitted_domains(["www.a.example", "a.example", ".b.example", "social.c.example"]) == (
        "a.example",
        "b.example",
        "social.c.example",
    )


def test_extensions_constrain_the_ca(confdir: Path) -> None:
    cert = ca.read_certificate(confdir)
    assert cert is not None
    ext = cert.extensions
    constraints = ext.get_extension_for_class(x509.NameConstraints)
    assert constraints.critical
    assert {n.value for n in constraints.value.permitted_subtrees} == set(ca.permitted_domains(HOSTS))
    assert {n.value for n in constraints.value.excluded_subtrees} == {
        ipaddress.ip_network("0.0.0.0/0"),
        ipaddress.ip_network("::/0"),
    }
    basic = ext.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca and basic.value.path_length == 0
    usage = ext.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature
    assert cert.subject == cert.issuer
    assert ca.problems(cert, HOSTS) == []


def test_files_follow_mitmproxys_layout_and_keep_the_key_private(confdir: Path) -> None:
    names = {p.name for p in confdir.iterdir()}
    assert names == {
        "mitmproxy-ca.pem", "mitmproxy-ca.p12", "mitmproxy-ca-cert.pem", "mitmproxy-ca-cert.cer",
        "mitmproxy-ca-cert.p12",
    }  # fmt: skip
    if os.name == "posix":
        assert confdir.stat().st_mode & 0o777 == 0o700
        assert (confdir / "mitmproxy-ca.pem").stat().st_mode & 0o777 == 0o600
        assert (confdir / "mitmproxy-ca.p12").stat().st_mode & 0o777 == 0o600
    raw = (confdir / "mitmproxy-ca.pem").read_bytes()
    assert raw.index(b"PRIVATE KEY") < raw.index(b"BEGIN CERTIFICATE")  # key first, as mitmproxy writes it
    key, cert, _ = pkcs12.load_key_and_certificates((confdir / "mitmproxy-ca.p12").read_bytes(), None)
    assert key is not None and cert == ca.read_certificate(confdir)


def _verify(store_cert: x509.Certificate, leaf: x509.Certificate, name: x509.GeneralName) -> None:
    subject = (
        x509.verification.DNSName(name.value)
        if isinstance(name, x509.DNSName)
        else (x509.verification.IPAddress(name.value))
    )
    verifier = PolicyBuilder().store(Store([store_cert])).build_server_verifier(subject)
    verifier.verify(leaf, [])


def test_mitmproxy_loads_the_ca_and_its_forged_certificates_validate_only_for_social_names(
    confdir: Path,
) -> None:
    from mitmproxy import certs

    store = certs.CertStore.from_store(confdir, "mitmproxy", 2048)
    ours = ca.read_certificate(confdir)
    assert store.default_ca.to_pem() == ca.pem(ours)
    for name, valid in [
        (x509.DNSName("www.linkedin.com"), True),
        (x509.DNSName("api.x.com"), True),
        (x509.DNSName("bsky.social"), True),
        (x509.DNSName("bank.example"), False),
        (x509.DNSName("linkedin.com.attacker.net"), False),
        (x509.IPAddress(ipaddress.ip_address("127.0.0.1")), False),
    ]:
        leaf = store.get_cert(str(name.value), [name]).cert._cert
        if valid:
            _verify(ours, leaf, name)
        else:
            with pytest.raises(VerificationError):
                _verify(ours, leaf, name)
    # mitmproxy writes its DH parameters itself when they are missing.
    assert (confdir / "mitmproxy-dhparam.pem").exists()


def test_a_good_ca_is_kept_and_an_unfit_one_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "ca"
    first = ca.ensure_ca(folder, "Org", HOSTS)
    again = ca.ensure_ca(folder, "Org", HOSTS)
    assert first.created and not again.created and again.certificate == first.certificate
    grown = ca.ensure_ca(folder, "Org", (*HOSTS, "social.havenstad.nl"))
    assert grown.created and "social.havenstad.nl" in ca.permitted_names(grown.certificate)
    assert ca.ensure_ca(folder, "Org", HOSTS, renew=True).created


def test_a_ca_mitmproxy_made_by_itself_is_replaced(tmp_path: Path) -> None:
    from mitmproxy import certs

    folder = tmp_path / "ca"
    certs.CertStore.create_store(folder, "mitmproxy", 2048)
    own = ca.read_certificate(folder)
    assert own is not None and [p.code for p in ca.problems(own, HOSTS)] == [
        "unconstrained",
        "basic_constraints",
    ]
    result = ca.ensure_ca(folder, "Org", HOSTS)
    assert result.created and ca.problems(result.certificate, HOSTS) == []


def test_problems_name_what_is_wrong() -> None:
    _, cert = ca.build_ca("Org", ["linkedin.com"])
    found = ca.problems(
        cert, ["x.com", "www.linkedin.com"], now=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    )
    assert [(p.code, p.detail) for p in found] == [("uncovered", "x.com"), ("expiring", found[1].detail)]
    assert "does not cover x.com" in str(found[0])
    with pytest.raises(ValueError):
        ca.build_ca("Org", [])
