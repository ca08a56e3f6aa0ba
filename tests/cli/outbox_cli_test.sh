#!/usr/bin/env bash
# guichet outbox and a submitting `guichet call`, as docs/cli.md and docs/outbox.md say: a
# submission made while the sandbox is stopped is kept (QUEUED, exit 0), listed, delivered by
# `outbox run` once the sandbox is back, accepted once (the sandbox's ledger says so).
# Usage: outbox_cli_test.sh <guichet>
set -u
guichet=$1
work=$(mktemp -d)
export GUICHET_SANDBOX_STATE="$work/sandbox" GUICHET_OUTBOX="$work/outbox.sqlite"
trap '"$guichet" sandbox stop >/dev/null 2>&1; rm -rf "$work"' EXIT
failures=0

expect() {  # expect <exit-code> <description> <command...>
  local want=$1 what=$2
  shift 2
  last_output=$("$@" 2>&1)
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want"
    echo "$last_output" | sed 's/^/    /'
    failures=$((failures + 1))
  else echo "ok: $what"; fi
}
contains() {  # contains <description> <text>
  if grep -qF -- "$2" <<<"$last_output"; then echo "ok: $1"; else
    echo "FAIL: $1: output lacks '$2'"
    echo "$last_output" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}
json_field() {  # json_field <python expression on j> : reads $last_output
  python3 -c "import json,sys; j=json.loads(sys.stdin.read()); print($1)" <<<"$last_output"
}

expect 2 "outbox without a command is a usage error" "$guichet" outbox
expect 0 "an empty outbox lists nothing" "$guichet" outbox list
contains "as JSON" '"submissions": []'
expect 4 "show of an unknown submission" "$guichet" outbox show no-such-id
expect 2 "a filter with an unknown state names it" "$guichet" outbox list --state lost
contains "the field" "/state"

expect 0 "sandbox start" "$guichet" sandbox start --pki "$work/pki" --seed 7
session="$work/sandbox/client.json"
cp "$session" "$work/session.json"  # the sandbox's ports stay the same across its restart
port=$(python3 -c 'import json,sys,urllib.parse as u; print(u.urlparse(json.load(open(sys.argv[1]))["endpoints"]["soap-echo/1"]).port)' "$session")
expect 0 "sandbox stop" "$guichet" sandbox stop

echo '{"message":"arrêt de travail pendant la panne"}' > "$work/submit.json"
expect 0 "a submission while the sandbox is stopped is kept" \
  "$guichet" call soap-echo/1 submit --session "$work/session.json" --in "$work/submit.json" --json --retry-base-ms 1
contains "QUEUED" '"GUICHET_QUEUED"'
id=$(json_field 'j["result"]["id"]')
expect 0 "the outbox file is owner-only" test "$(stat -c %a "$work/outbox.sqlite")" = 600
expect 0 "listed as queued" "$guichet" outbox list --state queued
contains "with its id" "$id"
expect 0 "show" "$guichet" outbox show "$id"
contains "the request is kept" "arrêt de travail pendant la panne"
contains "the reason" "GUICHET_E_NETWORK"

expect 0 "sandbox start again, same ports" "$guichet" sandbox start --pki "$work/pki" --seed 7 --port "$port"
expect 0 "outbox run delivers it" "$guichet" outbox run --retry-base-ms 1
if [ "$(json_field 'j["accepted"]')" != 1 ]; then  # due only after its backoff: run once more
  sleep 6
  expect 0 "outbox run, after the backoff" "$guichet" outbox run
fi
contains "accepted" '"accepted": 1'
expect 0 "show: accepted, with the service's receipt" "$guichet" outbox show "$id"
contains "state" '"state": "accepted"'
contains "receipt" '"receipt": "ECHO-'
expect 0 "sandbox submissions" "$guichet" sandbox submissions
contains "accepted exactly once" '"accepted": 1'
expect 1 "an accepted submission cannot be cancelled" "$guichet" outbox cancel "$id"
expect 0 "outbox run with nothing due" "$guichet" outbox run
contains "attempts nothing" '"attempted": 0'

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
