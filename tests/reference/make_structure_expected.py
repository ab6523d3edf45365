#!/usr/bin/env python3
"""Clique census and strong components of the published test networks, by NetworkX.

Writes tests/reference/expected/structure.json: for each network, the number of maximal
cliques of at least three nodes (UCINET's clique census, minimum size 3), how many of them
each node belongs to, and, for directed networks, the number of strongly connected
components. Cliques are found on the underlying undirected graph, as Kith finds them.

Run from the repository root: python3 tests/reference/make_structure_expected.py
"""
import json
import os

import networkx as nx

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
NETWORKS = ["karate", "florentine", "lesmis", "directed"]
MIN_CLIQUE = 3


def main():
    out = {}
    for name in NETWORKS:
        g = nx.read_graphml(os.path.join(ROOT, "tests", "data", name, f"{name}.graphml"))
        und = nx.Graph(g.to_undirected()) if g.is_directed() else nx.Graph(g)
        und.remove_edges_from(list(nx.selfloop_edges(und)))
        cliques = [c for c in nx.find_cliques(und) if len(c) >= MIN_CLIQUE]
        per_node = {v: 0 for v in und.nodes}
        for c in cliques:
            for v in c:
                per_node[v] += 1
        entry = {
            "cliques": len(cliques),
            "largest_clique": max((len(c) for c in cliques), default=0),
            "node_cliques": dict(sorted(per_node.items())),
        }
        if g.is_directed():
            entry["strong_components"] = nx.number_strongly_connected_components(g)
        out[name] = entry
    path = os.path.join(ROOT, "tests", "reference", "expected", "structure.json")
    with open(path, "w") as f:
        json.dump({"networkx": nx.__version__, "min_clique": MIN_CLIQUE, "networks": out},
                  f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
