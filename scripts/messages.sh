#!/usr/bin/env bash
# Refresh the Dutch translation catalogues and compile them (needs GNU gettext).
# Each app keeps its own catalogue in <app>/locale/; the project-wide templates and
# g40/ keep theirs in locale/. Commit the .po and the compiled .mo files, so that a
# fresh machine needs no gettext.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
apps=(accounts audit outbox pillars members themegroups networkdays participation membership lobby knowledge letters api)
for app in "${apps[@]}"; do
  mkdir -p "$app/locale"
  (cd "$app" && "../$PY" ../manage.py makemessages -l nl -e html,txt,py,xsl --no-location --no-obsolete -v0)
done
ignores=(-i ".venv/*" -i "tests/*" -i "scripts/*" -i "staticfiles/*")
for app in "${apps[@]}"; do ignores+=(-i "$app/*"); done
"$PY" manage.py makemessages -l nl --no-location --no-obsolete -v0 "${ignores[@]}"
"$PY" manage.py compilemessages -v0 -i ".venv"
echo "Catalogues refreshed. Untranslated entries:"
for po in locale/nl/LC_MESSAGES/django.po */locale/nl/LC_MESSAGES/django.po; do
  [ -f "$po" ] || continue
  count=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  # the header counts as one msgid
  echo "  $po: $((count > 0 ? count - 1 : 0))"
done
