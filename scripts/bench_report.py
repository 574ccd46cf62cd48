#!/usr/bin/env python3
"""Summarises the JSON files written by scripts/bench.sh: medians per model and engine, ratios
ours/llama.cpp against the floors of issues 3/4 and the targets of issue 10, time to first token,
peak RSS against GGUF + KV cache + 64 MiB, and the decode roofline against the measured bandwidth.
Standard library only."""
import glob
import json
import os
import statistics
import sys

MIB = 1 << 20
FLOOR = {"prefill": 0.3, "decode": 0.5}  # issues 3 and 4
TARGET = {"prefill": 1.0, "decode": 1.2}  # issue 10
TTFT_TARGET = 1.5  # ours ≤ 1.5 × llama.cpp (issue 10)


def load(path):
    try:
        with open(path) as f:
            return json.loads(f.read().strip() or "{}")
    except (OSError, ValueError):
        return {}


def load_average(path):
    try:
        with open(path) as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def median(rows, key):
    values = [r[key] for r in rows if isinstance(r.get(key), (int, float))]
    return statistics.median(values) if values else None


def fmt(v, digits=1):
    return "-" if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def verdict(r, floor, target):
    if r is None:
        return ""
    marks = ["floor " + ("ok" if r >= floor else "BELOW") + f" ({floor}x)"] if floor else []
    marks.append("target " + ("met" if r >= target else "not met") + f" ({target}x)")
    return ", ".join(marks)


def main():
    out = sys.argv[1]
    note = sys.argv[sys.argv.index("--note") + 1] if "--note" in sys.argv else ""
    membw = load(os.path.join(out, "membw.json"))
    bandwidth = membw.get("read_gb_s")
    models = sorted({os.path.basename(p).split(".ours.")[0] for p in glob.glob(os.path.join(out, "*.ours.*.json"))})
    print()
    print("== Engine (medians of alternating runs; prompt of 512 tokens as one batch, then 128 greedy tokens)")
    if note:
        print(f"NOTE: {note}; our figures only.")
    loads = [load_average(os.path.join(out, f"loadavg.{w}")) for w in ("before", "after")]
    if any(x is not None for x in loads):
        # The runs themselves keep 2 cores busy, so "after" includes about 2 of our own.
        busy = (loads[0] or 0) > 1.0 or (loads[1] or 0) > 3.0
        print("machine load average (1 min) before/after: " + " / ".join(fmt(x, 2) for x in loads)
              + ("  WARNING: other processes were using the CPU; the figures are unreliable" if busy else ""))
    if bandwidth:
        print(f"memory read bandwidth (ollama __membw, 1 GiB, {membw.get('threads')} threads, best of "
              f"{membw.get('passes')}): {bandwidth:.2f} GB/s")
    for model in models:
        ours = [r for r in (load(p) for p in sorted(glob.glob(os.path.join(out, f"{model}.ours.*.json")))) if r]
        ref = [r for r in (load(p) for p in sorted(glob.glob(os.path.join(out, f"{model}.llamacpp.*.json")))) if r]
        if not ours:
            print(f"\n{model}: our engine produced no result")
            continue
        o = {k: median(ours, k) for k in ("prefill_tok_s", "decode_tok_s", "load_ms", "first_token_ms", "ttft_ms",
                                          "peak_rss_bytes")}
        l = {k: median(ref, k) for k in o} if ref else {}
        print(f"\n{model}  ({ours[0].get('architecture', '?')}, {len(ours)} runs ours, {len(ref)} runs llama.cpp, "
              f"{ours[0].get('threads')} threads, n_ctx {ours[0].get('n_ctx')})")
        print(f"  {'':10} {'prefill tok/s':>14} {'decode tok/s':>13} {'load ms':>9} {'1st tok ms':>11} "
              f"{'ttft ms':>9} {'peak RSS MiB':>13}")
        for name, m in (("ours", o), ("llama.cpp", l)):
            if not m:
                continue
            rss = m.get("peak_rss_bytes")
            print(f"  {name:10} {fmt(m['prefill_tok_s']):>14} {fmt(m['decode_tok_s']):>13} {fmt(m['load_ms']):>9} "
                  f"{fmt(m['first_token_ms']):>11} {fmt(m['ttft_ms']):>9} {fmt(rss / MIB if rss else None):>13}")
        print("  runs ours      prefill " + " ".join(fmt(r.get("prefill_tok_s")) for r in ours)
              + " | decode " + " ".join(fmt(r.get("decode_tok_s")) for r in ours))
        if ref:
            print("  runs llama.cpp prefill " + " ".join(fmt(r.get("prefill_tok_s")) for r in ref)
                  + " | decode " + " ".join(fmt(r.get("decode_tok_s")) for r in ref))
            rp = ratio(o["prefill_tok_s"], l["prefill_tok_s"])
            rd = ratio(o["decode_tok_s"], l["decode_tok_s"])
            print(f"  ratio ours/llama.cpp: prefill {fmt(rp, 2)}x [{verdict(rp, FLOOR['prefill'], TARGET['prefill'])}]")
            print(f"                        decode  {fmt(rd, 2)}x [{verdict(rd, FLOOR['decode'], TARGET['decode'])}]")
            rt = ratio(o["ttft_ms"], l["ttft_ms"])
            ok = "met" if rt is not None and rt <= TTFT_TARGET else "not met"
            print(f"  load + first token of \"hi\": ours {fmt(o['ttft_ms'])} ms, llama.cpp {fmt(l['ttft_ms'])} ms, "
                  f"ratio {fmt(rt, 2)}x [target <= {TTFT_TARGET}x {ok}]")
            same = ours[0].get("first_generated") == ref[0].get("first_generated")
            print(f"  first 16 greedy tokens after the prompt identical to llama.cpp's: {'yes' if same else 'no'}")
        # Memory: peak RSS against the mapped file, the KV cache and 64 MiB of working memory.
        gguf = ours[0].get("gguf_bytes", 0)
        kv = ours[0].get("kv_cache_bytes", 0)
        budget = gguf + kv + 64 * MIB
        rss = o["peak_rss_bytes"]
        if rss:
            state = "within" if rss <= budget else "OVER"
            print(f"  peak RSS ours {rss / MIB:.1f} MiB vs GGUF {gguf / MIB:.1f} + KV {kv / MIB:.1f} + 64 MiB = "
                  f"{budget / MIB:.1f} MiB: {state}")
        # Roofline: every weight is read once per decoded token.
        per_token = ours[0].get("weight_bytes_per_token")
        if per_token:
            line = f"  roofline: {per_token / 1e6:.1f} MB of weights per token"
            if bandwidth:
                line += f"; bandwidth limit {bandwidth * 1e9 / per_token:,.0f} tok/s"
            print(line)
            for name, m in (("ours", o), ("llama.cpp", l)):
                if m and m.get("decode_tok_s"):
                    rate = per_token * m["decode_tok_s"] / 1e9
                    share = f" = {100 * rate / bandwidth:.0f}% of {bandwidth:.1f} GB/s" if bandwidth else ""
                    print(f"    {name:10} {m['decode_tok_s']:,.1f} tok/s x {per_token / 1e6:.1f} MB = {rate:.2f} GB/s{share}")


if __name__ == "__main__":
    main()
