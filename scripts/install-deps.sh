#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages otaboot needs, only those that are missing.
# Idempotent; works as root on a fresh Debian 12 and uses sudo otherwise.
# Usage: scripts/install-deps.sh [host|firmware|qemu|source|bench|stlink|openocd|all]
#   (default: all; stlink and openocd are the flashing tools, installed by
#   `make flash` and `make flash-openocd` when they are needed)
set -euo pipefail

what=${1:-all}
host_pkgs=(make gcc libc6-dev pkg-config libcmocka-dev zlib1g-dev libmbedtls-dev libssl-dev
           netcat-openbsd clang libclang-rt-14-dev cppcheck clang-tidy valgrind python3 openssl gzip
           netcat-traditional ncat busybox socat stress-ng)
firmware_pkgs=(gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi)
qemu_pkgs=(qemu-system-arm)
source_pkgs=(dpkg-dev xz-utils ca-certificates)
bench_pkgs=(python3-matplotlib) # `make bench`: the downtime plot
stlink_pkgs=(stlink-tools) # st-flash
openocd_pkgs=(openocd)

case "$what" in
  host) pkgs=("${host_pkgs[@]}") ;;
  firmware) pkgs=("${firmware_pkgs[@]}") ;;
  qemu) pkgs=("${qemu_pkgs[@]}") ;;
  source) pkgs=("${source_pkgs[@]}") ;;
  bench) pkgs=("${bench_pkgs[@]}") ;;
  stlink) pkgs=("${stlink_pkgs[@]}") ;;
  openocd) pkgs=("${openocd_pkgs[@]}") ;;
  all) pkgs=("${host_pkgs[@]}" "${firmware_pkgs[@]}" "${qemu_pkgs[@]}" "${source_pkgs[@]}") ;;
  *) echo "install-deps: unknown set '$what' (host, firmware, qemu, source, bench, stlink, openocd or all)" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "install-deps: could not install ${missing[*]} (Debian packages): install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
