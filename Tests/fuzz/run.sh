#!/usr/bin/env bash
# libFuzzer on kefu's parsers, outside CI (CI runs the seeded mutation test instead:
# `swift test --filter FuzzTests`, Tests/KefuCoreTests/FuzzTests.swift).
#
#   Tests/fuzz/run.sh TARGET [SECONDS]     TARGET: mime | jsonl | orders | toml | keymap | all   (default 300 s)
#
# Builds KefuCore's (and for keymap KefuInbox's) sources with `swiftc -sanitize=fuzzer,address` into
# .build-fuzz/ (ignored by git) as static libraries, links one harness per target
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
# Tests/KefuCoreTests/Fixtures/fuzz/TARGET/ with a name saying what it is: FuzzTests (KeymapFuzzTests
# for keymap) replays every file there on each `swift test`. Reproduce one with `.build-fuzz/TARGET FILE`.
# Needs a Swift toolchain with libFuzzer (Swift 6.x on Linux ships it; Apple's Xcode toolchain does not).
# Environment: FUZZ_JOBS (parallel fork-mode workers, default 1), FUZZ_OPT (default -O), FUZZ_MAX_LEN (default 65536).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: Tests/fuzz/run.sh mime|jsonl|orders|toml|keymap|all [SECONDS]}
seconds=${2:-300}
out=$root/.build-fuzz
fixtures=$root/Tests/KefuCoreTests/Fixtures
opt=${FUZZ_OPT:--O}

if [[ $target == all ]]; then
    for t in mime jsonl orders toml keymap; do "$0" "$t" "$seconds"; done
    exit 0
fi
case $target in
    mime) seeds=("$fixtures/mail") ;;
    jsonl) seeds=("$fixtures/jsonl") ;;
    orders) seeds=("$fixtures/orders") ;;
    toml) seeds=("$fixtures/config") ;;
    keymap) seeds=("$root/Keymaps") ;;
    *) echo "run.sh: unknown target '$target' (mime, jsonl, orders, toml, keymap, all)" >&2; exit 1 ;;
esac
[[ -d $fixtures/fuzz/$target ]] && seeds+=("$fixtures/fuzz/$target")

mkdir -p "$out/lib" "$out/corpus/$target" "$out/findings/$target"
flags=(-sanitize=fuzzer,address -swift-version 6 "$opt" -g)

# The library, rebuilt when a source is newer than it.
lib=$out/lib/libKefuCore.a
sources=$(find "$root/Sources/KefuCore" -name '*.swift' | sort)
if [[ ! -f $lib ]] || [[ -n $(find "$root/Sources/KefuCore" "$root/Tests/fuzz/BundleStub.swift" -newer "$lib" -name '*.swift' | head -1) ]]; then
    echo "run.sh: building KefuCore with -sanitize=fuzzer,address (a few minutes)…" >&2
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -parse-as-library -enable-testing -wmo -module-name KefuCore \
        -emit-module -emit-module-path "$out/lib/KefuCore.swiftmodule" -emit-library -static -o "$lib" \
        $sources "$root/Tests/fuzz/BundleStub.swift" 2> >(grep -v 'Cannot export local symbol' >&2)
fi
libs=("$lib")
if [[ $target == keymap ]]; then
    inbox=$out/lib/libKefuInbox.a
    if [[ ! -f $inbox || $lib -nt $inbox || -n $(find "$root/Sources/KefuInbox" -newer "$inbox" -name '*.swift' | head -1) ]]; then
        echo "run.sh: building KefuInbox with -sanitize=fuzzer,address…" >&2
        # shellcheck disable=SC2046
        swiftc "${flags[@]}" -parse-as-library -enable-testing -wmo -module-name KefuInbox -I "$out/lib" \
            -emit-module -emit-module-path "$out/lib/KefuInbox.swiftmodule" -emit-library -static -o "$inbox" \
            $(find "$root/Sources/KefuInbox" -name '*.swift' | sort) 2> >(grep -v 'Cannot export local symbol' >&2)
    fi
    libs=("$inbox" "$lib")
fi
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
