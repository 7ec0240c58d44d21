#!/usr/bin/env bash
# Makes examples/signed/: copies of the examples signed for the virtual vehicle's demo vehicle id (demo-vehicle),
# with the demo keys in keys/ and the demo trust root root.json that `deploy/virtual-vehicle.sh --trust enforce`
# installs. DEMO ONLY: the private keys are public in this repository; a real vehicle's trust root never names them.
# Run it again after changing an example (the keys and the root are kept when they exist).
# Usage: examples/signed/sign-examples.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cli=$repo/cli/vehicle-update
keys=$here/keys
vehicle=demo-vehicle
forever=2100-01-01T00:00:00Z   # demo messages must not expire under the tests; real ones expire within days

if [[ ! -f $keys/demo-root.jwk ]]; then
  "$cli" keygen "$keys/demo-root.jwk"
  "$cli" keygen "$keys/demo-signing.jwk"
fi
if [[ ! -f $here/root.json ]]; then
  "$cli" root create --root-key "$keys/demo-root.pub.jwk" --desired-state-key "$keys/demo-signing.pub.jwk" \
    --expires "$forever" -o "$here/root.json"
  "$cli" root sign --key "$keys/demo-root.jwk" "$here/root.json"
fi
# the sequence grows in the README's order, so the examples can be tried in that order on one vehicle
sequence=0
for name in combined-update container-update container-update-v2 self-update combined-update-failing-container \
            combined-update-os3-and-app self-update-bad-signature; do
  sequence=$((sequence + 10))
  "$cli" sign --vehicle "$vehicle" --key "$keys/demo-signing.jwk" --sequence "$sequence" --expires "$forever" \
    -o "$here/$name.json" "$repo/examples/$name.json"
done
