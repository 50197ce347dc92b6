#!/bin/sh
# Demo users of each role for `make serve`, with their passwords printed: added on the first run, their
# passwords set again on later ones. For the demo store only; real users are added with `leadmail users add`.
set -eu
LEADMAIL=$1
CONFIG=$2
ADMIN=admin@acme.example
echo "== Demo users of the web workspace (http://127.0.0.1:8080)"
for entry in "admin:Ada Admin:admin" "manager:Max Manager:manager" "sales:Sam Sales:sales" \
    "marketing:Mia Marketing:marketing"; do
    login=${entry%%:*}
    rest=${entry#*:}
    name=${rest%%:*}
    role=${rest#*:}
    email="$login@acme.example"
    password="demo-$login-password"
    if printf '%s\n%s\n' "$password" "$password" | \
        "$LEADMAIL" users add "$email" --name "$name" --role "$role" --as "$ADMIN" --config "$CONFIG" \
        >/dev/null 2>&1 || \
        printf '%s\n%s\n' "$password" "$password" | \
        "$LEADMAIL" users add "$email" --name "$name" --role "$role" --config "$CONFIG" >/dev/null 2>&1; then
        :
    else
        printf '%s\n%s\n' "$password" "$password" | \
            "$LEADMAIL" users password "$email" --as "$ADMIN" --config "$CONFIG" >/dev/null
    fi
    printf '   %-24s %-10s password: %s\n' "$email" "$role" "$password"
done
