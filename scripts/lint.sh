#!/usr/bin/env bash
# Lint the suite: ruff (Python style and bugs) and pylint-odoo (OCA's mandatory
# Odoo checks: manifests, translations, SQL injection, XML...). Non-zero on findings.
set -uo pipefail
source "$(dirname "$0")/_common.sh"
cd "$ROOT"
status=0
say "ruff"
"$PYTHON" -m ruff check addons scripts tests || status=1
say "pylint-odoo"
mapfile -t modules < <(find addons -mindepth 2 -maxdepth 2 -name __manifest__.py -printf '%h\n' | sort)
if [ ${#modules[@]} -gt 0 ]; then
    "$PYTHON" -m pylint --rcfile=.pylintrc "${modules[@]}" || status=1
fi
[ $status -eq 0 ] && say "lint: clean" || say "lint: findings above"
exit $status
