#!/usr/bin/env python3
"""Reference values for Kith's analysis engine beyond what make_fixtures.py records.

What it makes (paths relative to the repository root):

  tests/data/directed/directed_attributes.csv   attribute table for the `directed` network:
                                            id, group (A/B/C), age; seeded
  tests/data/karate/karate_attributes.csv         karate's `club` attribute as a table: id, club
  tests/data/groups/groups_matrix.csv       a small synthetic neighbourhood network with
                                            isolates (60 people), seeded, as a matrix
  tests/data/groups/groups_attributes.csv       its attribute table: id, employment, wemwbs,
                                            life_satisfaction, age; blanks are missing values
  tests/reference/expected/analysis.json    the expected values below

Expected values:

  brokerage   Gould-Fernandez role counts per node, by BRUTE FORCE over all ordered triples
              (a, b, c), a, b, c distinct: b brokers when a -> b, b -> c and not a -> c.
              An undirected network is read as a digraph with both arcs.  Roles by groups:
              coordinator A(a)=A(b)=A(c); itinerant A(a)=A(c)!=A(b); representative
              A(a)=A(b)!=A(c); gatekeeper A(b)=A(c)!=A(a); liaison all different.
              Cases: karate by `club`, directed by `group`.
  homophily   E-I index (Krackhardt & Stern) by definition: E = ties between groups, I = ties
              within; whole (E-I)/(E+I) and per group g (ties with both ends in g are I_g, ties
              with exactly one end in g are E_g).  Each tie counted once (an arc when directed).
              assortativity = networkx.attribute_assortativity_coefficient;
              numeric_assortativity = networkx.numeric_assortativity_coefficient.
  groups      group comparison of the `groups` network by `employment`: per group n, small
              (n < 5), isolates, isolate_share, mean degree and mean betweenness (NetworkX,
              unnormalised), and per score (wemwbs, life_satisfaction) n, mean and the 95%
              confidence interval scipy.stats.t.interval(0.95, n-1, loc=mean,
              scale=scipy.stats.sem(x)); chi2 = scipy.stats.chi2_contingency(groups x
              {isolate, not}, correction=False); tests = scipy.stats.f_oneway and
              scipy.stats.kruskal over the groups' non-missing scores.  People without an
              employment value are counted in `missing`.

Requirements: networkx 3.6.1, scipy 1.17.1 (see README.md).  Run from the repository root:

  python3 tests/reference/make_analysis_expected.py

The output is deterministic (random.Random with fixed seeds, the string hash seed fixed to 0,
no timestamps).
"""

import json
import os
import random
import sys

import networkx as nx
import scipy.stats as st

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import clean, make_directed, write_rows, write_text  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")
EXPECTED = os.path.join(ROOT, "tests", "reference", "expected")

ROLES = ["coordinator", "itinerant", "gatekeeper", "representative", "liaison"]


# --------------------------------------------------------------------------------------------
# Networks
# --------------------------------------------------------------------------------------------


def directed_groups(g):
    rng = random.Random(7)
    rows = [["id", "group", "age"]]
    attrs = {}
    for n in g:
        group = rng.choice("ABC")
        age = rng.randint(18, 80)
        attrs[n] = (group, age)
        rows.append([n, group, age])
    write_rows(os.path.join(DATA, "directed", "directed_attributes.csv"), rows)
    nx.set_node_attributes(g, {n: a[0] for n, a in attrs.items()}, "group")
    nx.set_node_attributes(g, {n: a[1] for n, a in attrs.items()}, "age")


def groups_network():
    """60 people in four employment groups; the unemployed are more often isolated."""
    rng = random.Random(2024)
    g = nx.Graph()
    people = [f"p{i:02d}" for i in range(60)]
    g.add_nodes_from(people)
    employment = {}
    for i, p in enumerate(people):
        if i < 3:
            employment[p] = "student"  # a small group (n < 5)
        elif i < 8:
            employment[p] = None  # no answer
        else:
            employment[p] = rng.choice(["employed", "unemployed", "retired"])
    isolated = {p for p in people
                if rng.random() < (0.45 if employment[p] == "unemployed" else 0.1)}
    connected = [p for p in people if p not in isolated]
    for i, u in enumerate(connected):
        for v in connected[i + 1:]:
            if rng.random() < 0.08:
                g.add_edge(u, v)
    rows = [["id", "employment", "wemwbs", "life_satisfaction", "age"]]
    for p in people:
        base = {"employed": 52, "unemployed": 43, "retired": 49, "student": 47, None: 48}
        wem = min(70, max(14, round(rng.gauss(base[employment[p]], 7))))
        if p in isolated:
            wem = max(14, wem - 5)
        if rng.random() < 0.1:
            wem = None  # a scale with a missing item is not scored
        life = rng.randint(0, 10) if rng.random() > 0.05 else None
        rows.append([p, employment[p], wem, life, rng.randint(18, 85)])
        g.nodes[p]["employment"] = employment[p]
        g.nodes[p]["wemwbs"] = wem
        g.nodes[p]["life_satisfaction"] = life
    matrix = [[None] + people]
    for u in people:
        matrix.append([u] + [1 if g.has_edge(u, v) else 0 for v in people])
    os.makedirs(os.path.join(DATA, "groups"), exist_ok=True)
    write_rows(os.path.join(DATA, "groups", "groups_matrix.csv"), matrix)
    write_rows(os.path.join(DATA, "groups", "groups_attributes.csv"), rows)
    return g


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def brokerage_brute_force(g, attr):
    d = g if g.is_directed() else g.to_directed()
    group = nx.get_node_attributes(d, attr)
    counts = {r: {n: 0 for n in d} for r in ROLES}
    nodes = list(d)
    for b in nodes:
        for a in nodes:
            if a == b or not d.has_edge(a, b):
                continue
            for c in nodes:
                if c in (a, b) or not d.has_edge(b, c) or d.has_edge(a, c):
                    continue
                ga, gb, gc = group[a], group[b], group[c]
                if ga == gb == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "itinerant"
                elif ga == gb:
                    role = "representative"
                elif gb == gc:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                counts[role][b] += 1
    return counts


