#!/usr/bin/env bash
# libFuzzer on kefu's parsers, outside CI (CI runs the seeded mutation test instead:
# `swift test --filter FuzzTests`, Tests/KefuDomainTests/FuzzTests.swift).
#
#   Tests/fuzz/run.sh TARGET [SECONDS]     TARGET: mime | jsonl | orders | toml | keymap | all   (default 300 s)
#
# Builds the domain modules the target needs (Sources/KefuBase up to KefuMail, KefuImport or KefuConfig,
# in the README's module order; for keymap up to KefuPlaybook, then KefuInbox) with
# `swiftc -sanitize=fuzzer,address` into .build-fuzz/ (ignored by git) as static libraries, links one harness per target
# (Tests/fuzz/harness/TARGET.swift, each an `LLVMFuzzerTestOneInput`), seeds it from the test fixtures
# and runs it for SECONDS:
#
#   mime    a Maildir file through MIMEParser, MailClassifier and InboundMessage(mail:)
#   jsonl   a file through JSONLImport.parse (`kefu import FILE`)
#   orders  an order report through OrderReport.parse (`kefu import orders FILE`)
#   toml    config.toml through TOML.parse and KefuConfig.parse (`--config FILE`)
#   keymap  a keymap laid over the default (`--keymap FILE`), every binding then typed
#
# Findings (crash-*, timeout-*, oom-*) land in .build-fuzz/findings/TARGET/. To keep one, copy it to
# Tests/KefuDomainTests/Fixtures/fuzz/TARGET/ with a name saying what it is: FuzzTests (KeymapFuzzTests
# for keymap) replays every file there on each `swift test`. Reproduce one with `.build-fuzz/TARGET FILE`.
# Needs a Swift toolchain with libFuzzer (Swift 6.x on Linux ships it; Apple's Xcode toolchain does not).
# Environment: FUZZ_JOBS (parallel fork-mode workers, default 1), FUZZ_OPT (default -O), FUZZ_MAX_LEN (default 65536).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: Tests/fuzz/run.sh mime|jsonl|orders|toml|keymap|all [SECONDS]}
seconds=${2:-300}
out=$root/.build-fuzz
fixtures=$root/Tests/KefuDomainTests/Fixtures
opt=${FUZZ_OPT:--O}

if [[ $target == all ]]; then
    for t in mime jsonl orders toml keymap; do "$0" "$t" "$seconds"; done
    exit 0
fi
# The domain modules bottom up (README.md, "Module map"); each target builds the ones up to its `top`.
modules=(KefuBase KefuModel KefuCategories KefuMail KefuStore KefuImport KefuConfig KefuPlaybook)
case $target in
    mime) seeds=("$fixtures/mail"); top=KefuMail ;;
    jsonl) seeds=("$fixtures/jsonl"); top=KefuImport ;;
    orders) seeds=("$fixtures/orders"); top=KefuImport ;;
    toml) seeds=("$fixtures/config"); top=KefuConfig ;;
    keymap) seeds=("$root/Keymaps"); top=KefuPlaybook ;;
    *) echo "run.sh: unknown target '$target' (mime, jsonl, orders, toml, keymap, all)" >&2; exit 1 ;;
esac
[[ -d $fixtures/fuzz/$target ]] && seeds+=("$fixtures/fuzz/$target")

mkdir -p "$out/lib" "$out/corpus/$target" "$out/findings/$target"
# `-package-name`: the modules share `package` declarations, as SwiftPM builds them.
flags=(-sanitize=fuzzer,address -swift-version 6 -package-name kefu "$opt" -g)

# Each module a static library, rebuilt when one of its sources (or a module below it) is newer than it.
# KefuPlaybook's `Bundle.module` is SwiftPM's; Tests/fuzz/BundleStub.swift stands in for it.
libs=()
newest=
build_module() { # NAME SOURCE-DIR [EXTRA-FILE]
    local name=$1 dir=$2 extra=${3:-} lib=$out/lib/lib$1.a
    if [[ ! -f $lib || ( -n $newest && $newest -nt $lib ) || -n $(find "$dir" $extra -newer "$lib" -name '*.swift' | head -1) ]]; then
        echo "run.sh: building $name with -sanitize=fuzzer,address…" >&2
        # shellcheck disable=SC2046,SC2086
        swiftc "${flags[@]}" -parse-as-library -enable-testing -wmo -module-name "$name" -I "$out/lib" \
            -emit-module -emit-module-path "$out/lib/$name.swiftmodule" -emit-library -static -o "$lib" \
            $(find "$dir" -name '*.swift' | sort) $extra 2> >(grep -v 'Cannot export local symbol' >&2)
    fi
    libs=("$lib" "${libs[@]}")   # a library before the ones it uses, for the linker
    newest=$lib
}
for m in "${modules[@]}"; do
    extra=; [[ $m == KefuPlaybook ]] && extra=$root/Tests/fuzz/BundleStub.swift
    build_module "$m" "$root/Sources/$m" "$extra"
    [[ $m == "$top" ]] && break
done
[[ $target == keymap ]] && build_module KefuInbox "$root/Sources/KefuInbox"
bin=$out/$target
if [[ ! -f $bin || ${libs[0]} -nt $bin || $root/Tests/fuzz/harness/$target.swift -nt $bin ]]; then
    swiftc "${flags[@]}" -parse-as-library -I "$out/lib" "$root/Tests/fuzz/harness/$target.swift" "${libs[@]}" -o "$bin" \
        2> >(grep -v 'Cannot export local symbol' >&2)
fi

# Swift's own crash handler gets in ASan's way; leaks are not what we hunt.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
cd "$out"
# Fork mode keeps going after a crash or timeout, so one run collects several findings.
status=0
"$bin" "$out/corpus/$target" "${seeds[@]}" \
    -dict="$root/Tests/fuzz/tokens.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -max_len="${FUZZ_MAX_LEN:-65536}" -print_final_stats=1 -artifact_prefix="$out/findings/$target/" \
    -fork="${FUZZ_JOBS:-1}" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 > "$out/$target.log" 2>&1 || status=$?
grep -E 'INFO: (Seed|Loaded)|^#[0-9]+: cov|ERROR:|SUMMARY|Test unit written|crash|timeout|stat::' "$out/$target.log" | tail -25 || true
echo "run.sh: $target: exit $status; log $out/$target.log; findings: $(ls "$out/findings/$target" | wc -l) in $out/findings/$target" >&2
