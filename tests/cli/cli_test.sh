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
lacks() {  # lacks <description> <text>
  if grep -qF -- "$2" <<<"$last_output"; then
    echo "FAIL: $1: output contains '$2'"
    echo "$last_output" | sed 's/^/    /'
    failures=$((failures + 1))
  else echo "ok: $1"; fi
}

expect 0 "plugins list finds the shipped plugins" "$guichet" plugins list
contains "echo/1 is listed" "echo/1"
contains "clock/1 is listed" "clock/1"
expect 0 "plugins list --json" "$guichet" plugins list --json
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert [s["id"] for s in d["services"]]==["aati/1","adri/1","insi/1","dsig/1","vihf/1","echo/1","soap-echo/1","clock/1"], d' "$last_output" \
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

# Test PKI, VIHF and XML signatures.
expect 0 "pki make" "$guichet" pki make "$work/pki"
for f in trust.pem server.pem professional.pem professional-expired.pem structure-insi-auto.p12 manifest.json; do
  [ -s "$work/pki/$f" ] && echo "ok: pki wrote $f" || { echo "FAIL: pki did not write $f"; failures=$((failures + 1)); }
done
cat > "$work/card-session.json" <<JSON
{"authentication_mode": "card",
 "professional": {"national_id": "810100000011", "given_name": "ISABELLE", "family_name": "MEDECIN-TEST",
                  "profession": {"code": "10", "code_system": "1.2.250.1.71.1.2.7", "display_name": "Medecin"}},
 "structure": {"id": "10B0000001", "activity_sector": "SA07^1.2.250.1.71.4.2.4"},
 "identities": {"card": {"certificate": "$work/pki/professional.pem", "private_key": "$work/pki/professional.key"}},
 "signing_identity": "card"}
JSON
expect 0 "vihf build" "$guichet" vihf build --session "$work/card-session.json" --patient-ins 279035121518989 \
  --patient-oid 1.2.250.1.213.1.4.10 --identity-status QUAL
printf '%s' "$last_output" > "$work/vihf.xml"
contains "the VIHF names the professional" "<saml2:NameID>810100000011</saml2:NameID>"
expect 1 "vihf build refuses a RECUP identity's INS" "$guichet" vihf build --session "$work/card-session.json" \
  --patient-ins 279035121518989 --identity-status RECUP
contains "the rule is explained" "only a qualified (QUAL)"
expect 0 "dsig verify of the VIHF" "$guichet" dsig verify "$work/vihf.xml" --trust "$work/pki/trust.pem"
contains "valid signature" "valid    #_"
expect 0 "xmlsec1 verifies the CLI's VIHF (independent check)" xmlsec1 --verify --trusted-pem "$work/pki/root-ca.pem" \
  --untrusted-pem "$work/pki/personnes-ca.pem" --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion "$work/vihf.xml"
sed 's/810100000011<\/saml2:NameID>/810100000099<\/saml2:NameID>/' "$work/vihf.xml" > "$work/tampered.xml"
expect 1 "dsig verify of a tampered VIHF" "$guichet" dsig verify "$work/tampered.xml" --trust "$work/pki/trust.pem"
contains "tamper named" "digest_mismatch"
expect 1 "dsig verify against an unknown CA" "$guichet" dsig verify "$work/vihf.xml" --trust "$work/pki/unknown-ca.pem"
contains "untrusted named" "untrusted"
expect 0 "dsig verify --signature-only" "$guichet" dsig verify "$work/vihf.xml" --signature-only
contains "says the chain was not checked" "NOT checked"
expect 2 "dsig verify needs --trust or --signature-only" "$guichet" dsig verify "$work/vihf.xml"
{ echo "junk before the root"; cat "$work/vihf.xml"; } > "$work/junk.xml"
expect 1 "dsig verify refuses text outside the root element" "$guichet" dsig verify "$work/junk.xml" --signature-only
contains "not well-formed named" "text outside the root element"
echo '<doc ID="d1"><item>ordonnance</item></doc>' > "$work/doc.xml"
expect 0 "dsig sign" "$guichet" dsig sign "$work/doc.xml" --session "$work/card-session.json"
printf '%s' "$last_output" > "$work/doc-signed.xml"
expect 0 "dsig verify of a signed document" "$guichet" dsig verify "$work/doc-signed.xml" --trust "$work/pki/trust.pem"
expect 0 "xmlsec1 verifies dsig sign (independent check)" xmlsec1 --verify --trusted-pem "$work/pki/root-ca.pem" \
  --untrusted-pem "$work/pki/personnes-ca.pem" --id-attr:ID doc "$work/doc-signed.xml"
