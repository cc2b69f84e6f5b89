#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked
# gnome-keyring Secret Service, so keychain tests use the real thing without
# touching the developer's own keyring. Usage: scripts/with-keychain.sh npm test
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keychain: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus gnome-keyring)" >&2
  exit 2
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/data" "$scratch/runtime" "$scratch/config"
chmod 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" XDG_CONFIG_HOME="$scratch/config"
# A throwaway password for a throwaway keyring; it only ever lives in this scratch dir.
export BEACON_KEYRING_PW="beacon-ci-$$-$RANDOM"
export BEACON_KEYCHAIN=1
exec dbus-run-session -- sh -c '
  printf %s "$BEACON_KEYRING_PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  unset BEACON_KEYRING_PW
  exec "$@"
' with-keychain "$@"
