# Sourced by the scripts: makes `uv` available, installing it from PyPI when the machine lacks it.
if command -v uv >/dev/null 2>&1; then
  uv() { command uv "$@"; }
else
  if ! python3 -m uv --version >/dev/null 2>&1; then
    echo "installing uv" >&2
    python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
  fi
  uv() { python3 -m uv "$@"; }
fi
