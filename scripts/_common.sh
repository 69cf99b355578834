# Shared helpers of the suite's scripts (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDONS_DIR="$ROOT/addons"
PYTHON="${PYTHON:-python3}"

say() { printf '\033[1m[dcs]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[dcs] error:\033[0m %s\n' "$*" >&2; exit 1; }

have_odoo() { "$PYTHON" -c "import odoo.release, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)" 2>/dev/null; }

require_odoo() {
    have_odoo || die "Odoo 18.0 is not importable by $PYTHON. Run scripts/setup.sh first
  (with ODOO_SRC=/path/to/odoo-18.0-source if this machine cannot clone it), or use docker compose."
}

odoo_addons_dir() { "$PYTHON" -c "import odoo, os; print(os.path.join(os.path.dirname(odoo.__file__), 'addons'))"; }

addons_path() { echo "$(odoo_addons_dir),$ADDONS_DIR"; }

# Every installable module of the suite, comma separated (optionally filtered).
suite_modules() {
    "$PYTHON" - "$ADDONS_DIR" "$@" <<'PY'
import ast, os, sys
root, wanted = sys.argv[1], [m for arg in sys.argv[2:] for m in arg.split(",") if m]
mods = []
for name in sorted(os.listdir(root)):
    manifest = os.path.join(root, name, "__manifest__.py")
    if os.path.isfile(manifest) and ast.literal_eval(open(manifest).read()).get("installable", True):
        mods.append(name)
if wanted:
    unknown = set(wanted) - set(mods)
    if unknown:
        sys.exit(f"unknown module(s): {', '.join(sorted(unknown))}")
    mods = [m for m in mods if m in wanted]
print(",".join(mods))
PY
}

ensure_postgres() {
    if pg_isready -q 2>/dev/null; then
        :
    elif command -v pg_lsclusters >/dev/null 2>&1; then
        say "starting PostgreSQL"
        pg_lsclusters -h | while read -r ver name _rest; do
            pg_ctlcluster "$ver" "$name" start 2>/dev/null || true
        done
    elif command -v service >/dev/null 2>&1; then
        service postgresql start >/dev/null 2>&1 || true
    fi
    for _ in $(seq 1 30); do pg_isready -q 2>/dev/null && break; sleep 1; done
    pg_isready -q 2>/dev/null || die "PostgreSQL is not running and could not be started (install it: apt-get install postgresql)"
    # a role for the current OS user (peer authentication on the local socket)
    local me; me="$(id -un)"
    if ! psql -d postgres -Atc "select 1" >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
            su postgres -c "createuser -s '$me'" >/dev/null 2>&1 || true
        fi
        psql -d postgres -Atc "select 1" >/dev/null 2>&1 \
            || die "cannot connect to PostgreSQL as '$me': create the role (createuser -s $me) or set PGHOST/PGUSER"
    fi
}

# A database and its filestore, gone.
drop_db() {
    dropdb --if-exists "$1" >/dev/null 2>&1 || true
    rm -rf "${HOME}/.local/share/Odoo/filestore/$1"
}

# At exit of the test scripts: drop the database $DB, or keep it with KEEP_DB=1.
drop_db_unless_kept() {
    if [ "${KEEP_DB:-0}" != 1 ]; then
        drop_db "$DB"
    else
        say "database kept: $DB"
    fi
}

free_port() { "$PYTHON" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"; }
# free_ports N: the first of N consecutive loopback ports that are all free now
free_ports() {
    "$PYTHON" - "$1" <<'PY'
import random, socket, sys
count = int(sys.argv[1])
for _ in range(200):
    base = random.randrange(20000, 60000 - count)
    sockets = []
    try:
        for port in range(base, base + count):
            sock = socket.socket()
            sockets.append(sock)
            sock.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        for sock in sockets:
            sock.close()
    print(base)
    break
else:
    sys.exit("no free ports")
PY
}

# Prepare the machine when it is not (scripts/setup.sh is idempotent and quick once done).
prepare_machine() {
    if have_odoo && pg_isready -q 2>/dev/null && "$PYTHON" -c "import xlsxwriter, openpyxl, freezegun, websocket" 2>/dev/null \
        && command -v chromium >/dev/null 2>&1; then
        return 0
    fi
    say "preparing this machine (scripts/setup.sh)"
    bash "$ROOT/scripts/setup.sh" || die "scripts/setup.sh could not prepare this machine"
}

# Odoo's log on stdin, one progress line on stderr per module loaded and per test
# module started, so that a long first install is not minutes of silence.
show_progress() {
    awk '
        / odoo\.modules\.loading: Loading module / {
            match($0, /Loading module [^ ]+ \([0-9]+\/[0-9]+\)/)
            printf "\033[1m[dcs]\033[0m %s\n", substr($0, RSTART, RLENGTH) > "/dev/stderr"; fflush("/dev/stderr"); next
        }
        / odoo\.service\.server: Starting post tests/ {
            printf "\033[1m[dcs]\033[0m post-install tests\n" > "/dev/stderr"; fflush("/dev/stderr"); next
        }
        / odoo\.addons\.[a-z0-9_]+\.tests\.[a-z0-9_]+: Starting / {
            match($0, /odoo\.addons\.[a-z0-9_]+\.tests\.[a-z0-9_]+/)
            name = substr($0, RSTART + 12, RLENGTH - 12)
            if (name != last) { printf "\033[1m[dcs]\033[0m   %s\n", name > "/dev/stderr"; fflush("/dev/stderr"); last = name }
            next
        }
        /^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) / {
            print substr($0, 1, 300) > "/dev/stderr"; fflush("/dev/stderr")
        }
    '
}
