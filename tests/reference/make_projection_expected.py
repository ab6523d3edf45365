#!/usr/bin/env python3
"""Reference values for Kith's two-mode projections (src/analysis/projection.rs).

What it makes (path relative to the repository root):

  tests/reference/expected/projection.json

Expected values, for Davis Southern Women (networkx.davis_southern_women_graph(): 18 women and
14 events E1..E14, the network of tests/data/davis/):

  count     networkx.bipartite.weighted_projected_graph(B, nodes): weight = number of shared
            neighbours of the other mode
  ratio     networkx.bipartite.weighted_projected_graph(B, nodes, ratio=True): weight = shared
            neighbours / number of nodes of the other mode
  newman    networkx.bipartite.collaboration_weighted_projected_graph(B, nodes): weight = sum
            over shared neighbours w of 1 / (deg(w) - 1)
  users     per event, its degree in B (how many women attended); per woman, how many events
            she attended

each for `women` (nodes = the 18 women) and `events` (nodes = the 14 events).  A projection
is a list of [u, v, weight] with u < v by string comparison, sorted; `isolates` lists the
projected nodes without a tie (none in Davis: NetworkX keeps them, and so does Kith).

Requirements: networkx 3.6.1 (see README.md).  Run from the repository root:

  python3 tests/reference/make_projection_expected.py

The output is deterministic: no randomness, no timestamps, the string hash seed fixed to 0.
"""

import json
import os
import sys

import networkx as nx
from networkx.algorithms import bipartite

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXPECTED = os.path.join(ROOT, "tests", "reference", "expected")


def edges(g):
    out = []
    for u, v, w in g.edges(data="weight"):
        a, b = sorted([u, v])
        out.append([a, b, w])
    return sorted(out)


def projections(b, nodes):
    count = bipartite.weighted_projected_graph(b, nodes)
    return {
        "nodes": sorted(nodes),
        "count": edges(count),
        "ratio": edges(bipartite.weighted_projected_graph(b, nodes, ratio=True)),
        "newman": edges(bipartite.collaboration_weighted_projected_graph(b, nodes)),
        "isolates": sorted(n for n in count if count.degree(n) == 0),
        "users": {n: b.degree(n) for n in sorted(nodes)},
    }


def main():
    # The Newman weights are sums over a set of shared neighbours, whose order (and so the
    # last digit of the sum) follows string hashing: fix the hash seed.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:])
    b = nx.davis_southern_women_graph()
    women = [n for n, d in b.nodes(data="bipartite") if d == 0]
    events = [n for n, d in b.nodes(data="bipartite") if d == 1]
    out = {
        "notes": __doc__.split("Expected values")[1].split("Requirements:")[0].strip(),
        "networkx": nx.__version__,
        "davis": {
            "women": projections(b, women),
            "events": projections(b, events),
        },
    }
    text = json.dumps(out, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    path = os.path.join(EXPECTED, "projection.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text + "\n")
    print("wrote tests/reference/expected/projection.json")


if __name__ == "__main__":
    main()
