#!/usr/bin/env bash
# Makes a test key store and trust store for TLS between DistArray nodes (for tests and trying it out; use your
# organisation's certificates in production). Every node given this pair trusts the others; a node with a pair
# made by another run of this script is refused.
# Usage: bash config/make-test-certs.sh DIR [PASSWORD]   (PASSWORD defaults to changeit)
set -euo pipefail
dir="${1:?usage: make-test-certs.sh DIR [PASSWORD]}"
pass="${2:-changeit}"
# the JDK's keytool: JAVA_HOME's when set, else the one on the PATH
keytool="${JAVA_HOME:+$JAVA_HOME/bin/}keytool"
mkdir -p "$dir"
rm -f "$dir/keystore.p12" "$dir/truststore.p12" "$dir/node.crt"
"$keytool" -genkeypair -alias distarray-node -keyalg RSA -keysize 2048 -validity 365 \
  -dname "CN=distarray-node" -ext "SAN=IP:127.0.0.1,DNS:localhost" \
  -keystore "$dir/keystore.p12" -storetype PKCS12 -storepass "$pass" -keypass "$pass" -noprompt
"$keytool" -exportcert -alias distarray-node -keystore "$dir/keystore.p12" -storepass "$pass" -rfc \
  -file "$dir/node.crt" -noprompt
"$keytool" -importcert -alias distarray-node -file "$dir/node.crt" -keystore "$dir/truststore.p12" \
  -storetype PKCS12 -storepass "$pass" -noprompt
echo "wrote $dir/keystore.p12 and $dir/truststore.p12"
