#!/usr/bin/env bash
# Makes a development CA, a broker certificate and one client certificate per service (and for the operator's
# CLI), for mutual TLS with deploy/mosquitto/mosquitto.conf. The common name of each client certificate is the
# MQTT user name the ACL knows. Keys are EC P-256 in PKCS#8, which the services read as they are.
# Usage: make-dev-certs.sh DIR [BROKER_HOSTNAME]   (production: use your own PKI)
set -euo pipefail
dir=${1:?usage: make-dev-certs.sh DIR [BROKER_HOSTNAME]}
host=${2:-localhost}
mkdir -p "$dir"
cd "$dir"

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

if [[ ! -f ca.pem ]]; then
  key ca.key
  openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=vehicle-update dev CA" -out ca.pem 2>/dev/null
fi

sign() { # name, subject, extensions
  key "$1.key"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 -sha256 \
    -extfile <(printf '%s\n' "$3") -out "$1.pem" 2>/dev/null
  rm -f "$1.csr"
}

sign broker "/CN=$host" "subjectAltName=DNS:$host,DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
for client in update-manager self-update-agent container-update-agent operator; do
  sign "$client" "/CN=$client" "extendedKeyUsage=clientAuth"
done
chmod 600 ./*.key
# Mosquitto drops root for its own user before it reads the broker key
if [[ $(id -u) -eq 0 ]] && id mosquitto >/dev/null 2>&1; then chown mosquitto broker.key; fi
echo "certificates in $dir: ca.pem, broker.{pem,key}, {update-manager,self-update-agent,container-update-agent,operator}.{pem,key}"
