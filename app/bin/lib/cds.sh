# Class-data sharing for the launchers (sourced by app/bin/lab and app/bin/orchlab).
#
# The first run after a build records the classes it loads into an AppCDS archive next to the jar
# (-XX:ArchiveClassesAtExit); later runs map that archive instead of loading and verifying those
# classes again (-XX:SharedArchiveFile). The archive is keyed by the JVM that made it and is made
# again whenever the jar is newer. ORCHLAB_CDS=0 turns it off. Numbers: app/bench/run LabProcessBench.
# CDS_TAG (set by app/bin/lab to the subcommand) gives each command its own archive: an archive holds only the
# classes of the run that made it, so one made by `lab --help` would leave `lab check` loading nearly everything.
#
# cds_run JAR JAVA_OPTS... -- ARGS...   runs `java OPTS -jar JAR ARGS` with the archive
cds_run() {
  local jar="$1"; shift
  local opts=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  local java_bin key jsa
  java_bin="$(command -v java)"
  if [ "${ORCHLAB_CDS:-1}" = 0 ] || [ -z "$java_bin" ]; then
    exec java ${opts[@]+"${opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"}
  fi
  key="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
  key="$(printf '%s' "$key" | cksum | cut -d' ' -f1)"
  jsa="${jar%.jar}-$key${CDS_TAG:+-$CDS_TAG}.jsa"
  # a stale or foreign archive is never an error: the JVM falls back to loading classes normally
  local quiet=(-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
    exec java ${quiet[@]+"${quiet[@]}"} -XX:SharedArchiveFile="$jsa" ${opts[@]+"${opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"}
  fi
  local tmp="$jsa.$$.tmp" rc=0 pid
  # the recording run is a child of this shell (it checks the archive afterwards): a stop signal sent to the
  # launcher (Ctrl+C, a benchmark or supervisor ending `lab sandbox up`) is passed on, so the JVM never outlives it
  java ${quiet[@]+"${quiet[@]}"} -XX:ArchiveClassesAtExit="$tmp" ${opts[@]+"${opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"} <&0 &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
  wait "$pid" || rc=$?
  while kill -0 "$pid" 2>/dev/null; do rc=0; wait "$pid" || rc=$?; done
  trap - TERM INT HUP
  # keep the archive only if a JVM can map it (a truncated archive crashes JDK 17 at start-up)
  if [ -s "$tmp" ] && java ${quiet[@]+"${quiet[@]}"} -XX:SharedArchiveFile="$tmp" -XX:ErrorFile="$tmp.err" \
       -cp "$jar" -version >/dev/null 2>&1; then
    mv -f "$tmp" "$jsa" 2>/dev/null || rm -f "$tmp"
  else
    rm -f "$tmp"
  fi
  rm -f "$tmp.err"
  return $rc
}