# Bytes that are not UTF-8 (a Latin-1 file, an argument typed in another encoding) cannot go
# into the JSON request as they are: nlohmann's dump threw and the verb died on its exception.
printf '<doc ID="d1"><item>m\351decin</item></doc>' > "$work/latin1.xml"
expect 5 "dsig sign refuses a Latin-1 document, saying to convert it" "$guichet" dsig sign "$work/latin1.xml" \
  --session "$work/card-session.json"
contains "the encoding named" "is not UTF-8 text"
lacks "no JSON library exception" "json.exception"
expect 5 "dsig verify refuses a Latin-1 document too" "$guichet" dsig verify "$work/latin1.xml" --signature-only
expect 1 "vihf build with a Latin-1 --purpose is the plugin's refusal" "$guichet" vihf build \
  --session "$work/card-session.json" --purpose "$(printf 'normal\351')"
contains "the field named" "(field /purpose)"
lacks "no JSON library exception" "json.exception"
# The conformance runner: it passes what conforms and reports each unmet expectation.
here=$(cd "$(dirname "$0")" && pwd)
expect 0 "conform passes the echo scenarios" "$guichet" conform --plugin template --scenarios "$here/../conformance/echo" \
  --report "$work/report.json"
contains "summary line" " passed, 0 failed"
python3 -c 'import json,sys,glob; r=json.load(open(sys.argv[1])); n=len(glob.glob(sys.argv[2]+"/*.json")); assert n>0 and r["passed"]==n and r["failed"]==0 and all(s["requirements"] for s in r["scenarios"])' \
  "$work/report.json" "$here/../conformance/echo" && echo "ok: JSON report, one passed result per scenario file" || { echo "FAIL: JSON report"; failures=$((failures + 1)); }
expect 1 "conform fails scenarios the plugin does not meet" "$guichet" conform --plugin template --scenarios "$here/must-fail"
contains "wrong answer reported" 'answer /message is "actual", expected "something else"'
contains "missing member reported" "answer /absent_member is absent"
contains "wire count reported" "wire: 1 exchange(s), expected 2"
contains "wire content reported" "wire exchange 0 request /message is present, expected absent"
contains "schema check on a non-SOAP body reported" "request is not XML"
contains "a value that must not be sent reported" 'request contains "actual", which must not be sent'
contains "a session that should have been refused reported" "session: status is GUICHET_OK, expected GUICHET_E_CERT_EXPIRED"
contains "unknown status reported" "unknown status name 'GUICHET_E_NO_SUCH_STATUS'"
contains "scenario without requirement reported" "must name at least one requirement"
contains "unmet outbox state reported" 'outbox: state is "accepted", expected "refused"'
contains "unmet attempts reported" "outbox: 1 attempt(s), expected 3"
contains "unmet submission ledger reported" "sandbox submissions: count is 1, expected 2"
contains "a reference missing from an earlier answer reported" "\${step1/no/such/member} is not in step 1's answer"
contains "a reference to a step not run yet reported" "step 7 has no answer before this step"
contains "failure summary" "0 passed, 6 failed"
expect 1 "conform fails one failing scenario file" "$guichet" conform --plugin template \
  --scenarios "$here/must-fail/wrong-expectations.json"
contains "its failure summary" "0 passed, 1 failed"
mkdir "$work/no-scenarios"
expect 1 "conform fails when the folder holds no scenario" "$guichet" conform --plugin template --scenarios "$work/no-scenarios"
contains "nothing ran, said so" "no scenario ran: no scenario file in"
expect 1 "conform fails when --filter matches no scenario" "$guichet" conform --plugin template \
  --scenarios "$here/../conformance/echo" --filter NO-SUCH-SCENARIO
contains "the filter named" "matches --filter NO-SUCH-SCENARIO"
expect 3 "conform with a plugin that does not exist" "$guichet" conform --plugin nothing-here --scenarios "$here/must-fail"

# The sandbox, driven from the command line.
export GUICHET_SANDBOX_STATE="$work/sandbox"
trap '"$guichet" sandbox stop >/dev/null 2>&1; rm -rf "$work"' EXIT
expect 0 "sandbox start" env GUICHET_PASSPHRASE=not-for-the-sandbox "$guichet" sandbox start --pki "$work/pki" --seed 5
contains "start prints the client config" "client.json"
expect 1 "the background sandbox does not inherit GUICHET_PASSPHRASE" \
  grep -qz '^GUICHET_PASSPHRASE=' "/proc/$(cat "$work/sandbox/sandbox.pid")/environ"
