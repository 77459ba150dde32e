# Helpers for kefu's tmux end-to-end tests. Source it from a script that runs `set -euo pipefail`.
#
#   e2e_init                    private tmux server (tmux -L kefu-e2e-$$), temp dir, cleanup trap
#                               (do not `set -g window-size manual`: tmux 3.3a's server then
#                               crashes on the next `new-session -d -x -y`; resize-window suffices)
#   launch NAME ARGS...         new 120×40 session NAME running `kefu ARGS...`, then
#                               `echo KEFU-EXIT=$?; sleep 600` so the exit status stays on screen
#   use NAME                    later helpers act on session NAME
#   keys KEY...                 tmux send-keys (key names: Enter Escape Tab j ...)
#   type_text TEXT              send TEXT literally
#   capture / capture_e         the pane as text / with attributes (-e)
#   wait_for TEXT [timeout]     poll every 0.1 s until TEXT is on screen (default 10 s)
#   wait_gone TEXT [timeout]    poll until TEXT is no longer on screen
#   wait_until DESC TIMEOUT CMD...  poll until CMD succeeds
#   kefu_pid STORE              the pid of the one `kefu --store STORE` running
#   fail MESSAGE                print "not ok - <step>: MESSAGE" and the pane, exit 1
#   step NAME / ok [DETAIL]     name the current step / print "ok - <step> # DETAIL"
#
# Matching is on plain fixed strings (no grep pipelines: with pipefail, `capture | grep -q`
# can fail on SIGPIPE even when the text is there).

# UTF-8 for tmux and for our own string matching; LC_ALL would override LANG in the app too.
export LANG=C.UTF-8
unset LC_ALL LC_CTYPE TMUX 2>/dev/null || true

E2E_SOCKET="kefu-e2e-$$"
E2E_TMP=""
E2E_TARGET=""
E2E_STEP="setup"
KEFU_BIN="${KEFU_BIN:-$PWD/.build/debug/kefu}"
KEFU_NOW_FIXED="${KEFU_NOW_FIXED:-2026-11-21T10:00:00Z}"

tm() { tmux -L "$E2E_SOCKET" -f /dev/null "$@"; }

e2e_cleanup() {
    local rc=$?
    local sock
    sock=$(tmux -L "$E2E_SOCKET" display-message -p '#{socket_path}' 2>/dev/null) \
        || sock="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$E2E_SOCKET"
    tmux -L "$E2E_SOCKET" kill-server >/dev/null 2>&1 || true
    # tmux 3.3a leaves the socket file behind after kill-server.
    if [[ "$sock" == */"$E2E_SOCKET" ]]; then rm -f -- "$sock"; fi
    if [[ -n "$E2E_TMP" && -d "$E2E_TMP" ]]; then rm -rf -- "$E2E_TMP"; fi
    exit "$rc"
}

e2e_init() {
    command -v tmux >/dev/null || { echo "not ok - setup: tmux is not installed" >&2; exit 1; }
    if [[ ! -x "$KEFU_BIN" ]]; then
        echo "not ok - setup: $KEFU_BIN not found; run \`swift build\` first (from the repo root)" >&2
        exit 1
    fi
    E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/kefu-e2e.XXXXXX")
    mkdir -p "$E2E_TMP/config" "$E2E_TMP/home"
    KEFU_ENV=(env -u LC_ALL -u LC_CTYPE -u ESCDELAY -u KEFU_STORE
              LANG=C.UTF-8 TERM=xterm-256color KEFU_NOW="$KEFU_NOW_FIXED"
              XDG_CONFIG_HOME="$E2E_TMP/config" HOME="$E2E_TMP/home")
    trap e2e_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    # An idle session keeps the server up: killing the last session makes tmux exit, and a
    # new-session right then races the dying server ("server exited unexpectedly").
    tm new-session -d -s keeper -x 120 -y 40 'sleep 3600' \
        || { echo "not ok - setup: cannot start a tmux server (tmux -L $E2E_SOCKET)" >&2; exit 1; }
}

# The environment every kefu run gets: fixed start time, private config and home; no locale or
# Esc-delay settings leak in from the caller (LC_ALL=C would override LANG and stop the inbox).
# Set by e2e_init.
KEFU_ENV=()
kefu_env() { "${KEFU_ENV[@]}" "$@"; }

# The private config.toml, signed as the test shop ([store], [agent], [mail] from); the rest of the
# [mail] section and further sections come on stdin.
write_config_toml() {
    mkdir -p "$E2E_TMP/config/kefu"
    { printf '[store]\nname = "Lumen Home"\n[agent]\nname = "Lin"\n[mail]\nfrom = "support@lumen-home.example"\n'; cat; } \
        >"$E2E_TMP/config/kefu/config.toml"
}

# kefu outside tmux (list, show, ...): same environment, no terminal.
kefu_cli() { kefu_env "$KEFU_BIN" "$@" </dev/null; }

