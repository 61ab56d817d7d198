#!/usr/bin/env bash
# The prepared device check of issue 22 (docs/gpu.md, tools/gpu/README.md). From the repository root:
#
#     tools/gpu/check.sh [DEVICE]        # DEVICE: cuda (default), simdevice or ilgpu-cpu (slow: CPU-only dry runs)
#
# Uses the repository's Release build when the .NET SDK is here, else the archive tools/gpu/prepare.sh made. Prints a
# table last; exit code 0 when no check failed. Bench sizes: SAE_CHECK_SIZES (default "large xl");
# SAE_CHECK_USE_ARCHIVE=1 uses the archive even where the SDK is (to try it before carrying it); SAE_CHECK_KEEP=DIR
# (default: $OUT when the device tool sets it) receives the logs, the conformance report and bench.jsonl at the end.
set -uo pipefail
device=${1:-cuda}
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=${SAE_CHECK_SIZES:-large xl}
work=$(mktemp -d "${TMPDIR:-/tmp}/sae-gpu-check.XXXXXX")
build="$root/host/SaePlatform.Host/bin/Release/net10.0/sae.dll"
archive="$root/tools/gpu/sae-gpu-check.tar.xz"
rows=()
failed=0

row() { # name verdict detail
    rows+=("$(printf '%-32s %-6s %s' "$1" "$2" "$3")")
    [ "$2" = FAIL ] && failed=1
    echo "== $1: $2 $3" >&2
}

if [ "${SAE_CHECK_USE_ARCHIVE:-0}" != 1 ] && command -v dotnet >/dev/null 2>&1 && [ -f "$build" ]; then
    sae=(dotnet "$build")
elif [ -f "$archive" ]; then
    tar -C "$work" -xJf "$archive" || { echo "cannot unpack $archive" >&2; exit 1; }
    export DOTNET_ROOT="$work/dist/dotnet"
    sae=("$work/dist/dotnet/dotnet" "$work/dist/sae/sae.dll")
else
    echo "No sae build: run 'dotnet build -c Release' (with the SDK) or tools/gpu/prepare.sh and carry $archive." >&2
    exit 2
fi
cd "$root"

# Train the quickstart on a device for 200 steps into $work/$2 (extra --set arguments after).
train() {
    local on=$1 out=$2
    shift 2
    "${sae[@]}" train configs/quickstart.yaml --no-progress --set training.steps=200 --set training.log_every=1 \
        --set "training.device=$on" --set "run.output_dir=$work/$out" --set "visualizers=[]" "$@" > "$work/$out.log" 2>&1
}
weights() { echo "$work/$1/quickstart/synthetic/sae_weights.safetensors"; }
# The overall loss column (total_loss) of a run's training log, one value per line.
losses() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "total_loss") c = i; next } c { print $c }' \
        "$work/$1/quickstart/synthetic_training_log.csv"
}

# 1. Every kernel against the CPU backend, each case twice on the device.
"${sae[@]}" engine check --device "$device" > "$work/conformance.txt" 2>&1
rc=$?
cat "$work/conformance.txt" >&2
if [ $rc -eq 2 ]; then
    row "conformance + determinism" FAIL "$(tail -n 1 "$work/conformance.txt")"
    for name in "loss trajectory vs cpu" "two runs identical" "resume identical" "bench"; do row "$name" SKIP "needs the device"; done