expect 0 "client.json, the admin token and sandbox.log are owner-only" \
  test "$(stat -c %a "$work/sandbox/client.json" "$work/sandbox/admin-token" "$work/sandbox/sandbox.log" | sort -u)" = 600
admin=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sandbox"]["admin"])' "$work/sandbox/client.json")
expect 0 "the admin API without its token" curl -s -o /dev/null -w '%{http_code}' "$admin/admin/status"
contains "is refused 401" "401"
expect 0 "the admin API with the token of the state directory" \
  curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$work/sandbox/admin-token")" "$admin/admin/status"
contains "answers 200" "200"
expect 0 "sandbox status" "$guichet" sandbox status
echo '{"message":"over mutual TLS"}' > "$work/remote.json"
expect 0 "echo/1 remote through the sandbox" "$guichet" call echo/1 remote --session "$work/sandbox/client.json" --in "$work/remote.json"
contains "the sandbox echoed" '"over mutual TLS"'
expect 0 "sandbox fault add" "$guichet" sandbox fault add --kind http_503 --service echo/1 --count 1
expect 1 "the fault reaches the caller" "$guichet" call echo/1 remote --session "$work/sandbox/client.json" --in "$work/remote.json"
contains "as HTTP 503" "HTTP 503"
expect 2 "sandbox fault add with an unknown kind" "$guichet" sandbox fault add --kind explode
contains "kinds listed" "kind must be one of"
expect 2 "sandbox fault add with a Latin-1 kind is the sandbox's refusal" "$guichet" sandbox fault add \
  --kind "$(printf 'caf\351')"
contains "kinds listed" "kind must be one of"
lacks "no JSON library exception" "json.exception"
echo '{"message":"recorded"}' > "$work/recorded.json"
expect 0 "sandbox inject" "$guichet" sandbox inject --service echo/1 --content-type application/json "$work/recorded.json"
expect 0 "the injected answer is replayed" "$guichet" call echo/1 remote --session "$work/sandbox/client.json" --in "$work/remote.json"
contains "recorded answer" '"recorded"'
expect 0 "sandbox journal" "$guichet" sandbox journal
contains "journal shows the fault" "fault=http_503"
contains "journal shows the injection" "injected"
printf '{"message":"caf\xe9"}' > "$work/latin1.json"
expect 0 "sandbox inject of a Latin-1 answer" "$guichet" sandbox inject --service echo/1 \
  --content-type 'application/json; charset=iso-8859-1' "$work/latin1.json"
"$guichet" call echo/1 remote --session "$work/sandbox/client.json" --in "$work/remote.json" >/dev/null 2>&1
expect 0 "the Latin-1 answer was replayed byte for byte and journaled" sh -c '
  "$1" sandbox journal --service echo/1 --json | python3 -c "
