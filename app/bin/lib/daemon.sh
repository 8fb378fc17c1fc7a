# The resident lab process (sourced by app/bin/lab; app/docs/startup.md, "The resident lab process").
#
# Short commands that read no standard input and end by themselves go to a resident JVM of this build through a thin
# client (app/cli/target/orchlab-cli-*-client.jar, JDK classes only); everything else (sandbox up, course test, helm,
# help...) runs in a process of its own as before, without starting the client first.
# ORCHLAB_DAEMON=0 turns the resident process off. On CI (any value but "false", unless ORCHLAB_DAEMON=1) no command
# starts one by itself — a CI job runs each command once and waits for every process it started, as Gradle advises for
# its daemon — but a job that asks for one (`lab daemon start`) gets it, and short commands then go to it.

# lab_daemon_enabled   0 when commands may start a resident process (not with ORCHLAB_DAEMON=0, nor CI without ORCHLAB_DAEMON=1)
lab_daemon_enabled() {
  [ "${ORCHLAB_DAEMON:-}" = 0 ] && return 1
  if [ -n "${CI:-}" ] && [ "${CI}" != false ] && [ "${ORCHLAB_DAEMON:-}" != 1 ]; then
    return 1
  fi
  return 0
}

# lab_daemon_wanted ARGS...   0 when this command goes to the resident process: where commands may start one, or on CI
# when one runs already (a socket is there; the client checks it is this build's and answers, else the command runs here)
lab_daemon_wanted() {
  [ "${ORCHLAB_DAEMON:-}" = 0 ] && return 1
  case "${1:-} ${2:-}" in
    "check "*|"course validate"|"progress export"|"istio analyze"|"exercise start"|"exercise reset"|"sandbox list")
      ;;
    *) return 1 ;;
  esac
  lab_daemon_enabled || lab_daemon_some_running
}

# lab_daemon_some_running   0 when a resident lab process's socket is in the state folder (orchlab.cli.client.DaemonHome.root)
lab_daemon_some_running() {
  local root socket
  if [ -n "${ORCHLAB_HOME:-}" ]; then
    root="$ORCHLAB_HOME/state"
  elif [ -n "${XDG_STATE_HOME:-}" ]; then
    root="$XDG_STATE_HOME/orchlab"
  else
    root="${HOME:-/nonexistent}/.local/state/orchlab"
  fi
  for socket in "$root"/daemons/*/socket; do
    [ -S "$socket" ] && return 0
  done
  return 1
}

# lab_daemon_verb ARGS...   0 for `lab daemon [status|start|stop]`, which the client answers itself (even where resident
# processes are turned off: it says so); `lab daemon --help` and typos go to the lab's own help
lab_daemon_verb() {
  [ "${1:-}" = daemon ] && [ $# -le 2 ] || return 1
  case "${2:-}" in ""|status|start|stop) return 0 ;; esac
  return 1
}

# lab_daemon_ahead ARGS...   0 when this command (run in a process of its own) comes before checks: the launcher then
# starts this build's resident process in the background (`lab daemon start`, output discarded), so that it has
# started and warmed up (orchlab.cli.daemon.WarmUp) by the first `lab check`. Not for --help.
lab_daemon_ahead() {
  lab_daemon_enabled || return 1
  [ "${1:-} ${2:-}" = "sandbox up" ] || return 1
  local arg
  for arg in "$@"; do
    case "$arg" in -h|--help) return 1 ;; esac
  done
  return 0
}