else
    [ $rc -eq 0 ] && verdict=PASS || verdict=FAIL
    row "conformance + determinism" $verdict "$(tail -n 1 "$work/conformance.txt")"

    # 2. 200 steps on the CPU and on the device: the same loss at every step within 1e-4 relative.
    if train cpu traj-cpu && train "$device" traj-dev; then
        worst=$(paste <(losses traj-cpu) <(losses traj-dev) | awk '
            { d = $1 - $2; if (d < 0) d = -d; m = $1 < 0 ? -$1 : $1; r = m > 0 ? d / m : d; if (r > w) w = r; n++ }
            END { printf "%d %.3g", n, w }')
        read -r steps rel <<< "$worst"
        if [ "$steps" -eq 200 ] && awk -v r="$rel" 'BEGIN { exit !(r <= 1e-4) }'; then verdict=PASS; else verdict=FAIL; fi
        row "loss trajectory vs cpu" $verdict "$steps steps, worst relative difference $rel (limit 1e-4)"
    else
        row "loss trajectory vs cpu" FAIL "a run failed: $work/traj-cpu.log, $work/traj-dev.log"
    fi

    # 3. The same run twice on the device: the same bits.
    if train "$device" traj-dev2 && cmp -s "$(weights traj-dev)" "$(weights traj-dev2)"; then
        row "two runs identical" PASS "sae_weights.safetensors byte-identical"
    else
        row "two runs identical" FAIL "the second run's weights differ (or it failed: $work/traj-dev2.log)"
    fi

    # 4. Resume from the step-100 checkpoint of a copy: the same weights as the straight run.
    if train "$device" resume --set training.checkpoint_every=100; then
        cp -a "$work/resume" "$work/resumed"
        checkpoint=$(ls -d "$work/resumed/quickstart/synthetic/checkpoints/"*100* 2>/dev/null | head -n 1)
        if [ -n "$checkpoint" ] && train "$device" resumed --set training.checkpoint_every=100 --resume "$checkpoint" \
            && cmp -s "$(weights resume)" "$(weights resumed)"; then
            row "resume identical" PASS "resumed at step 100: weights byte-identical"
        else
            row "resume identical" FAIL "the resumed run differs or failed: $work/resumed.log"
        fi
    else
        row "resume identical" FAIL "the straight run failed: $work/resume.log"
    fi

    # 5. Training-step throughput beside PyTorch on the same device (torch's cuda, or its cpu for simdevice).
    torch_device=cpu
    [ "$device" = cuda ] && torch_device=cuda
    python=""
    for candidate in python3 /usr/bin/python3; do
        if "$candidate" -c "import torch, sys; sys.exit(0 if '$torch_device' == 'cpu' or torch.cuda.is_available() else 1)" >/dev/null 2>&1; then
            python=$candidate
            break
        fi
    done
    # float32 everywhere; on a GPU also TF32 GEMMs on both sides (torch: allow_tf32).
    precisions=fp32
    [ "$device" = cuda ] && precisions="fp32 tf32"
    for precision in $precisions; do
        for size in $sizes; do
            for arch in standard topk; do
                name="bench step/$arch/$size"
                [ "$precision" = fp32 ] || name="$name $precision"
                line=$("${sae[@]}" bench --case "step/$arch/$size" --device "$device" --gemm-precision "$precision" 2>>"$work/bench.log")
                echo "$line" >> "$work/bench.jsonl"
                ours=$(grep -o '"samples_per_second_median":[0-9]*' <<< "$line" | cut -d: -f2)
                theirs=""
                if [ -n "$python" ]; then
                    tf32=()
                    [ "$precision" = tf32 ] && tf32=(--tf32)
                    theirs=$("$python" host/SaePlatform.Host/Cli/Bench/reference/pytorch_step_bench.py --size "$size" --arch "$arch" \
                        --device "$torch_device" --repeats 5 "${tf32[@]}" 2>>"$work/bench.log" | tee -a "$work/bench.jsonl" \
                        | grep -o '"samples_per_second_median": [0-9]*' | cut -d: -f2 | sort -n | tail -n 1 | tr -d ' ')
                fi
                if [ -z "$ours" ]; then
                    row "$name" FAIL "sae bench failed: $work/bench.log"
                elif [ -n "$theirs" ]; then
                    row "$name" INFO "sae $ours samples/s, pytorch ($torch_device, best variant) $theirs samples/s"
                else
                    row "$name" INFO "sae $ours samples/s (no PyTorch with $torch_device here)"
                fi
            done
        done
    done
fi

keep=${SAE_CHECK_KEEP:-${OUT:-}}
if [ -n "$keep" ]; then
    mkdir -p "$keep" && cp "$work"/*.log "$work"/*.txt "$work"/*.jsonl "$keep"/ 2>/dev/null
    { printf '%-32s %-6s %s\n' check verdict detail; printf '%s\n' "${rows[@]}"; } > "$keep/table.txt"
fi

echo
echo "Device check: $device ($(date -u +%Y-%m-%dT%H:%M:%SZ)); files in $work${keep:+ (logs copied to $keep)}"
printf '%-32s %-6s %s\n' check verdict detail
printf '%s\n' "${rows[@]}"
exit $failed
