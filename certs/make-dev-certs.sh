#!/usr/bin/env bash
# Makes a development CA and a "localhost" server certificate signed by it, with openssl only.
# Usage: certs/make-dev-certs.sh [--force] [DIR]   (DIR defaults to certs/dev next to this script)
# Does nothing when the files already exist, unless --force is given.
set -euo pipefail

readonly validity_days=825   # the longest lifetime browsers accept for a server certificate
readonly curve=prime256v1    # P-256
readonly ca_subject="/CN=hs1c development CA"
readonly server_subject="/CN=localhost"
readonly server_san="DNS:localhost,IP:127.0.0.1,IP:::1"

force=false
dir=""
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "make-dev-certs: unknown option $arg" >&2; exit 2 ;;
    *) dir="$arg" ;;
  esac
done
if [[ -z "$dir" ]]; then
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/dev"
fi

files=(ca.crt ca.key localhost.crt localhost.key)
if [[ "$force" == false ]]; then
  all_present=true
  for f in "${files[@]}"; do
    [[ -f "$dir/$f" ]] || all_present=false
  done
  if [[ "$all_present" == true ]]; then
    echo "make-dev-certs: $dir already has the dev certificates (use --force to remake them)"
    exit 0
  fi
fi

command -v openssl >/dev/null || { echo "make-dev-certs: openssl is not installed" >&2; exit 1; }
mkdir -p "$dir"
work="$(mktemp -d "$dir/.make-dev-certs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
umask 077  # keys are created private

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$curve -out "$work/ca.key" 2>/dev/null
openssl req -x509 -new -key "$work/ca.key" -subj "$ca_subject" -days "$validity_days" -sha256 \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "subjectKeyIdentifier=hash" \
  -out "$work/ca.crt"

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$curve -out "$work/localhost.key" 2>/dev/null
openssl req -new -key "$work/localhost.key" -subj "$server_subject" -out "$work/localhost.csr"
cat > "$work/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$server_san
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid,issuer
EXT
openssl x509 -req -in "$work/localhost.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -CAcreateserial -days "$validity_days" -sha256 -extfile "$work/server.ext" \
  -out "$work/localhost.crt" 2>/dev/null

chmod 600 "$work/ca.key" "$work/localhost.key"
chmod 644 "$work/ca.crt" "$work/localhost.crt"
for f in "${files[@]}"; do
  mv -f "$work/$f" "$dir/$f"
done
echo "make-dev-certs: wrote ${files[*]} to $dir (trust ca.crt in your browser: see certs/README.md)"
