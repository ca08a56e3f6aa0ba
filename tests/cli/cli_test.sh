#!/usr/bin/env bash
# The guichet command as documented in docs/cli.md: outputs and exit codes.
# Usage: cli_test.sh <guichet> <test-plugin-dir>
set -u
guichet=$1
test_plugins=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

expect() {  # expect <exit-code> <description> <command...>
  local want=$1 what=$2
  shift 2
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want"
    echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
  last_output=$out
}
contains() {  # contains <description> <text>
  if grep -qF -- "$2" <<<"$last_output"; then echo "ok: $1"; else
    echo "FAIL: $1: output lacks '$2'"
    echo "$last_output" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
}

expect 0 "plugins list finds the shipped plugins" "$guichet" plugins list
contains "echo/1 is listed" "echo/1"
contains "clock/1 is listed" "clock/1"
expect 0 "plugins list --json" "$guichet" plugins list --json
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert [s["id"] for s in d["services"]]==["dsig/1","vihf/1","echo/1","clock/1"], d' "$last_output" \
  && echo "ok: --json is parseable and complete" || { echo "FAIL: --json output"; failures=$((failures + 1)); }
expect 0 "plugins info" "$guichet" plugins info clock/1
contains "info lists operations" "tick"
expect 4 "plugins info of an unknown service" "$guichet" plugins info insi/9

echo '{"message":"bonjour"}' > "$work/request.json"
expect 0 "call with --in FILE" "$guichet" call echo/1 echo --in "$work/request.json"
contains "answer printed" '"message": "bonjour"'
expect 0 "call with --in - (stdin)" sh -c "echo '{\"message\":\"stdin\"}' | '$guichet' call echo/1 echo --in -"
contains "stdin answer" '"stdin"'
expect 1 "a missing field fails the call" "$guichet" call echo/1 echo
contains "the field is named" "(field /message)"
expect 1 "--json on failure still prints JSON" "$guichet" call echo/1 echo --json
contains "status in JSON" '"status": "GUICHET_E_INVALID_ARGUMENT"'
expect 4 "unknown service" "$guichet" call nothing/1 echo
expect 4 "unknown operation" "$guichet" call echo/1 shout
expect 5 "unreadable request file" "$guichet" call echo/1 echo --in "$work/missing.json"
expect 1 "deadline" "$guichet" call clock/1 wait --deadline 50 --in - <<<'{"milliseconds": 5000}'
contains "deadline status" "GUICHET_E_DEADLINE_EXCEEDED"
echo '{"endpoints": {"echo/1": 5}}' > "$work/session.json"
expect 1 "a bad session file names its field" "$guichet" call echo/1 echo --in "$work/request.json" --session "$work/session.json"
contains "session field" "/endpoints/echo~11"

expect 2 "no command" "$guichet"
expect 2 "unknown command" "$guichet" frobnicate
expect 2 "call without operation" "$guichet" call echo/1
for verb in "" "plugins" "call"; do
  # shellcheck disable=SC2086
  expect 0 "--help for '${verb:-guichet}'" "$guichet" $verb --help
  contains "usage for '${verb:-guichet}'" "usage:"
done

for plugin in $("$guichet" plugins list --json | python3 -c 'import json,sys; print(" ".join(sorted({s["plugin"] for s in json.load(sys.stdin)["services"]})))'); do
  expect 0 "plugins check passes $(basename "$plugin")" "$guichet" plugins check "$plugin"
  contains "check summary" "plugin passes every check"
done
expect 3 "plugins check fails a plugin without entry" "$guichet" plugins check "$test_plugins/broken/broken_no_entry.so"
contains "check names the missing symbol" "symbol guichet_entry is not exported"
expect 3 "plugins list reports refused candidates" "$guichet" plugins list --plugins "$test_plugins/broken"
contains "refusal reason" "GUICHET_E_PLUGIN_ABI_MAJOR"
expect 0 "version" "$guichet" version

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
