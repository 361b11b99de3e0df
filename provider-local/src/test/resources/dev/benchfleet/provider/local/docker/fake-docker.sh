#!/bin/sh
# Stand-in for the docker client in unit tests. Records each call's arguments (one per line) in
# $FAKE_DOCKER_DIR/call-N.args and the values of the variables named in $FAKE_DOCKER_ECHO_ENV in
# call-N.env, then answers like docker would. $FAKE_DOCKER_MODE picks the behaviour:
#   normal (default) canned answers per subcommand
#   fail             engine error on stderr, exit 1
#   rm-missing       rm fails like a missing container; ps lists nothing
#   hang             ignores SIGTERM and sleeps (only SIGKILL ends it)
#   hang-tree        sleeps in a child process and waits for it
dir="${FAKE_DOCKER_DIR:?FAKE_DOCKER_DIR not set}"
n=1
while [ -e "$dir/call-$n.args" ]; do n=$((n + 1)); done
: >"$dir/call-$n.args.tmp"
for a in "$@"; do printf '%s\n' "$a" >>"$dir/call-$n.args.tmp"; done
mv "$dir/call-$n.args.tmp" "$dir/call-$n.args"
for v in $FAKE_DOCKER_ECHO_ENV; do
  eval "printf '%s=%s\n' \"$v\" \"\${$v-<unset>}\"" >>"$dir/call-$n.env"
done

case "${FAKE_DOCKER_MODE:-normal}" in
  fail)
    echo "Error response from daemon: boom" >&2
    exit 1 ;;
  hang)
    trap '' TERM
    echo $$ >"$dir/hang.pid"
    exec sleep 1000 ;;
  hang-tree)
    sleep 1000 &
    echo $! >"$dir/child.pid"
    echo $$ >"$dir/hang.pid"
    wait
    exit 0 ;;
  rm-missing)
    case "$1" in
      rm) echo "Error response from daemon: No such container: $4" >&2; exit 1 ;;
      ps) exit 0 ;;
    esac ;;
esac

case "$1" in
  info) echo '{"ServerVersion":"99.1.0","OSType":"linux","NCPU":3,"OperatingSystem":"Fake Linux","ServerErrors":null}' ;;
  run) echo "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;;
  ps) echo "aaa111"; echo "bbb222" ;;
  container)
    echo '{"id":"aaa111","name":"/one","state":"running","exitCode":0}'
    echo '{"id":"bbb222","name":"/two","state":"exited","exitCode":3}' ;;
  wait) echo 7 ;;
  logs) echo "out-line"; echo "err-line" >&2 ;;
  image) [ "$2" = ls ] && echo "sha256:0123" ;;
  build) echo "sha256:built" ;;
  rm) printf '%s\n' "$@" | tail -n +4 ;;
esac
exit 0
