# Sourced by test.sh and test-edges.sh: `start NAME COMMAND...` runs a test run in the
# background with its own LIANXI_VAR_DIR (its own SQLite test file, keys, media), `finish`
# waits for all, prints each run's output in order with its exit code and returns non-zero
# when any failed. TEST_SERIAL=1 runs each at once in the foreground instead.
RUNS=()
PIDS=()
LOGS=()
RCS=()
RUN_ROOT=${RUN_ROOT:-var/runs}

start() {
  local name=$1; shift
  local slug; slug=$(echo "$name" | tr -c 'A-Za-z0-9\n' '-' | tr 'A-Z' 'a-z')
  local dir="$RUN_ROOT/$slug"
  rm -rf "$dir"; mkdir -p "$dir"
  RUNS+=("$name")
  if [ "${TEST_SERIAL:-}" = "1" ]; then
    echo "=== tests: $name ==="
    LIANXI_VAR_DIR="$PWD/$dir" "$@"
    RCS+=($?); PIDS+=(""); LOGS+=("")
  else
    echo "=== started: $name (output in $dir/output.log) ==="
    LIANXI_VAR_DIR="$PWD/$dir" "$@" >"$dir/output.log" 2>&1 &
    PIDS+=($!); LOGS+=("$dir/output.log"); RCS+=("")
  fi
}

finish() {
  local failed=0 i
  for i in "${!RUNS[@]}"; do
    if [ -n "${PIDS[$i]}" ]; then
      wait "${PIDS[$i]}"; RCS[$i]=$?
      echo "=== tests: ${RUNS[$i]} ==="
      cat "${LOGS[$i]}"
    fi
  done
  for i in "${!RUNS[@]}"; do
    echo "${RUNS[$i]}: exit ${RCS[$i]}"
    [ "${RCS[$i]}" -eq 0 ] || failed=1
  done
  return $failed
}
