"""The CA file of the wheel's libcurl: its own default when that exists, else this system's."""
import os
import ssl

from alarmbridge import _ca


def test_libcurl_default_is_kept_when_it_exists():
    builtin = _ca._libcurl_ca_file()
    if builtin and os.path.isfile(builtin):
        assert _ca.fallback_ca_file() is None
    else:
        assert _ca.fallback_ca_file() in (ssl.get_default_verify_paths().cafile,
                                          ssl.get_default_verify_paths().openssl_cafile, None)


def test_a_missing_libcurl_default_falls_back_to_pythons(monkeypatch, tmp_path):
    """As on Amazon Linux 2023: the Debian path libcurl was built with does not exist there."""
    monkeypatch.setattr(_ca, "_libcurl_ca_file", lambda: str(tmp_path / "no-such-bundle.crt"))
    bundle = tmp_path / "system-bundle.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    paths = ssl.DefaultVerifyPaths(str(bundle), None, "SSL_CERT_FILE", str(bundle), "SSL_CERT_DIR", None)
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: paths)
    assert _ca.fallback_ca_file() == str(bundle)
