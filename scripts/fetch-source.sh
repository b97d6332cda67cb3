#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fetches a Debian source package (apt-get source, with a private deb-src
# entry so the machine's own apt configuration is left alone), checks the
# pinned SHA-256 of every file, and unpacks it under build/third_party/.
# Usage: scripts/fetch-source.sh lwip|mbedtls   -> prints the unpacked directory
# Nothing fetched here is ever committed (build/ is ignored).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: fetch-source.sh lwip|mbedtls}

# Pinned: lwIP from Debian 12 (bookworm); mbedTLS 3.6 LTS from Debian 13
# (trixie), whose source carries 3rdparty/p256-m (the firmware's P-256).
case "$name" in
  lwip)
    suite=bookworm; version=2.1.3+dfsg1-2; dir=lwip-2.1.3+dfsg1
    pins="c5a48413d362cc757032cdd58f528f75eb64ee781ca46ca24f010b49b0e62a90  lwip_2.1.3+dfsg1-2.debian.tar.xz
0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24  lwip_2.1.3+dfsg1.orig.tar.xz
8d8f944db8e6d542fc2d6f01559078fb1b5dda71651c67ee5fa3571ed1342c50  lwip_2.1.3+dfsg1-2.dsc" ;;
  mbedtls)
    suite=trixie; version=3.6.6-0.1~deb13u1; dir=mbedtls-3.6.6
    pins="210466c522eeebc85cf2f76bd5aef935b4ebac465559cc0a84f9e73a8ed6601c  mbedtls_3.6.6-0.1~deb13u1.debian.tar.xz
8fb65fae8dcae5840f793c0a334860a411f884cc537ea290ce1c52bb64ca007a  mbedtls_3.6.6.orig.tar.bz2
eb9ed1adbbddcb0d00276fac6fcee0056c64ce01481c2522a16dca75792eb5eb  mbedtls_3.6.6-0.1~deb13u1.dsc" ;;
  *) echo "fetch-source: unknown package '$name' (lwip or mbedtls)" >&2; exit 2 ;;
esac

dest=$top/build/third_party
if [ -f "$dest/$dir/.otaboot-verified" ]; then echo "$dest/$dir"; exit 0; fi
"$top/scripts/install-deps.sh" source >&2

apt_dir=$top/build/apt/$suite
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dest/dl"
cat > "$apt_dir/src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts=(-o Dir::Etc::SourceList="$apt_dir/src.sources" -o Dir::Etc::SourceParts=/dev/null
          -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache"
          -o APT::Sandbox::User=root)
cd "$dest/dl"
if ! echo "$pins" | sha256sum --quiet -c - >/dev/null 2>&1; then
  apt-get "${apt_opts[@]}" -qq update >&2
  apt-get "${apt_opts[@]}" -qq source --download-only "$name=$version" >&2
fi
if ! echo "$pins" | sha256sum --quiet -c - >&2; then
  echo "fetch-source: checksum mismatch for $name $version: refusing to use it" >&2
  exit 1
fi
rm -rf "${dest:?}/$dir"
dpkg-source --no-check -x "${name}_${version}.dsc" "$dest/$dir" >&2
touch "$dest/$dir/.otaboot-verified"
echo "$dest/$dir"
