#!/bin/sh
# A stand-in for `java -jar task-runner.jar ...`: records its arguments and whether it got the API key
# in its environment (never the key itself), then waits to be stopped, like a runner polling for work.
log="$FAKE_JAVA_LOG_DIR/$$.args"
printf '%s\n' "$@" > "$log.tmp"
if [ -n "$API_KEY" ]; then echo "API_KEY=set" >> "$log.tmp"; fi
# which credential: the test's stand-in runner token is no secret, the admin key is never written
case "$API_KEY" in bfr1.*) echo "API_KEY=$API_KEY" >> "$log.tmp" ;; esac
if [ -n "$BENCHFLEET_MOCK_DURATION" ]; then echo "BENCHFLEET_MOCK_DURATION=$BENCHFLEET_MOCK_DURATION" >> "$log.tmp"; fi
if [ -r /proc/self/status ]; then grep Cpus_allowed_list /proc/self/status >> "$log.tmp"; fi
mv "$log.tmp" "$log"
trap 'exit 0' TERM
while :; do sleep 1; done
