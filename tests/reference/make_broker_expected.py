#!/usr/bin/env python3
"""Expected brokers of Kith's default broker rule on the published networks, by NetworkX.

What it makes: tests/reference/expected/brokers.json, for karate, florentine and lesmis as
read from tests/data/<name>/<name>.graphml, unweighted.

The rule (kith::analysis::broker, `BrokerRule::default()`), written out here from its
definition:

  pendant     a node with exactly one neighbour (these networks have no respondents and
              alters, so every pendant counts as "someone tied to nobody else").
  cut point   networkx.articulation_points; it is a broker when removing it leaves at least
              two of its non-pendant neighbours in different components.
  path share  networkx.betweenness_centrality(normalized=False) on the graph without the
              pendants, divided by (m - 1)(m - 2) / 2 where m is the number of nodes with at
              least one neighbour in the whole graph.
  constraint  networkx.constraint on the whole graph; the limit is the median (linear
              interpolation) over the nodes that have one (isolates have none).
  broker      a connecting cut point, or path share >= 0.1 with constraint below the median.

Also recorded: the brokers of the classic rule (every cut point, or the top 5% by
betweenness with constraint below the median), to show what changed.

Requirements: networkx 3.6.1.  Run from the repository root:

  python3 tests/reference/make_broker_expected.py
"""

import json
import math
import os
import statistics

import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARE = 0.1


def read(name):
    g = nx.read_graphml(os.path.join(ROOT, "tests", "data", name, name + ".graphml"))
    # Node ids are the GraphML ids; Kith's tests look nodes up by id.
    return nx.Graph(g)


def median_constraint(g):
    c = nx.constraint(g)
    known = sorted(x for x in c.values() if not math.isnan(x))
    return c, statistics.median(known)


def default_brokers(g):
    pendant = {v for v in g if g.degree(v) == 1}
    cut = set(nx.articulation_points(g))
    connecting = set()
    for v in cut:
        h = g.copy()
        h.remove_node(v)
        comp = {}
        for i, part in enumerate(nx.connected_components(h)):
            for x in part:
                comp[x] = i
        parts = {comp[w] for w in g.neighbors(v) if w not in pendant}
        if len(parts) >= 2:
            connecting.add(v)
    core = g.subgraph([v for v in g if v not in pendant])
    b = nx.betweenness_centrality(core, normalized=False)
    m = sum(1 for v in g if g.degree(v) > 0)
    pairs = (m - 1) * (m - 2) / 2
    share = {v: b.get(v, 0.0) / pairs for v in g}
    c, limit = median_constraint(g)
    central = {
        v for v in g
        if share[v] > 0 and share[v] >= SHARE - 1e-12 and not math.isnan(c[v]) and c[v] < limit
    }
    return sorted(connecting | central), {v: share[v] for v in sorted(g)}


def classic_brokers(g):
    cut = set(nx.articulation_points(g))
    b = nx.betweenness_centrality(g, normalized=False)
    n = g.number_of_nodes()
    take = min(n, math.ceil(0.05 * n))
    threshold = sorted(b.values(), reverse=True)[take - 1]
    c, limit = median_constraint(g)
    central = {
        v for v in g
        if b[v] > 0 and b[v] >= threshold and not math.isnan(c[v]) and c[v] < limit
    }
    return sorted(cut | central)


def main():
    out = {"notes": __doc__.split("The rule")[1].split("Requirements:")[0].strip()}
    for name in ["karate", "florentine", "lesmis"]:
        g = read(name)
        brokers, shares = default_brokers(g)
        out[name] = {
            "brokers": brokers,
            "classic_brokers": classic_brokers(g),
            "path_share": shares,
        }
    path = os.path.join(ROOT, "tests", "reference", "expected", "brokers.json")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(out, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    print("wrote tests/reference/expected/brokers.json")


if __name__ == "__main__":
    main()