import base64, json, sys
last = json.load(sys.stdin)[-1]
sent = open(sys.argv[1], \"rb\").read()
assert last[\"injected\"] and last[\"response_encoding\"] == \"base64\", last
assert base64.b64decode(last[\"response\"]) == sent, last
" "$2"' sh "$guichet" "$work/latin1.json"
expect 0 "sandbox stop" "$guichet" sandbox stop

# An INSi request as it went on the wire validates with xmllint against the CNAM schema.
specs=$(cd "$here/../../.." && pwd)/shared/specs
expect 0 "sandbox start keeping patient data in the journal, validating with the public schemas" \
  "$guichet" sandbox start --pki "$work/pki" --journal-patient-data --public-schemas "$specs"
expect 0 "sandbox status" "$guichet" sandbox status
contains "the sandbox was started with the public schemas" "\"public_schemas_dir\": \"$specs\""
structure_url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["structure_endpoints"]["insi/1"])' "$work/sandbox/client.json")
curl -s -o /dev/null --cacert "$work/pki/root-ca.pem" -d x "$structure_url" || true  # no client certificate
sleep 0.2
expect 0 "sandbox journal --kind tls_refusal" "$guichet" sandbox journal --kind tls_refusal
contains "a TLS refusal is journaled with its reason" "TLS refused on mutual-tls: "
echo '{"birth_name":"CORSE","first_names":["ANTHONY"],"sex":"M","birth_date":"1980-03-02","birth_place":"2A004"}' > "$work/insi.json"
expect 0 "insi/1 search_by_traits through the sandbox" "$guichet" call insi/1 search_by_traits --session "$work/sandbox/client.json" --in "$work/insi.json"
contains "Corsican INS found" '"180032A004012"'
echo '{"message":"arret de travail"}' > "$work/submit.json"
expect 0 "soap-echo/1 submit through the sandbox" "$guichet" call soap-echo/1 submit --session "$work/sandbox/client.json" --in "$work/submit.json"
contains "a receipt" '"receipt": "ECHO-'
expect 0 "sandbox submissions" "$guichet" sandbox submissions
contains "accepted once" '"outcome": "accepted"'
"$guichet" sandbox journal --service insi/1 --json | python3 -c '
import json, re, sys
request = json.load(sys.stdin)[-1]["request"]
body = re.search(r"<soap:Body>(.*)</soap:Body>", request).group(1)
open(sys.argv[1], "w").write(body)' "$work/recsans.xml"
expect 0 "xmllint validates the INSi request body against INSi_RECSANS_INS.xsd (independent check)" \
  xmllint --noout --schema "$specs/insi/xsd/ServiceIdentiteCertifiee/INSi_RECSANS_INS.xsd" "$work/recsans.xml"

# The last exchange of a service, cut into its parts for xmllint: body payload, ContexteBAM, answer payload.
last_exchange_parts() {  # service prefix
  "$guichet" sandbox journal --service "$1" --json | python3 -c '
import json, re, sys
entry = json.load(sys.stdin)[-1]
prefix = sys.argv[1]
open(prefix + "-body.xml", "w").write(re.search(r"<soap:Body>(.*)</soap:Body>", entry["request"]).group(1))
open(prefix + "-bam.xml", "w").write(re.search(r"<ctxbam:ContexteBAM.*?</ctxbam:ContexteBAM>", entry["request"]).group(0))
open(prefix + "-lps.xml", "w").write(re.search(r"<ctxlps:ContexteLPS.*?</ctxlps:ContexteLPS>", entry["request"]).group(0))
open(prefix + "-answer.xml", "w").write(re.search(r"<soap:Body>(.*)</soap:Body>", entry["response"]).group(1))' "$2"
}
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo '{"beneficiary":{"nir":"2630775115034","key":"49","insured_nir":"2630775115034","birth_date":"1963-07-12","birth_rank":1},
       "card":{"serial_number":"C1","serial_number_now":"C1","beneficiary_chosen_at":"'"$now"'"}}' > "$work/vitale.json"
expect 0 "insi/1 search_by_vitale through the sandbox" "$guichet" call insi/1 search_by_vitale --session "$work/sandbox/client.json" --in "$work/vitale.json"
contains "INS found from the card" '"2630775115034"'
expect 0 "insi/1 search_by_vitale with the runtime log on (the answer, which holds the INS, set aside)" \
  bash -c '"$0" call insi/1 search_by_vitale --verbose --session "$1" --in "$2" > "$3"' \
  "$guichet" "$work/sandbox/client.json" "$work/vitale.json" "$work/vitale-answer.json"
contains "the plugin logged the search" "INSi search by Vitale card"
lacks "the log does not show the NIR" "2630775115034"
lacks "the log does not show the birth date" "1963-07-12"
last_exchange_parts insi/1 "$work/recvitale"
expect 0 "xmllint validates the RECVITALE body against INSi_RECVITALE_INS.xsd (independent check)" \
  xmllint --noout --schema "$specs/insi/xsd/ServiceIdentiteCertifiee/INSi_RECVITALE_INS.xsd" "$work/recvitale-body.xml"
expect 0 "xmllint validates the ContexteBAM header against CTXBAM v01.02 (independent check)" \
  xmllint --noout --schema "$specs/insi/xsd/CTX/ROOT_ctxbam_CTXBAM_V01_02.xsd" "$work/recvitale-bam.xml"
expect 0 "xmllint validates the INSi answer against INSi_RESULTAT_INS.xsd (independent check)" \
  xmllint --noout --schema "$specs/insi/xsd/ServiceIdentiteCertifiee/INSi_RESULTAT_INS.xsd" "$work/recvitale-answer.xml"
expect 0 "xmllint validates the INSi ContexteLPS against CTXLPS v01.00 (independent check)" \
  xmllint --noout --schema "$specs/insi/xsd/CTX/ROOT_ctxlps_CTXLPS_V01_00.xsd" "$work/recvitale-lps.xml"

adri_profile="$here/../../docs/protocols/adri"
echo '{"beneficiary":{"nir":"2360663220836","key":"56","birth_date":"1936-06-21","birth_rank":1},"care_date":"2026-11-23"}' > "$work/adri.json"
expect 0 "adri/1 get_rights through the sandbox" "$guichet" call adri/1 get_rights --session "$work/sandbox/client.json" --in "$work/adri.json"
contains "ALD exemption reported" '"ALD"'
expect 0 "adri/1 get_rights with the runtime log on" "$guichet" call adri/1 get_rights --verbose --session "$work/sandbox/client.json" --in "$work/adri.json"
contains "the plugin logged the exchange" "ADRi rights"
lacks "the log does not show the NIR" "2360663220836"
lacks "the log does not show the birth date" "1936-06-21"
last_exchange_parts adri/1 "$work/adri"
expect 0 "xmllint validates the ADRi request against adri-request.xsd (independent check)" \
  xmllint --noout --schema "$adri_profile/adri-request.xsd" "$work/adri-body.xml"
expect 0 "xmllint validates the ADRi answer against adri-response.xsd (independent check)" \
  xmllint --noout --schema "$adri_profile/adri-response.xsd" "$work/adri-answer.xml"
expect 0 "xmllint validates the ADRi ContexteBAM against CTXBAM v01.02 (independent check)" \
  xmllint --noout --schema "$specs/insi/xsd/CTX/ROOT_ctxbam_CTXBAM_V01_02.xsd" "$work/adri-bam.xml"
expect 0 "xmllint validates the ADRi ContexteLPS against CTXLPS v01.00 (independent check)" \
  xmllint --noout --schema "$specs/insi/xsd/CTX/ROOT_ctxlps_CTXLPS_V01_00.xsd" "$work/adri-lps.xml"
# AATi: a work-accident notice with its certificate, then the history; bodies and answers checked
# by xmllint against the profile's XSDs.
aati_profile="$here/../../docs/protocols/aati"
cat > "$work/aati.json" <<'JSON'
{"patient": {"ins": "180032A00401289", "identity_status": "QUAL", "identity_attested": true, "birth_name": "CORSE",
             "first_names": "ANTHONY", "birth_date": "1980-03-02", "category": "employee",
             "employer": {"name": "Chantiers du Golo", "siret": "12345678900012"}},
 "notice": {"kind": "initial", "risk": "work_accident", "start_date": "2026-11-20", "end_date": "2026-11-30",
            "part_time": {"start_date": "2026-11-25", "end_date": "2026-11-30"}, "work_time": "therapeutic_part_time",
            "reason": {"text": "Plaie de la main droite"}, "outings": {"kind": "free", "from": "2026-11-21",
            "medical_reason": "Soins infirmiers quotidiens"}, "work_accident": {"date": "2026-11-20"}},
 "certificate": {"kind": "initial", "accident_date": "2026-11-20", "findings": "Plaie profonde, suture"}}
JSON
expect 0 "aati/1 submit through the sandbox" "$guichet" call aati/1 submit --session "$work/sandbox/client.json" --in "$work/aati.json"
contains "a notice number" '"number": "AAT-'
aati_parts() {  # prefix: the last AATi exchange's request and answer payloads
  "$guichet" sandbox journal --service aati/1 --json | python3 -c '
import json, re, sys
entry = json.load(sys.stdin)[-1]
open(sys.argv[1] + "-body.xml", "w").write(re.search(r"<soap:Body>(.*)</soap:Body>", entry["request"]).group(1))
open(sys.argv[1] + "-answer.xml", "w").write(re.search(r"<soap:Body>(.*)</soap:Body>", entry["response"]).group(1))' "$1"
}
aati_parts "$work/aati"
expect 0 "xmllint validates the AATi notice and certificate against aati-request.xsd (independent check)" \
  xmllint --noout --schema "$aati_profile/aati-request.xsd" "$work/aati-body.xml"
expect 0 "xmllint validates the AATi acknowledgement against aati-response.xsd (independent check)" \
  xmllint --noout --schema "$aati_profile/aati-response.xsd" "$work/aati-answer.xml"
echo '{"patient": {"ins": "180032A00401289", "birth_date": "1980-03-02"}}' > "$work/aati-history.json"
expect 0 "aati/1 history through the sandbox" "$guichet" call aati/1 history --session "$work/sandbox/client.json" --in "$work/aati-history.json"
contains "the notice just sent" '"kind": "initial"'
aati_parts "$work/aati-history"
expect 0 "xmllint validates the AATi history request and answer against the profile's XSDs (independent check)" \
  sh -c "xmllint --noout --schema '$aati_profile/aati-request.xsd' '$work/aati-history-body.xml' &&
         xmllint --noout --schema '$aati_profile/aati-response.xsd' '$work/aati-history-answer.xml'"
expect 0 "sandbox stop" "$guichet" sandbox stop
expect 1 "status after stop" "$guichet" sandbox status

for verb in "pki" "vihf" "dsig" "sandbox" "conform"; do
  expect 0 "--help for $verb" "$guichet" $verb --help
done

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
