"""Where the wheel's libcurl finds the CA certificates.

The libcurl inside the wheel looks for the CA bundle where the system it was built on keeps it
(Debian: /etc/ssl/certs/ca-certificates.crt). Amazon Linux 2023, Lambda's system, keeps it
elsewhere (/etc/pki/tls/certs/ca-bundle.crt). When libcurl's own default is missing, the CA file of
the Python interpreter's OpenSSL (ssl.get_default_verify_paths(), which was built for this system)
is used instead; an explicit ca_file or ALARMBRIDGE_CA_FILE always wins.
"""

from __future__ import annotations

import os
from typing import Optional

from . import _core


def _libcurl_ca_file() -> str:
    return str(_core.default_ca_file())


def fallback_ca_file() -> Optional[str]:
    """None when libcurl's default CA file exists; else this system's, as Python's ssl names it."""
    builtin = _libcurl_ca_file()
    if builtin and os.path.isfile(builtin):
        return None
    import ssl  # only where it is needed: not on a cold start that does not need it

    paths = ssl.get_default_verify_paths()
    for candidate in (paths.cafile, paths.openssl_cafile):
        if candidate and os.path.isfile(candidate):
            return candidate
    return None
