#!/usr/bin/env bash
# Makes sure what the tests and benchmarks need is installed: Go, a C compiler, libzmq's
# headers (Debian's libzmq3-dev, the interop peer), the SOCKS5 proxies the SOCKS tests
# start (microsocks, dante-server's danted; a test whose proxy is missing skips), and MIT
# Kerberos for the GSSAPI tests (a private KDC: krb5-kdc, krb5-admin-server, krb5-user; MIT's
# GSS-API sample peers: krb5-gss-samples; those tests skip without them). As root it installs
# what is missing with apt-get; otherwise it says exactly what to install and fails.
# `deps.sh faults` also wants ip and nft (iproute2, nftables) for the fault suite's link-drop
# case, which skips without them.
set -euo pipefail

missing=()
if [ "${1:-}" = faults ]; then
  optional=()
  command -v ip >/dev/null 2>&1 || optional+=(iproute2)
  command -v nft >/dev/null 2>&1 || optional+=(nftables)
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing+=(${optional[@]+"${optional[@]}"})
  elif [ ${#optional[@]} -gt 0 ]; then
    echo "deps: the link-drop fault case will skip without: ${optional[*]}" >&2
  fi
fi
command -v go >/dev/null 2>&1 || { echo "deps: Go 1.26 or later is required (https://go.dev/dl/)" >&2; exit 1; }
command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
[ -f /usr/include/zmq.h ] || missing+=(libzmq3-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
command -v microsocks >/dev/null 2>&1 || missing+=(microsocks)
command -v danted >/dev/null 2>&1 || [ -x /usr/sbin/danted ] || missing+=(dante-server)
PATH="$PATH:/usr/sbin:/sbin"
command -v krb5kdc >/dev/null 2>&1 || missing+=(krb5-kdc)
command -v kadmin.local >/dev/null 2>&1 || missing+=(krb5-admin-server)
command -v kinit >/dev/null 2>&1 || missing+=(krb5-user)
command -v gss-server >/dev/null 2>&1 || missing+=(krb5-gss-samples)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "deps: missing packages: ${missing[*]}" >&2
echo "deps: install them with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
