#!/usr/bin/env bash
# timed_linkfit.sh LOG LINKFIT ARGS...: runs LINKFIT ARGS... under /usr/bin/time and appends one line
# "STEP wall user sys maxrss_kb" to LOG (run.sh stands it in for linkfit to split the Spark job's
# CPU time between linkfit's steps and Spark itself).
log="$1"
linkfit="$2"
shift 2
exec /usr/bin/time -a -o "$log" -f "${2:-?} %e %U %S %M" "$linkfit" "$@"
