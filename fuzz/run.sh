#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (60 by default), its corpus seeded from
# the shared material (copied here at run time, never committed), and exits
# non-zero when one crashes, leaving the reproducer in fuzz/artifacts/<target>/.
#
#   fuzz/run.sh 600        # a 10-minute campaign per target
#
# cargo-fuzz needs nightly features: RUSTC_BOOTSTRAP=1 lets the stable
# toolchain build them. Installs cargo-fuzz when it is missing.
set -euo pipefail
seconds=${1:-60}
cd "$(dirname "$0")"
shared=${FLUENTPRESS_SHARED:-../../shared}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

seed() { # target, then files or folders to copy
    local target=$1
    shift
    mkdir -p "corpus/$target"
    for from in "$@"; do
        [ -e "$from" ] && find "$from" -type f -size -64k -exec cp -n {} "corpus/$target/" \; 2>/dev/null || true
    done
}
seed fluent_check "$shared/corpora/fluent-spec/fluent-spec/test/fixtures" ../locales ../tests/fixtures/faults/locales
seed xliff_import "$shared/corpora/xliff-2.1-test-suite/core" ../tests/fixtures/xliff-2.1-invalid
seed tmx_round_trip "$shared/corpora/tmx-compliance-kit"
seed manifest_layout ../layouts ../fluentpress.toml ../tests/fixtures/clean/layouts
seed tbx_read "$shared/corpora/tbx" ../glossary
# The stack-overflow input of issue 16: 15,000 nested placeables.
python3 -c "n=15000; print('deep = ' + '{'*n + '\$x' + '}'*n)" > corpus/fluent_check/deep-nesting.ftl

cargo fuzz build -O
status=0
for target in fluent_check xliff_import tmx_round_trip manifest_layout tbx_read; do
    echo "== $target: $seconds s"
    if ! cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 \
        -print_final_stats=1 2>&1 | tail -n 25; then
        echo "== $target crashed: see fuzz/artifacts/$target/"
        status=1
    fi
done
exit $status
