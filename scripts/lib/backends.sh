# Helpers the scripts of scripts/backends share; source it, do not run it.

# apt_install installs Debian packages (for a tool that is missing).
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}

# jdk17_home OVERRIDE prints OVERRIDE when set, else the home of Debian's OpenJDK 17,
# installing openjdk-17-jre-headless when it is missing (never a newer JDK on PATH).
jdk17_home() {
  if [ -n "${1:-}" ]; then
    echo "$1"
    return
  fi
  local h=/usr/lib/jvm/java-17-openjdk-amd64
  [ -x "$h/bin/java" ] || h=$(ls -d /usr/lib/jvm/java-17-openjdk-* 2>/dev/null | head -1)
  if [ -z "$h" ] || [ ! -x "$h/bin/java" ]; then
    echo "installing openjdk-17-jre-headless from Debian packages" >&2
    apt_install openjdk-17-jre-headless
    h=$(ls -d /usr/lib/jvm/java-17-openjdk-* | head -1)
  fi
  echo "$h"
}

# free_port prints a loopback TCP port nobody listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# stop_group PIDFILE SECONDS stops the process group whose leader's pid PIDFILE holds
# (servers are started with setsid): SIGTERM, then SIGKILL after SECONDS; removes PIDFILE.
stop_group() {
  local pidfile=$1 wait=$2 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 $((wait * 2))); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