launch() {
    local name=$1; shift
    local inner
    inner="$(printf '%q ' "${KEFU_ENV[@]}" "$KEFU_BIN" "$@")"
    inner+='; echo KEFU-EXIT=$?; sleep 600'
    tm new-session -d -s "$name" -x 120 -y 40 "bash -c $(printf '%q' "$inner")" \
        || fail "tmux could not start session $name"
    E2E_TARGET="$name"
}

use() { E2E_TARGET="$1"; }
keys() { tm send-keys -t "$E2E_TARGET" "$@"; }
type_text() { tm send-keys -t "$E2E_TARGET" -l -- "$1"; }
capture() { tm capture-pane -p -t "$E2E_TARGET"; }
capture_e() { tm capture-pane -p -e -t "$E2E_TARGET"; }
pane_format() { tm display-message -p -t "$E2E_TARGET" "$1"; }

step() { E2E_STEP="$1"; }
ok() { echo "ok - $E2E_STEP${1:+ # $1}"; }

fail() {
    echo "not ok - $E2E_STEP: $*" >&2
    if [[ -n "$E2E_TARGET" ]]; then
        local size
        size=$(pane_format '#{pane_width}x#{pane_height}' 2>/dev/null || echo '?')
        echo "---- pane $E2E_TARGET ($size) ----" >&2
        capture >&2 2>/dev/null || echo "(no pane: the tmux session is gone)" >&2
        echo "---- end of pane ----" >&2
    fi
    exit 1
}

now_ms() {
    if [[ -n "${EPOCHREALTIME:-}" ]]; then
        local t=${EPOCHREALTIME/[.,]/}
        echo $((t / 1000))
    else
        date +%s%3N
    fi
}

# wait_until DESCRIPTION TIMEOUT_SECONDS COMMAND...: polls every 0.1 s.
wait_until() {
    local desc=$1 timeout=$2; shift 2
    local deadline=$(( $(now_ms) + ${timeout%.*} * 1000 ))
    while true; do
        if "$@"; then return 0; fi
        if (( $(now_ms) >= deadline )); then fail "timed out after ${timeout}s waiting for $desc"; fi
        sleep 0.1
    done
}

screen_has() { local pane; pane=$(capture 2>/dev/null) || return 1; [[ "$pane" == *"$1"* ]]; }
screen_lacks() { local pane; pane=$(capture 2>/dev/null) || return 1; [[ "$pane" != *"$1"* ]]; }

wait_for() { wait_until "\"$1\" on screen" "${2:-10}" screen_has "$1"; }
wait_gone() { wait_until "\"$1\" to leave the screen" "${2:-10}" screen_lacks "$1"; }

# Regex-quote a literal (for pgrep -f patterns).
re_quote() { printf '%s' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'; }

# kefu_pid STORE: the pid of the one `kefu --store STORE` process (fails unless exactly one). Only
# kefu itself: its command line starts with the binary (tmux and bash -c lines hold the path too).
kefu_pid() {
    local pattern pids
    pattern="^$(re_quote "$KEFU_BIN") --store $(re_quote "$1")\$"
    pids=$(pgrep -f -- "$pattern" || true)
    [[ -n "$pids" && "$pids" != *$'\n'* ]] || fail "expected one kefu process for $1, found: '${pids//$'\n'/ }'"
    echo "$pids"
}

# PostgreSQL tests: `pg_require NAME` (before e2e_init) skips the test with a printed line when
# KEFU_TEST_PG_URL is unset, and fails instead under CI/KEFU_CI (.ci/run starts a server). `pg_schema`
# (after e2e_init) makes a schema of the test's own, dropped at exit, and sets PG to a URL that uses it;
# the PostgreSQL store's local working directory goes under E2E_TMP.
pg_require() {
    [[ -n "${KEFU_TEST_PG_URL:-}" ]] && return 0
    if [[ -n "${CI:-}" || "${KEFU_CI:-}" == 1 ]]; then echo "not ok - setup: KEFU_TEST_PG_URL is not set in CI" >&2; exit 1; fi
    echo "ok - SKIPPED $1: no PostgreSQL (set KEFU_TEST_PG_URL, e.g. by running .ci/run)"
    exit 0
}
pg_schema() {
    PG_SCHEMA="e2e_$$"
    psql -qX "$KEFU_TEST_PG_URL" -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null || fail "cannot create schema $PG_SCHEMA"
    trap 'rc=$?; psql -qX "$KEFU_TEST_PG_URL" -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1; (exit $rc); e2e_cleanup' EXIT
    local sep='?'
    [[ "$KEFU_TEST_PG_URL" == *\?* ]] && sep='&'
    PG="$KEFU_TEST_PG_URL${sep}options=-csearch_path%3D$PG_SCHEMA"
    export XDG_DATA_HOME="$E2E_TMP/data"
}
