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

# Pinned: Debian 12 (bookworm) source packages.
case "$name" in
  lwip)
    version=2.1.3+dfsg1-2; dir=lwip-2.1.3+dfsg1
    pins="c5a48413d362cc757032cdd58f528f75eb64ee781ca46ca24f010b49b0e62a90  lwip_2.1.3+dfsg1-2.debian.tar.xz
0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24  lwip_2.1.3+dfsg1.orig.tar.xz
8d8f944db8e6d542fc2d6f01559078fb1b5dda71651c67ee5fa3571ed1342c50  lwip_2.1.3+dfsg1-2.dsc" ;;
  mbedtls)
    version=2.28.3-1; dir=mbedtls-2.28.3
    pins="3e03c61f63c7bbcd0bf695b53e6663ab448cc2e15429cd67d0e4f32e699645a9  mbedtls_2.28.3-1.debian.tar.xz
3b4953aa55a681e084d31892d9904cc5328d6b4958ea57b90ae4b4f94ae69a8d  mbedtls_2.28.3.orig.tar.gz
a8bf91b5ffb40654efb0ebe0c962ac1e87b8eed5e104880982eaa70dd4bb33e3  mbedtls_2.28.3-1.dsc" ;;
  *) echo "fetch-source: unknown package '$name' (lwip or mbedtls)" >&2; exit 2 ;;
esac

dest=$top/build/third_party
if [ -f "$dest/$dir/.otaboot-verified" ]; then echo "$dest/$dir"; exit 0; fi
"$top/scripts/install-deps.sh" source >&2

apt_dir=$top/build/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$dest/dl"
cat > "$apt_dir/src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
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
dpkg-source --no-check -x "$(ls ${name}_*.dsc)" "$dest/$dir" >&2
touch "$dest/$dir/.otaboot-verified"
echo "$dest/$dir"
