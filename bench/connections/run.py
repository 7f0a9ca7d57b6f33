#!/usr/bin/env python3
"""Benchmark: `porttutor connections` against ss and netstat with 10,000 established
loopback connections (20,000 sockets) held open, plus the in-process cost of the
Connections pane's refresh at that size.

    python3 bench/connections/run.py [--connections N] [--runs N] [--no-build] [--static-stdlib]

Run as root from the package directory. It builds the release binary (unless
--no-build), compiles and starts bench/connections/hold_connections.c, times every
command --runs times in interleaved rounds (stdout to /dev/null), and prints medians,
90th percentiles and ratios; then runs `porttutor connections --measure-refresh` for
the pane. Results are also written to bench/out/connections-results.md.

--static-stdlib builds with `--static-swift-stdlib` (in .build-static), which halves
porttutor's process start-up; the default is the ordinary release build.
"""
import argparse, os, signal, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(ROOT, "bench", "out")
PORTTUTOR = os.path.join(ROOT, ".build", "release", "porttutor")
HELPER = os.path.join(OUT, "hold_connections")
PORT = 18250  # the connections bench port (range 18200-18299)


def sh(args, **kw):
    return subprocess.run(args, check=True, **kw)


def timed(args):
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--refreshes", type=int, default=40)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--static-stdlib", action="store_true")
    opts = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)

    global PORTTUTOR
    build = ["swift", "build", "-c", "release", "--product", "porttutor"]
    if opts.static_stdlib:
        build += ["--static-swift-stdlib", "--scratch-path", os.path.join(ROOT, ".build-static")]
        PORTTUTOR = os.path.join(ROOT, ".build-static", "release", "porttutor")
    if not opts.no_build:
        sh(build, cwd=ROOT)
    sh(["cc", "-O2", "-Wall", "-o", HELPER, os.path.join(HERE, "hold_connections.c")])
    floor = os.path.join(OUT, "kernel_floor")
    sh(["cc", "-O2", "-Wall", "-o", floor, os.path.join(HERE, "kernel_floor.c")])

    helper = subprocess.Popen([HELPER, "-n", str(opts.connections), "-p", str(PORT)],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        ready = helper.stdout.readline().split()
        if not ready or ready[0] != "ready":
            sys.exit("hold_connections did not start: %r" % ready)
        summary = subprocess.run(["ss", "-s"], capture_output=True, text=True).stdout.splitlines()[1]
        report = []
        def say(line=""):
            print(line)
            report.append(line)

        say("# connections benchmark")
        say()
        say("- date: %s" % time.strftime("%Y-%m-%d %H:%M"))
        say("- kernel: %s" % os.uname().release)
        say("- cpus: %d" % os.cpu_count())
        say("- held: %d established loopback connections (%d sockets); ss -s: `%s`"
            % (opts.connections, 2 * opts.connections, summary.strip()))
        dynamic = "libswiftCore" in subprocess.run(["objdump", "-p", PORTTUTOR], capture_output=True, text=True).stdout
        say("- porttutor build: release%s" % (" (Swift runtime and Foundation linked dynamically)" if dynamic else ", --static-swift-stdlib"))
        say("- runs per command: %d, interleaved; times are wall-clock per process, stdout to /dev/null" % opts.runs)
        say()

        # Same table? (Other programs may open or close sockets between the two reads.)
        ours = subprocess.run([PORTTUTOR, "connections", "-tan"], capture_output=True, text=True).stdout
        theirs = subprocess.run(["ss", "-tan"], capture_output=True, text=True).stdout
        same = "identical" if ours == theirs else "different (%d vs %d lines)" % (ours.count("\n"), theirs.count("\n"))
        say("- `porttutor connections -tan` vs `ss -tan` output: %s, %d lines" % (same, ours.count("\n")))
        say()

        lesson = "( sport = :8080 or dport = :8080 )"
        groups = [
            ("-tan", [[PORTTUTOR, "connections", "-tan"], ["ss", "-tan"], ["netstat", "-tan"]]),
            ("-tanp", [[PORTTUTOR, "connections", "-tanp"], ["ss", "-tanp"], ["netstat", "-tanp"]]),
            ("filter", [[PORTTUTOR, "connections", "-tn", lesson], ["ss", "-tn", lesson]]),
            ("start-up", [[PORTTUTOR, "--version"], ["ss", "-V"]]),
        ]
        say("| command | median ms | p90 ms | porttutor / this |")
        say("|---|---:|---:|---:|")
        for _, commands in groups:
            samples = {tuple(c): [] for c in commands}
            for c in commands:
                timed(c)  # warm caches once
            for _ in range(opts.runs):
                for c in commands:
                    samples[tuple(c)].append(timed(c))
            medians = {k: statistics.median(v) for k, v in samples.items()}
            ours_median = medians[tuple(commands[0])]
            for c in commands:
                v = sorted(samples[tuple(c)])
                p90 = v[min(len(v) - 1, int(len(v) * 0.9))]
                name = " ".join(["porttutor"] + c[1:]) if c[0] == PORTTUTOR else " ".join(c)
                ratio = "" if c[0] == PORTTUTOR else "%.2f" % (ours_median / medians[tuple(c)])
                say("| `%s` | %.1f | %.1f | %s |" % (name, medians[tuple(c)], p90, ratio))
        say()

        say("In-process pane refresh (`porttutor connections --measure-refresh %d`):" % opts.refreshes)
        say()
        for flags, count, sources in (("-tan", opts.refreshes, ("auto", "proc")),
                                      ("-tanp", max(5, opts.refreshes // 4), ("auto",)),
                                      ("-tn '%s'" % lesson, opts.refreshes, ("auto",))):
            for source in sources:
                args = flags.split(" ", 1)
                if len(args) == 2:
                    args = [args[0], lesson]
                text = subprocess.run([PORTTUTOR, "connections"] + args + ["--source", source,
                                       "--measure-refresh", str(count)], capture_output=True, text=True).stdout
                say("`%s --source %s`:" % (flags, source))
                say("```")
                for line in text.strip().splitlines():
                    say(line)
                say("```")
        say("The kernel's own share (`kernel_floor`: the same netlink dumps from C, counting messages only):")
        say()
        say("```")
        for line in subprocess.run([floor, "15"], capture_output=True, text=True).stdout.strip().splitlines():
            say(line)
        say("```")
        with open(os.path.join(OUT, "connections-results.md"), "w") as f:
            f.write("\n".join(report) + "\n")
    finally:
        os.killpg(helper.pid, signal.SIGTERM)
        helper.wait()


if __name__ == "__main__":
    main()
