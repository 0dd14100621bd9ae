#!/bin/sh
# Make sure Debian's libsodium is there: the verifiable ballots' ristretto255 comes from it,
# through pysodium (which loads the shared library; it bundles none). Installs it as root
# with apt-get when missing; otherwise says how.
set -eu
if ldconfig -p 2>/dev/null | grep -q 'libsodium\.so\.23'; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing libsodium for the verifiable ballots (apt-get install libsodium23)..."
    retry="sh $(dirname "$0")/retry.sh 3"
    $retry apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $retry apt-get install -y -qq libsodium23 >/dev/null
    exit 0
fi
echo "libsodium (libsodium23) is not installed and this is not a root shell with apt-get." >&2
echo "The verifiable-ballot tests will fail without it. To install it:" >&2
echo "  sudo apt-get install libsodium23" >&2
exit 0
