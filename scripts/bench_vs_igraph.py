#!/usr/bin/env python3
"""Kith against igraph, in one run on one machine.

1. Exact betweenness on NetworkX's powerlaw_cluster_graph(20000, 5, 0.3): Kith's
   betweenness (with closeness, which it gets from the same pass) timed inside
   `examples/bench_betweenness.rs`, on one thread and on all threads, against
   python-igraph's Graph.betweenness() (C, one thread) timed inside Python. Reading the file
   is left out of both.
2. The whole `kith metrics` run on powerlaw_cluster_graph(5000, 5, 0.3): the process, from
   reading the edge list to writing the CSV, against igraph reading the same edge list and
   computing the same set (betweenness, closeness, constraint, eigenvector centrality,
   PageRank, articulation points, components, Leiden by modularity) and writing a CSV,
   timed inside Python (the interpreter's start and imports are not counted against
   igraph).

Runs alternate (Kith, igraph, Kith, igraph, ...) so that both see the same machine load, and
each figure is the fastest of its runs. Also checks that both compute the same
betweenness. Prints a table and writes the figures as JSON (--json FILE).

    pip install networkx==3.6.1 igraph==1.0.0
    python3 scripts/bench_vs_igraph.py [--repeats 3] [--quick] [--json out.json]

--quick uses 5,000 and 2,000 nodes instead (a check that the script works).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import igraph as ig
import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build():
    subprocess.run(
        ["cargo", "build", "--release", "--no-default-features", "--bin", "kith",
         "--example", "bench_betweenness"],
        cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return (os.path.join(target, "release", "kith"),
            os.path.join(target, "release", "examples", "bench_betweenness"))


def write_graph(n, path):
    g = nx.powerlaw_cluster_graph(n, 5, 0.3, seed=1)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "target"])
        for u, v in g.edges():
            w.writerow([u, v])
    return g.number_of_nodes(), g.number_of_edges()


def read_igraph(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    names = {}
    edges = []
    for a, b in rows:
        ia = names.setdefault(a, len(names))
        ib = names.setdefault(b, len(names))
        edges.append((ia, ib))
    g = ig.Graph(n=len(names), edges=edges)
    g.vs["name"] = list(names)
    return g


def kith_betweenness(example, path, threads):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    out = subprocess.run([example, path], check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)


def igraph_betweenness(path):
    g = read_igraph(path)
    start = time.perf_counter()
    b = g.betweenness(directed=False)
    return {"seconds": time.perf_counter() - start, "max_betweenness": max(b)}


def kith_metrics(kith, path, out, threads):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    start = time.perf_counter()
    subprocess.run([kith, "metrics", path, "-o", out], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def igraph_metrics(path, out):
    start = time.perf_counter()
    g = read_igraph(path)
    between = g.betweenness(directed=False)
    close = g.closeness()
    constraint = g.constraint()
    eigen = g.eigenvector_centrality(scale=False)
    pagerank = g.pagerank()
    cut = set(g.articulation_points())
    comps = g.connected_components().membership
    leiden = g.community_leiden(objective_function="modularity", n_iterations=-1).membership
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "betweenness", "closeness", "constraint", "eigenvector", "pagerank",
                    "cut_point", "component", "community"])
        for v in range(g.vcount()):
            w.writerow([g.vs[v]["name"], repr(between[v]), repr(close[v]), repr(constraint[v]),
                        repr(eigen[v]), repr(pagerank[v]), v in cut, comps[v], leiden[v]])
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args()
    kith, example = build()
    big, small = (5000, 2000) if args.quick else (20000, 5000)
    with tempfile.TemporaryDirectory() as tmp:
        big_path = os.path.join(tmp, f"plc{big}.csv")
        small_path = os.path.join(tmp, f"plc{small}.csv")
        big_size = write_graph(big, big_path)
        small_size = write_graph(small, small_path)
        print(f"betweenness graph: powerlaw_cluster_graph({big}, 5, 0.3): "
              f"{big_size[0]} nodes, {big_size[1]} edges", flush=True)
        k1, k2, ib = [], [], []
        for r in range(args.repeats):
            a = kith_betweenness(example, big_path, 1)
            b = kith_betweenness(example, big_path, None)
            c = igraph_betweenness(big_path)
            rel = abs(a["max_betweenness"] - c["max_betweenness"]) / c["max_betweenness"]
            assert rel < 1e-9, f"betweenness differs: {a} vs {c}"
            k1.append(a["seconds"])
            k2.append(b["seconds"])
            ib.append(c["seconds"])
            print(f"  run {r + 1}: kith 1 thread {a['seconds']:.2f} s, kith all threads "
                  f"{b['seconds']:.2f} s, igraph {c['seconds']:.2f} s", flush=True)
        print(f"whole metrics run: powerlaw_cluster_graph({small}, 5, 0.3): "
              f"{small_size[0]} nodes, {small_size[1]} edges", flush=True)
        m1, m2, im = [], [], []
        for r in range(args.repeats):
            a = kith_metrics(kith, small_path, os.path.join(tmp, "kith.csv"), 1)
            b = kith_metrics(kith, small_path, os.path.join(tmp, "kith.csv"), None)
            c = igraph_metrics(small_path, os.path.join(tmp, "igraph.csv"))
            m1.append(a)
            m2.append(b)
            im.append(c)
            print(f"  run {r + 1}: kith 1 thread {a:.2f} s, kith all threads {b:.2f} s, "
                  f"igraph {c:.2f} s", flush=True)
    res = {
        "machine_cpus": os.cpu_count(),
        "igraph": ig.__version__,
        "networkx": nx.__version__,
        "betweenness": {
            "nodes": big_size[0], "edges": big_size[1],
            "kith_1_thread_s": min(k1), "kith_all_threads_s": min(k2), "igraph_s": min(ib),
            "speedup_1_thread": min(ib) / min(k1), "speedup_all_threads": min(ib) / min(k2),
        },
        "metrics_run": {
            "nodes": small_size[0], "edges": small_size[1],
            "kith_1_thread_s": min(m1), "kith_all_threads_s": min(m2), "igraph_s": min(im),
            "speedup_1_thread": min(im) / min(m1), "speedup_all_threads": min(im) / min(m2),
        },
    }
    b, m = res["betweenness"], res["metrics_run"]
    print()
    print(f"{'':28}{'kith 1 thread':>15}{'kith all':>12}{'igraph':>10}{'ratio 1t':>10}"
          f"{'ratio all':>11}")
    print(f"{'betweenness ' + str(b['nodes']):28}{b['kith_1_thread_s']:>14.2f}s"
          f"{b['kith_all_threads_s']:>11.2f}s{b['igraph_s']:>9.2f}s"
          f"{b['speedup_1_thread']:>9.2f}x{b['speedup_all_threads']:>10.2f}x")
    print(f"{'metrics run ' + str(m['nodes']):28}{m['kith_1_thread_s']:>14.2f}s"
          f"{m['kith_all_threads_s']:>11.2f}s{m['igraph_s']:>9.2f}s"
          f"{m['speedup_1_thread']:>9.2f}x{m['speedup_all_threads']:>10.2f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
