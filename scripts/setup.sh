#!/usr/bin/env bash
# Prepare this machine to run the Dealer Channel Suite (idempotent).
#
# 1. Odoo 18.0 importable by python3: kept when it already is; otherwise
#    installed (editable) from $ODOO_SRC, or from a clone of the official
#    18.0 branch when the machine can reach it.
# 2. Python dependencies (requirements.txt), Debian packages (PostgreSQL,
#    Chromium for browser tests, wkhtmltopdf for PDF reports, poppler-utils for
#    the tests that read their text).
# 3. PostgreSQL started, with a role for the current user.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian packages: ${missing[*]}"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        say "warning: missing packages ${missing[*]} (install them with your package manager)"
    fi
}

apt_install postgresql libpq-dev chromium wkhtmltopdf fonts-noto-cjk poppler-utils

if have_odoo; then
    say "Odoo $("$PYTHON" -c 'import odoo.release as r; print(r.version)') is importable: kept"
else
    src="${ODOO_SRC:-}"
    if [ -z "$src" ]; then
        src="${XDG_CACHE_HOME:-$HOME/.cache}/dealer-channel-suite/odoo-18.0"
        if [ ! -f "$src/setup.py" ]; then
            say "cloning Odoo 18.0 into $src"
            git clone --quiet --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$src" 2>/dev/null \
                || die "Odoo 18.0 is not installed and could not be cloned.
  Provide an Odoo 18.0 Community source tree and run again:  ODOO_SRC=/path/to/odoo scripts/setup.sh
  (or run the suite with docker compose, see README.md)."
        fi
    fi
    [ -f "$src/setup.py" ] && [ -d "$src/odoo" ] || die "ODOO_SRC=$src is not an Odoo source tree (no setup.py / odoo/)"
    say "installing Odoo from $src (editable)"
    # compat mode: a plain path entry, so OCA addon wheels extend odoo.addons instead of shadowing it;
    # Odoo first, so that the OCA wheels' requirement "odoo==18.0.*" is met by it, not looked for on PyPI
    "$PYTHON" -m pip install -q -e "$src" --config-settings editable_mode=compat --no-deps
    "$PYTHON" -m pip install -q -r "$ROOT/requirements.txt"
    have_odoo || die "Odoo was installed from $src but is still not importable by $PYTHON"
fi

# Our Python dependencies (no-op when already satisfied)
if ! "$PYTHON" -c "import xlsxwriter, openpyxl, num2words, freezegun, websocket, pytest_odoo" 2>/dev/null \
   || ! "$PYTHON" -c "import importlib.util as u, sys; sys.exit(not (u.find_spec('odoo.addons.queue_job') and u.find_spec('odoo.addons.base_import_async')))" 2>/dev/null \
   || ! "$PYTHON" -m ruff --version >/dev/null 2>&1 || ! "$PYTHON" -c "import pylint_odoo" 2>/dev/null; then
    say "installing Python dependencies (requirements.txt)"
    "$PYTHON" -m pip install -q -r "$ROOT/requirements.txt"
fi

ensure_postgres
say "ready: Odoo $("$PYTHON" -c 'import odoo.release as r; print(r.version)'), PostgreSQL $(psql -d postgres -Atc 'show server_version')"
