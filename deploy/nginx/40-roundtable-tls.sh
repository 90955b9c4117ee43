#!/bin/sh
# Runs in the nginx image's entrypoint before nginx starts. Without a
# certificate in /etc/nginx/tls (mount yours: fullchain.pem and privkey.pem),
# makes a self-signed one so a trial deployment works over HTTPS at once.
# Browsers warn about it; replace it before real use (docs/DEPLOYMENT.md).
set -eu
dir=/etc/nginx/tls
if [ -s "$dir/fullchain.pem" ] && [ -s "$dir/privkey.pem" ]; then
  exit 0
fi
mkdir -p "$dir"
name="${TLS_SELF_SIGNED_NAME:-localhost}"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
  -subj "/CN=$name" -addext "subjectAltName=DNS:$name" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null
echo "roundtable: no certificate in $dir; made a self-signed one for $name (valid 30 days)"