def ei_index(g, attr):
    group = nx.get_node_attributes(g, attr)
    labels = sorted(set(group.values()))
    e = i = 0
    per = {lab: [0, 0] for lab in labels}  # [external, internal]
    for u, v in g.edges():
        if group[u] == group[v]:
            i += 1
            per[group[u]][1] += 1
        else:
            e += 1
            per[group[u]][0] += 1
            per[group[v]][0] += 1
    return (e - i) / (e + i), {lab: (x - y) / (x + y) for lab, (x, y) in per.items() if x + y}


def homophily_case(network, g, attr, attributes_file, key, numeric):
    ei, ei_groups = ei_index(g, attr)
    case = {
        "network": network,
        "attributes_file": attributes_file,
        "key": key,
        "attribute": attr,
        "ei": ei,
        "ei_groups": ei_groups,
        "assortativity": nx.attribute_assortativity_coefficient(g, attr),
    }
    if numeric:
        case["numeric_assortativity"] = nx.numeric_assortativity_coefficient(g, numeric)
        case["numeric_attribute"] = numeric
    return case


def group_comparison(g):
    bc = nx.betweenness_centrality(g, normalized=False)
    deg = dict(g.degree())
    employment = nx.get_node_attributes(g, "employment")
    labels = sorted({v for v in employment.values() if v is not None})
    scores = ["wemwbs", "life_satisfaction"]
    rows = []
    table = []
    samples = {s: [] for s in scores}
    for lab in labels:
        members = [p for p in g if employment[p] == lab]
        n = len(members)
        iso = sum(1 for p in members if deg[p] == 0)
        row = {
            "group": lab,
            "n": n,
            "small": n < 5,
            "isolates": iso,
            "isolate_share": iso / n,
            "mean_degree": sum(deg[p] for p in members) / n,
            "mean_betweenness": sum(bc[p] for p in members) / n,
            "scores": {},
        }
        table.append([iso, n - iso])
        for s in scores:
            xs = [g.nodes[p][s] for p in members if g.nodes[p][s] is not None]
            xs = [float(x) for x in xs]
            entry = {"n": len(xs), "mean": None, "ci_low": None, "ci_high": None}
            if xs:
                m = sum(xs) / len(xs)
                entry["mean"] = m
                if len(xs) >= 2:
                    lo, hi = st.t.interval(0.95, len(xs) - 1, loc=m, scale=st.sem(xs))
                    entry["ci_low"], entry["ci_high"] = lo, hi
                samples[s].append(xs)
            row["scores"][s] = entry
        rows.append(row)
    chi2, p, dof, _ = st.chi2_contingency(table, correction=False)
    tests = {}
    for s in scores:
        f = st.f_oneway(*samples[s])
        h = st.kruskal(*samples[s])
        tests[s] = {"anova_f": f.statistic, "anova_p": f.pvalue,
                    "kruskal_h": h.statistic, "kruskal_p": h.pvalue}
    return {
        "network": "groups",
        "attributes_file": "groups_attributes.csv",
        "key": "id",
        "attribute": "employment",
        "scores": scores,
        "rows": rows,
        "missing": sum(1 for p in g if employment[p] is None),
        "chi2": {"statistic": chi2, "p": p, "df": dof},
        "tests": tests,
    }


def main():
    # NetworkX builds assortativity's mixing matrix from a set of values, whose order (and so
    # the last digit of the sum) follows string hashing: fix the hash seed.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:])
    karate = nx.karate_club_graph()
    karate = nx.relabel_nodes(karate, {n: str(n) for n in karate})
    write_rows(os.path.join(DATA, "karate", "karate_attributes.csv"),
               [["id", "club"]] + [[n, c] for n, c in karate.nodes(data="club")])
    directed = make_directed().g  # the `directed` fixture, from the same generator
    directed_groups(directed)
    groups = groups_network()

    out = {
        "notes": __doc__.split("Expected values:")[1].split("Requirements:")[0].strip(),
        "brokerage": [],
        "homophily": [
            homophily_case("karate", karate, "club", "karate_attributes.csv", "id", None),
            homophily_case("directed", directed, "group", "directed_attributes.csv", "id", "age"),
        ],
        "groups": group_comparison(groups),
    }
    for network, g, attr, file, key in [
        ("karate", karate, "club", "karate_attributes.csv", "id"),
        ("directed", directed, "group", "directed_attributes.csv", "id"),
    ]:
        out["brokerage"].append({
            "network": network,
            "attributes_file": file,
            "key": key,
            "attribute": attr,
            "roles": brokerage_brute_force(g, attr),
        })
    text = json.dumps(clean(out), sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    write_text(os.path.join(EXPECTED, "analysis.json"), text + "\n")
    print("wrote tests/reference/expected/analysis.json")


if __name__ == "__main__":
    main()
