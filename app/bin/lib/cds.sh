# Class-data sharing for the launchers (sourced by app/bin/lab and app/bin/orchlab).
#
# The first run after a build writes the list of classes it loads (-XX:DumpLoadedClassList); right after it, the
# launcher turns that list into a static CDS archive next to the jar (-Xshare:dump), in the background. Later runs map that archive
# (-XX:SharedArchiveFile) instead of reading, parsing and verifying those classes again. A static archive, not the
# dynamic one of -XX:ArchiveClassesAtExit: a dynamic archive cannot hold class files older than Java 6, and picocli
# ships Java 5 class files (its 177 classes were loaded from the jar on every run); a static archive holds them, and
# the JDK's own classes of the run too. The archive is keyed by the JVM that made it and is made again whenever the
# jar is newer. ORCHLAB_CDS=0 turns it off. Numbers: app/bench/run LabProcessBench, app/docs/startup.md.
# CDS_TAG (set by app/bin/lab to the subcommand) gives each command its own archive: an archive holds only the
# classes of the run that made it, so one made by `lab --help` would leave `lab check` loading nearly everything.
#
# cds_run JAR JAVA_OPTS... -- ARGS...   runs `java OPTS -jar JAR ARGS` with the archive
# ORCHLAB_JAVA names the java to use (default: the one on PATH).
# cds_archive JAR TAG   prints the path of JAR's archive for command TAG on this Java (which may not exist yet)
cds_archive() {
  local java_bin key
  java_bin="${ORCHLAB_JAVA:-$(command -v java || true)}"
  key="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
  key="$(printf '%s' "$key" | cksum | cut -d' ' -f1)"
  printf '%s\n' "${1%.jar}-$key${2:+-$2}.jsa"
}

cds_run() {
  local jar="$1"; shift
  local opts=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  local java_bin key jsa
  java_bin="${ORCHLAB_JAVA:-$(command -v java || true)}"
  if [ -z "$java_bin" ]; then
    echo "OrchLab needs Java 17 or newer: sudo apt-get install openjdk-17-jdk" >&2
    return 2
  fi
  if [ "${ORCHLAB_CDS:-1}" = 0 ]; then
    exec "$java_bin" ${opts[@]+"${opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"}
  fi
  key="$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")"
  key="$(printf '%s' "$key" | cksum | cut -d' ' -f1)"
  jsa="${jar%.jar}-$key${CDS_TAG:+-$CDS_TAG}.jsa"
  # a stale or foreign archive is never an error: the JVM falls back to loading classes normally
  local quiet=(-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
    exec "$java_bin" ${quiet[@]+"${quiet[@]}"} -XX:SharedArchiveFile="$jsa" ${opts[@]+"${opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"}
  fi
  local lock="$jsa.lock"
  # another launcher is making this archive right now: run without one (a lock left by a machine that stopped
  # mid-dump is stale after 15 minutes)
  if [ -d "$lock" ] && [ -z "$(find "$lock" -maxdepth 0 -mmin +15 2>/dev/null)" ]; then
    exec "$java_bin" ${opts[@]+"${opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"}
  fi
  rm -rf "$lock"
  local tmp="$jsa.$$.tmp" list="$jsa.$$.classlist" rc=0 pid
  # the recording run is a child of this shell (it makes the archive afterwards): a stop signal sent to the
  # launcher (Ctrl+C, a benchmark or supervisor ending `lab sandbox up`) is passed on, so the JVM never outlives it
  "$java_bin" ${quiet[@]+"${quiet[@]}"} -XX:DumpLoadedClassList="$list" ${opts[@]+"${opts[@]}"} -jar "$jar" ${args[@]+"${args[@]}"} <&0 &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null' TERM INT HUP
  wait "$pid" || rc=$?
  while kill -0 "$pid" 2>/dev/null; do rc=0; wait "$pid" || rc=$?; done
  trap - TERM INT HUP
  if [ ! -s "$list" ] || ! mkdir "$lock" 2>/dev/null; then
    rm -f "$list"
    return $rc
  fi
  # the archive is made in the background, detached from the launcher: the command's exit is not delayed by it
  # (seconds for a desktop's 10,000 classes), and neither Ctrl+C nor a stopped launcher leaves half an archive.
  # It uses the JVM's default GC (JDK 17 archives heap objects only with G1) and the class path -jar gives (the jar
  # and its manifest's Class-Path); it is kept only if a JVM can map it (a truncated archive crashes JDK 17).
  # ORCHLAB_CDS_WAIT=1 waits for it (benchmarks and tests).
  (
    trap '' INT TERM HUP
    if env -u JDK_JAVA_OPTIONS "$java_bin" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$tmp" \
         -cp "$jar" -Xlog:cds=off -Xlog:cds+heap=off >/dev/null 2>&1 \
       && [ -s "$tmp" ] \
       && env -u JDK_JAVA_OPTIONS "$java_bin" -Xshare:on -XX:SharedArchiveFile="$tmp" -XX:ErrorFile="$tmp.err" -cp "$jar" \
         -version >/dev/null 2>&1; then
      mv -f "$tmp" "$jsa" 2>/dev/null || rm -f "$tmp"
    else
      rm -f "$tmp"
    fi
    rm -f "$tmp.err" "$list"
    rmdir "$lock" 2>/dev/null
  ) </dev/null >/dev/null 2>&1 &
  local dumper=$!
  if [ "${ORCHLAB_CDS_WAIT:-0}" = 1 ]; then
    wait "$dumper" || true
  fi
  return $rc
}
