#!/usr/bin/env python3
"""Regenerate Kith's network test fixtures and their NetworkX/igraph reference values.

What it makes (paths relative to the repository root):

  tests/data/<name>/...                 the same network in every file format Kith reads
  tests/reference/expected/<name>.json  reference values computed by NetworkX (and igraph)

Networks (<name>):

  karate      Zachary's karate club (Zachary 1977), weighted: networkx.karate_club_graph().
              34 nodes "0".."33" (NetworkX's integer ids written as strings), 78 edges,
              edge attribute `weight` (1..7), node attribute `club` ("Mr. Hi" / "Officer").
  florentine  Padgett's Florentine families, MARRIAGE ties (Padgett & Ansell 1993; Breiger &
              Pattison 1986): networkx.florentine_families_graph() (15 families, 20 edges) plus
              the isolated Pucci family that NetworkX leaves out: 16 nodes, 20 edges, 1 isolate.
              Unweighted.  Also florentine_attributes.csv (Padgett's wealth and priorates).
  lesmis      Les Miserables co-appearances (Knuth 1993), weighted: networkx.les_miserables_graph().
              77 nodes, 254 edges, `weight`.  NetworkX's names are plain ASCII (e.g. "Thenardier",
              "MmeDeR"); nothing is transliterated here, files are written as UTF-8 anyway.
  davis       Davis Southern Women (Davis, Gardner & Gardner 1941), two-mode:
              networkx.davis_southern_women_graph(): 18 women + 14 events (E1..E14), 89 edges,
              node attribute `bipartite` (0 = woman, 1 = event).  Unweighted.
  directed    NOT a published network: a fixed random directed graph generated here, so that no
              library version can change it.  30 nodes "0".."29"; with rng = random.Random(42),
              for u in 0..29, for v in 0..29, u != v: if rng.random() < 0.1 the arc u->v is added
              with weight rng.randint(1, 5) (drawn right after the arc's own random()).  This is a
              G(n=30, p=0.1) digraph with integer weights 1..5.

Files per network (tests/data/<name>/):

  <name>.graphml        networkx.write_graphml (node attributes kept; edges carry `weight`
                        for the weighted networks)
  <name>.gexf           networkx.write_gexf, GEXF 1.2draft; the `lastmodifieddate` attribute
                        that NetworkX stamps with today's date is removed
  <name>.net            Pajek, written by this script (networkx.write_pajek writes unquoted labels
                        and dummy "0.0 0.0 ellipse" coordinates): `*Vertices N`, `1 "label"`, then
                        `*Edges` (undirected) or `*Arcs` (directed) with `i j weight`; unweighted
                        networks have `i j` only.  davis uses Pajek's two-mode header
                        `*Vertices 32 18` (first 18 vertices are the women).
  <name>_edges.csv      header `source,target,weight` (davis and florentine: `source,target`)
  <name>_matrix.csv     adjacency matrix: first row is an empty cell then the labels, first
                        column the labels, cells weight or 0 (directed: row = sender,
                        column = receiver).  NOT written for davis, whose matrix form is the
                        two-mode incidence matrix davis_incidence.csv (18 women x 14 events, 0/1)
                        plus davis_incidence.xlsx and davis_incidence.ods.
  <name>_matrix.tsv, <name>_matrix_semicolon.csv      karate and florentine only
  <name>_matrix.xlsx, <name>_matrix.ods               florentine only
  UCINET DL (karate and florentine only), written by this script:
    <name>_fullmatrix.dl           `format = fullmatrix`, `labels:` list, `data:` rows
    <name>_fullmatrix_embedded.dl  `labels embedded`: first data row = column labels, each row
                                   starts with its label
    <name>_edgelist1.dl            `format = edgelist1`, a `labels:` list of ALL nodes (so that the
                                   Pucci isolate exists) then `labels embedded:`, lines
                                   `label1 label2 weight`
    <name>_nodelist1.dl            `format = nodelist1`, `labels embedded:`, lines
                                   `ego alter1 alter2 ...`; a nodelist cannot carry weights (karate's
                                   weights are lost there) and an isolate is a line with only its label
    DL describes a matrix, and an undirected network is a SYMMETRIC matrix: edgelist1 therefore lists
    every undirected tie in both directions (i j w and j i w), and nodelist1 lists every neighbour of
    each ego, so that all four DL variants describe exactly the same symmetric matrix.  karate's
    labels are the numerals "0".."33": in the embedded variants they are labels, not 1-based indices.
  florentine_attributes.csv   key column `family`, columns `wealth` (thousands of lira) and
                              `priorates`; missing priorates are empty cells; one extra row,
                              "Dietisalvi" (a real Florentine family that is NOT in the network,
                              values left empty), to test that unmatched keys are reported.

Node order everywhere (Pajek numbering, matrix rows/columns, GraphML/GEXF node order):
karate and directed numeric ("0", "1", ..., "33"); florentine and lesmis alphabetical; davis the
published order (women as in Davis et al.'s table, then E1..E14).  Undirected edges are written
with the earlier node (in that order) first and sorted by (source, target) position.

Expected values (tests/reference/expected/<name>.json): see the `notes` object inside each file.
JSON keys are sorted, floats are Python's repr (shortest round-trip, full precision), NaN is null.
Lists of node ids and of pairs are sorted by plain string comparison, and each pair [u, v] has
u < v by string comparison.

Requirements (versions used to generate the committed files):
    pip install networkx==3.6.1 numpy==2.4.6 scipy==1.17.1 igraph==1.0.0 openpyxl==3.1.5 odfpy==1.4.1
(`igraph` is the PyPI name of python-igraph.)  Other versions will run but may change the
last digits of floats, and the GEXF `<creator>` line names the NetworkX version.

Run from the repository root:
    python3 tests/reference/make_fixtures.py
The output is deterministic: running it twice gives byte-identical files (no timestamps; the
.xlsx/.ods zip members get a fixed 1980-01-01 date; Louvain runs are seeded).
"""

import csv
import io
import json
import math
import os
import random
import re
import sys
import zipfile

import igraph as ig
import networkx as nx
import numpy as np
import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "tests", "data")
EXPECTED = os.path.join(ROOT, "tests", "reference", "expected")

VERSIONS_USED = {"networkx": "3.6.1", "igraph": "1.0.0", "openpyxl": "3.1.5"}

FIXED_DATE = (1980, 1, 1, 0, 0, 0)

# Padgett's attributes for the 16 families (UCINET's PADGW / statnet's `flo` data, as tabulated in
# Wasserman & Faust 1994): net wealth in 1427 (thousands of lira) and number of seats on the
# civic council (priorates) 1282-1344; None = missing in the published data.
FLORENTINE_ATTRIBUTES = [
    ("Acciaiuoli", 10, 53),
    ("Albizzi", 36, 65),
    ("Barbadori", 55, None),
    ("Bischeri", 44, 12),
    ("Castellani", 20, 22),
    ("Ginori", 32, None),
    ("Guadagni", 8, 21),
    ("Lamberteschi", 42, 0),
    ("Medici", 103, 53),
    ("Pazzi", 48, None),
    ("Peruzzi", 49, 42),
    ("Pucci", 3, 0),
    ("Ridolfi", 27, 38),
    ("Salviati", 10, 35),
    ("Strozzi", 146, 74),
    ("Tornabuoni", 48, None),
]
FLORENTINE_EXTRA_FAMILY = "Dietisalvi"  # not in the network: must be reported as unmatched


# --------------------------------------------------------------------------------------------
# Building the canonical graphs
# --------------------------------------------------------------------------------------------


class Net:
    """A network in canonical form: string node ids in a fixed order, edges sorted."""

    def __init__(self, name, graph, order, weighted, title):
        self.name = name
        self.order = order  # list of node ids (str)
        self.pos = {n: i for i, n in enumerate(order)}
        self.weighted = weighted
        self.directed = graph.is_directed()
        self.title = title
        g = nx.DiGraph() if self.directed else nx.Graph()
        g.graph["name"] = title
        for n in order:
            g.add_node(n, **graph.nodes[n])
        edges = []
        for u, v, d in graph.edges(data=True):
            if not self.directed and self.pos[u] > self.pos[v]:
                u, v = v, u
            attrs = {"weight": d["weight"]} if weighted else {}
            edges.append((u, v, attrs))
        edges.sort(key=lambda e: (self.pos[e[0]], self.pos[e[1]]))
        g.add_edges_from(edges)
        self.g = g
        self.edges = [(u, v, (d["weight"] if weighted else 1)) for u, v, d in edges]

    def weight(self, u, v):
        d = self.g.get_edge_data(u, v)
        if d is None:
            return 0
        return d["weight"] if self.weighted else 1


def relabel_str(graph):
    return nx.relabel_nodes(graph, {n: str(n) for n in graph}, copy=True)


def make_karate():
    g = relabel_str(nx.karate_club_graph())
    order = [str(i) for i in range(34)]
    return Net("karate", g, order, True, "Zachary's Karate Club")


def make_florentine():
    g = nx.florentine_families_graph()
    g.add_node("Pucci")  # isolate omitted by NetworkX
    return Net("florentine", g, sorted(g), False, "Florentine families (marriage)")


def make_lesmis():
    g = nx.les_miserables_graph()
    return Net("lesmis", g, sorted(g), True, "Les Miserables co-appearances")


def make_davis():
    g = nx.davis_southern_women_graph()
    order = list(g.graph["top"]) + list(g.graph["bottom"])
    assert sorted(order) == sorted(g)
    return Net("davis", g, order, False, "Davis Southern Women")


def make_directed():
    rng = random.Random(42)
    g = nx.DiGraph()
    n = 30
    g.add_nodes_from(str(i) for i in range(n))
    for u in range(n):
        for v in range(n):
            if u != v and rng.random() < 0.1:
                g.add_edge(str(u), str(v), weight=rng.randint(1, 5))
    order = [str(i) for i in range(n)]
    return Net("directed", g, order, True, "Random directed G(30, 0.1), seed 42")


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def out_dir(net):
    d = os.path.join(DATA, net.name)
    os.makedirs(d, exist_ok=True)
    return d


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_rows(path, rows, delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    write_text(path, buf.getvalue())


def write_graphml(net):
    path = os.path.join(out_dir(net), f"{net.name}.graphml")
    nx.write_graphml(net.g, path, encoding="utf-8", prettyprint=True)


def write_gexf(net):
    path = os.path.join(out_dir(net), f"{net.name}.gexf")
    buf = io.BytesIO()
    nx.write_gexf(net.g, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    text = buf.getvalue().decode("utf-8")
    text, count = re.subn(r' lastmodifieddate="[^"]*"', "", text)
    assert count == 1, "GEXF writer no longer writes lastmodifieddate: check determinism"
    write_text(path, text)


def pajek_label(label):
    assert '"' not in label
    return f'"{label}"'


def write_pajek(net):
    path = os.path.join(out_dir(net), f"{net.name}.net")
    lines = []
    if net.name == "davis":
        n_women = sum(1 for n in net.order if net.g.nodes[n]["bipartite"] == 0)
        lines.append(f"*Vertices {len(net.order)} {n_women}")
    else:
        lines.append(f"*Vertices {len(net.order)}")
    for i, n in enumerate(net.order, start=1):
        lines.append(f"{i} {pajek_label(n)}")
    lines.append("*Arcs" if net.directed else "*Edges")
    for u, v, w in net.edges:
        i, j = net.pos[u] + 1, net.pos[v] + 1
        lines.append(f"{i} {j} {w}" if net.weighted else f"{i} {j}")
    write_text(path, "\n".join(lines) + "\n")


def write_edges_csv(net):
    path = os.path.join(out_dir(net), f"{net.name}_edges.csv")
    if net.weighted:
        rows = [["source", "target", "weight"]] + [[u, v, w] for u, v, w in net.edges]
    else:
        rows = [["source", "target"]] + [[u, v] for u, v, _ in net.edges]
    write_rows(path, rows)


def matrix_rows(net):
    rows = [[None] + list(net.order)]
    for u in net.order:
        rows.append([u] + [net.weight(u, v) for v in net.order])
    return rows


def davis_incidence_rows(net):
    women = [n for n in net.order if net.g.nodes[n]["bipartite"] == 0]
    events = [n for n in net.order if net.g.nodes[n]["bipartite"] == 1]
    rows = [[None] + events]
    for w in women:
        rows.append([w] + [1 if net.g.has_edge(w, e) else 0 for e in events])
    return rows


def normalize_zip(path, fix_member):
    """Rewrite a zip (xlsx/ods) with fixed member dates and patched metadata, same member order."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, i.compress_type, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, ctype, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = ctype
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, fix_member(name, data))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def write_xlsx(path, rows, sheet_title):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    for r in rows:
        ws.append(r)
    wb.save(path)

    def fix(name, data):
        if name == "docProps/core.xml":
            text = data.decode("utf-8")
            text = re.sub(
                r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                r"\g<1>2000-01-01T00:00:00Z\g<3>",
                text,
            )
            return text.encode("utf-8")
        return data

    normalize_zip(path, fix)


def write_ods(path, rows, sheet_title):
    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet_title)
    for r in rows:
        tr = TableRow()
        for v in r:
            if v is None:
                tc = TableCell()
            elif isinstance(v, (int, float)):
                tc = TableCell(valuetype="float", value=v)
                tc.addElement(P(text=str(v)))
            else:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=v))
            tr.addElement(tc)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(path)

    def fix(name, data):
        if name == "meta.xml":
            text = data.decode("utf-8")
            text = re.sub(r"<meta:generator>[^<]*</meta:generator>",
                          "<meta:generator>kith make_fixtures.py (odfpy)</meta:generator>", text)
            assert "date" not in text, "odfpy now writes a date into meta.xml: strip it"
            return text.encode("utf-8")
        return data

    normalize_zip(path, fix)


def write_matrices(net, variants):
    d = out_dir(net)
    rows = matrix_rows(net)
    write_rows(os.path.join(d, f"{net.name}_matrix.csv"), rows)
    if "tsv" in variants:
        write_rows(os.path.join(d, f"{net.name}_matrix.tsv"), rows, delimiter="\t")
    if "semicolon" in variants:
        write_rows(os.path.join(d, f"{net.name}_matrix_semicolon.csv"), rows, delimiter=";")
    if "xlsx" in variants:
        write_xlsx(os.path.join(d, f"{net.name}_matrix.xlsx"), rows, net.name)
    if "ods" in variants:
        write_ods(os.path.join(d, f"{net.name}_matrix.ods"), rows, net.name)


def write_davis_incidence(net):
    d = out_dir(net)
    rows = davis_incidence_rows(net)
    write_rows(os.path.join(d, "davis_incidence.csv"), rows)
    write_xlsx(os.path.join(d, "davis_incidence.xlsx"), rows, "davis")
    write_ods(os.path.join(d, "davis_incidence.ods"), rows, "davis")


def dl_label(label):
    assert re.fullmatch(r"[^\s,\"=]+", label), f"label needs quoting in DL: {label!r}"
    assert len(label) <= 18, "UCINET truncates labels to 18 characters"
    return label


def write_dl(net):
    """UCINET DL variants for an undirected network (see module docstring)."""
    assert not net.directed
    d = out_dir(net)
    n = len(net.order)
    labels = [dl_label(x) for x in net.order]
    header = f"dl n={n}"

    # fullmatrix with a labels: list
    lines = [header, "format = fullmatrix", "labels:", ",".join(labels), "data:"]
    for u in net.order:
        lines.append(" ".join(str(net.weight(u, v)) for v in net.order))
    write_text(os.path.join(d, f"{net.name}_fullmatrix.dl"), "\n".join(lines) + "\n")

    # fullmatrix with embedded labels
    lines = [header, "format = fullmatrix", "labels embedded", "data:", " ".join(labels)]
    for u in net.order:
        lines.append(u + " " + " ".join(str(net.weight(u, v)) for v in net.order))
    write_text(os.path.join(d, f"{net.name}_fullmatrix_embedded.dl"), "\n".join(lines) + "\n")

    # edgelist1: labels: list of all nodes (keeps isolates), then embedded labels in the data.
    # Both directions of every undirected tie, so the matrix is symmetric.
    lines = [header, "format = edgelist1", "labels:", ",".join(labels), "labels embedded:", "data:"]
    arcs = []
    for u, v, w in net.edges:
        arcs.append((u, v, w))
        arcs.append((v, u, w))
    arcs.sort(key=lambda a: (net.pos[a[0]], net.pos[a[1]]))
    for u, v, w in arcs:
        lines.append(f"{u} {v} {w}")
    write_text(os.path.join(d, f"{net.name}_edgelist1.dl"), "\n".join(lines) + "\n")

    # nodelist1: every node has a line (an isolate is its label alone); no weights possible.
    lines = [header, "format = nodelist1", "labels embedded:", "data:"]
    for u in net.order:
        alters = sorted(net.g.neighbors(u), key=lambda x: net.pos[x])
        lines.append(" ".join([u] + alters))
    write_text(os.path.join(d, f"{net.name}_nodelist1.dl"), "\n".join(lines) + "\n")


def write_florentine_attributes(net):
    path = os.path.join(out_dir(net), "florentine_attributes.csv")
    assert sorted(f for f, _, _ in FLORENTINE_ATTRIBUTES) == sorted(net.order)
    rows = [["family", "wealth", "priorates"]]
    rows += [[f, w, p] for f, w, p in FLORENTINE_ATTRIBUTES]
    rows.append([FLORENTINE_EXTRA_FAMILY, None, None])
    write_rows(path, rows)


# --------------------------------------------------------------------------------------------
# Reference values
# --------------------------------------------------------------------------------------------


def clean(x):
    """Make a value JSON-ready: plain floats/ints, NaN -> None, recursively."""
    if isinstance(x, dict):
        return {str(k): clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return int(x)
    if hasattr(x, "item"):  # numpy scalar
        x = x.item()
    if isinstance(x, float):
        return None if math.isnan(x) else float(x)
    if isinstance(x, int):
        return x
    raise TypeError(f"cannot serialise {type(x)}")


def per_node(g, mapping):
    """Per-node map of a float-valued measure, in node order, every value a float."""
    return {n: float(mapping[n]) for n in g}


def pair(u, v):
    return [u, v] if u < v else [v, u]


def canonical_communities(communities):
    comms = [sorted(c) for c in communities]
    comms.sort()
    membership = {}
    for i, c in enumerate(comms):
        for n in c:
            membership[n] = i
    return comms, membership


def igraph_of(net, weighted):
    g = ig.Graph(directed=net.directed)
    g.add_vertices(len(net.order))
    g.vs["name"] = net.order
    g.add_edges([(net.pos[u], net.pos[v]) for u, v, _ in net.edges])
    g.es["weight"] = [float(w) for _, _, w in net.edges]
    if net.directed:
        g = g.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
    return g


def communities(net):
    g = net.g
    res = {}
    variants = [("unweighted", None)]
    if net.weighted:
        variants.append(("weighted", "weight"))
    for label, wkey in variants:
        ig_g = igraph_of(net, wkey is not None)
        weights = ig_g.es["weight"] if wkey else None
        random.seed(1)  # python-igraph draws its random numbers from Python's `random` module
        part = ig_g.community_multilevel(weights=weights)
        comms = [[ig_g.vs[i]["name"] for i in c] for c in part]
        comms, membership = canonical_communities(comms)
        res[f"igraph_multilevel_{label}"] = {
            "modularity": float(ig_g.modularity(part.membership, weights=weights)),
            "count": len(comms),
            "communities": comms,
            "membership": membership,
        }
        nx_comms = nx.community.louvain_communities(g, weight=wkey, resolution=1, seed=1)
        comms, membership = canonical_communities(nx_comms)
        res[f"networkx_louvain_seed1_{label}"] = {
            "modularity": float(
                nx.community.modularity(g, nx_comms, weight=wkey, resolution=1)),
            "count": len(comms),
            "communities": comms,
            "membership": membership,
        }
    if net.name == "karate":
        clubs = {}
        for n, c in g.nodes(data="club"):
            clubs.setdefault(c, set()).add(n)
        parts = [clubs[c] for c in sorted(clubs)]
        res["club_partition"] = {
            "modularity_unweighted": float(nx.community.modularity(g, parts, weight=None)),
            "modularity_weighted": float(nx.community.modularity(g, parts, weight="weight")),
            "communities": canonical_communities(parts)[0],
        }
    return res


def effective_size(g, weight):
    """Burt's effective size: NetworkX 3.6.1's vectorised code with its row-max fix.

    With nodes=None and SciPy installed, networkx.effective_size divides each mutual weight
    by the maximum of the wrong node (a 1-D row maximum broadcast across columns), which
    gives wrong values for weighted and directed graphs (networkx PR #8906, "Fix row-max
    normalization in vectorized effective_size"). Its per-node path (nodes=list(G)) is right
    but calls a directed node without out-ties undefined even when others name it. So this
    is NetworkX's vectorised code with the one-line fix, checked against the per-node path
    on every node that has out-ties.
    """
    P = nx.adjacency_matrix(g, nodelist=list(g), weight=weight)
    mutual_weights1 = (P + P.T).astype(float)
    mutual_weights2 = mutual_weights1.copy()
    with np.errstate(divide="ignore"):
        mutual_weights1 /= mutual_weights1.sum(axis=1)[:, np.newaxis]
        mutual_weights2 /= mutual_weights2.max(axis=1).toarray()[:, np.newaxis]
    r = 1 - (mutual_weights1 @ mutual_weights2.T).toarray()
    sizes = ((mutual_weights1 > 0) * r).sum(axis=1)
    sum_mutual_weights = mutual_weights1.sum(axis=1) - mutual_weights1.diagonal()
    sizes[sum_mutual_weights == 0] = float("nan")
    out = dict(zip(g, np.asarray(sizes).ravel().tolist()))
    per_node = nx.effective_size(g, nodes=list(g), weight=weight)
    for n, value in per_node.items():
        if len(g[n]) > 0:
            assert abs(out[n] - value) < 1e-12, (n, out[n], value)
    return out


def eigenvector(g, weight):
    return nx.eigenvector_centrality(g, max_iter=10000, tol=1e-12, weight=weight)


def measures(net):
    g = net.g
    und = g.to_undirected() if net.directed else g
    iso = sorted(nx.isolates(g))
    e = {
        "name": net.name,
        "title": net.title,
        "node_order": list(net.order),
        "nodes": g.number_of_nodes(),
        "ties": g.number_of_edges(),
        "directed": net.directed,
        "has_weights": net.weighted,
        "isolates": len(iso),
        "isolate_ids": iso,
        "components": nx.number_weakly_connected_components(g) if net.directed
        else nx.number_connected_components(g),
        "total_weight": sum(w for _, _, w in net.edges),
        "density": float(nx.density(g)),
    }
    if net.directed:
        e["strong_components"] = nx.number_strongly_connected_components(g)
        e["reciprocity"] = float(nx.overall_reciprocity(g))

    e["degree"] = dict(g.degree())
    e["weighted_degree"] = dict(g.degree(weight="weight" if net.weighted else None))
    if net.directed:
        e["in_degree"] = dict(g.in_degree())
        e["out_degree"] = dict(g.out_degree())
        e["weighted_in_degree"] = dict(g.in_degree(weight="weight"))
        e["weighted_out_degree"] = dict(g.out_degree(weight="weight"))

    e["betweenness"] = per_node(g, nx.betweenness_centrality(g, normalized=False, weight=None))
    e["betweenness_norm"] = per_node(g, nx.betweenness_centrality(g, normalized=True, weight=None))
    e["closeness"] = per_node(g, nx.closeness_centrality(g, distance=None, wf_improved=True))
    e["eigenvector"] = per_node(g, eigenvector(g, None))
    e["pagerank"] = per_node(g, nx.pagerank(g, alpha=0.85, tol=1e-12, max_iter=10000, weight=None))
    e["constraint"] = per_node(g, nx.constraint(g, weight=None))
    e["effective_size"] = per_node(g, effective_size(g, None))
    e["clustering"] = per_node(g, nx.clustering(g, weight=None))
    e["core_number"] = nx.core_number(g)

    e["transitivity"] = float(nx.transitivity(und))
    e["average_clustering"] = float(nx.average_clustering(g, weight=None))
    e["bridges"] = sorted(pair(u, v) for u, v in nx.bridges(und))
    e["articulation_points"] = sorted(nx.articulation_points(und))

    if net.weighted:
        dg = g.copy()
        for u, v, d in dg.edges(data=True):
            d["distance"] = 1.0 / d["weight"]
        e["weighted"] = {
            "betweenness": per_node(
                g, nx.betweenness_centrality(dg, normalized=False, weight="distance")),
            "betweenness_norm": per_node(
                g, nx.betweenness_centrality(dg, normalized=True, weight="distance")),
            "closeness": per_node(
                g, nx.closeness_centrality(dg, distance="distance", wf_improved=True)),
            "eigenvector": per_node(g, eigenvector(g, "weight")),
            "pagerank": per_node(
                g, nx.pagerank(g, alpha=0.85, tol=1e-12, max_iter=10000, weight="weight")),
            "constraint": per_node(g, nx.constraint(g, weight="weight")),
            "effective_size": per_node(g, effective_size(g, "weight")),
        }

    e["communities"] = communities(net)

    if net.name == "davis":
        women = [n for n in net.order if g.nodes[n]["bipartite"] == 0]
        events = [n for n in net.order if g.nodes[n]["bipartite"] == 1]
        e["women"] = women
        e["events"] = events
        e["bipartite_density"] = float(nx.bipartite.density(g, women))
        for label, side in (("projection_women", women), ("projection_events", events)):
            p = nx.bipartite.weighted_projected_graph(g, side)
            e[label] = sorted(pair(u, v) + [d["weight"]] for u, v, d in p.edges(data=True))
        e["node_attributes"] = {"bipartite": dict(g.nodes(data="bipartite"))}
    if net.name == "karate":
        e["node_attributes"] = {"club": dict(g.nodes(data="club"))}
    if net.name == "florentine":
        e["attributes_csv"] = {
            "file": "florentine_attributes.csv",
            "key_column": "family",
            "rows": len(FLORENTINE_ATTRIBUTES) + 1,
            "matched": len(FLORENTINE_ATTRIBUTES),
            "unmatched_keys": [FLORENTINE_EXTRA_FAMILY],
            "nodes_without_row": [],
            "wealth": {f: w for f, w, _ in FLORENTINE_ATTRIBUTES},
            "priorates": {f: p for f, _, p in FLORENTINE_ATTRIBUTES},
        }

    e["notes"] = notes(net)
    return e


def notes(net):
    n = {
        "source": "computed by tests/reference/make_fixtures.py with NetworkX "
        f"{nx.__version__} and python-igraph {ig.__version__}",
        "ids": "node ids are strings; per-node maps are keyed by id; lists of ids and of pairs "
        "are sorted by plain string comparison, each pair [u, v] with u < v",
        "degree": "degree = number of ties (directed: in + out); weighted_degree = sum of tie "
        "weights (strength), equal to degree for unweighted networks",
        "total_weight": "sum of edge weights; 1 per edge for unweighted networks",
        "density": "networkx.density: m / (n(n-1)/2) undirected, m / (n(n-1)) directed",
        "betweenness": "networkx.betweenness_centrality(G, normalized=False / True, weight=None); "
        "for undirected graphs the unnormalized value counts each unordered pair once",
        "closeness": "networkx.closeness_centrality(G, wf_improved=True): (r-1)/sum(d) scaled "
        "by (r-1)/(n-1), r = nodes reachable; 0 for isolates",
        "eigenvector": "networkx.eigenvector_centrality(G, max_iter=10000, tol=1e-12) (power "
        "iteration on A+I), Euclidean norm 1",
        "pagerank": "networkx.pagerank(G, alpha=0.85, tol=1e-12, max_iter=10000); dangling "
        "nodes (and isolates) spread their rank uniformly",
        "constraint": "networkx.constraint / networkx.effective_size (Burt); NaN (written null) "
        "for isolates; effective_size is NetworkX's vectorised code with the row-max fix of "
        "networkx PR #8906 (without it, weighted and directed values are wrong), equal to "
        "its per-node path (nodes=list(G)) wherever that is defined; unweighted undirected "
        "it is Borgatti's simplified formula n - 2t/n",
        "clustering": "networkx.clustering (0 for degree < 2); average_clustering averages over "
        "ALL nodes, counting zeros",
        "core_number": "networkx.core_number (k-core by degree; directed: in + out degree)",
        "transitivity": "networkx.transitivity: 3 * triangles / connected triples",
        "components": "number of (weakly) connected components, isolates count as components",
        "communities": "igraph Graph.community_multilevel (Louvain) run after random.seed(1) "
        "(python-igraph uses Python's random module); modularity from Graph.modularity. "
        "networkx.community.louvain_communities(G, seed=1, resolution=1), modularity from "
        "networkx.community.modularity. Communities: members sorted, list sorted; membership "
        "numbers index that list. '_weighted' variants use the tie weights",
    }
    if net.weighted:
        n["weighted"] = ("betweenness and closeness treat weight as strength: distance = "
                         "1/weight; eigenvector, pagerank, constraint and effective_size use "
                         "weight directly (weight='weight'); weighted effective_size uses "
                         "Burt's general formula")
    if net.directed:
        n["directed"] = (
            "degree = in + out; closeness is NetworkX's IN-closeness (distances from other "
            "nodes TO the node); eigenvector uses in-ties (left eigenvector) and is "
            "ill-defined because the digraph is not strongly connected: recorded anyway; "
            "clustering/average_clustering are NetworkX's directed (Fagiolo 2007) clustering; "
            "transitivity, bridges and articulation_points are computed on the underlying "
            "undirected graph; reciprocity is networkx.overall_reciprocity; constraint and "
            "effective_size use NetworkX's directed (in + out) definitions")
        n["communities_directed"] = (
            "igraph's multilevel is undirected-only: it is run on the underlying undirected "
            "graph with reciprocal arcs merged and weights summed; NetworkX's louvain uses "
            "directed modularity on the digraph itself")
    if net.name == "florentine":
        n["eigenvector_isolate"] = (
            "the graph is disconnected (Pucci is an isolate), so eigenvector centrality is "
            "ill-defined: networkx.eigenvector_centrality_numpy refuses (AmbiguousSolution); "
            "the power-iteration value is recorded, giving Pucci a value that is 0 up to "
            "rounding (its initial mass decays, ~1e-64) and the 15 connected families the "
            "leading eigenvector of their component")
        n["pagerank_isolate"] = "Pucci, an isolate, is a dangling node for PageRank"
    if net.name == "davis":
        n["davis"] = (
            "one-mode measures treat the two-mode graph as an ordinary graph of 32 nodes "
            "(clustering and transitivity are 0: a bipartite graph has no triangles); "
            "bipartite_density = 89 / (18 * 14); projection_* are "
            "networkx.bipartite.weighted_projected_graph edge weights (shared events / shared "
            "women) as [u, v, weight]")
    return n


def write_expected(net):
    os.makedirs(EXPECTED, exist_ok=True)
    e = clean(measures(net))
    text = json.dumps(e, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    write_text(os.path.join(EXPECTED, f"{net.name}.json"), text + "\n")
    return e


# --------------------------------------------------------------------------------------------


def check_versions():
    found = {"networkx": nx.__version__, "igraph": ig.__version__,
             "openpyxl": openpyxl.__version__}
    for k, v in found.items():
        if VERSIONS_USED[k] != v:
            print(f"warning: {k} {v} (fixtures were made with {VERSIONS_USED[k]}): "
                  "floats may differ in the last digits", file=sys.stderr)


def main():
    check_versions()
    karate = make_karate()
    florentine = make_florentine()
    lesmis = make_lesmis()
    davis = make_davis()
    directed = make_directed()

    expected_counts = {
        "karate": (34, 78), "florentine": (16, 20), "lesmis": (77, 254), "davis": (32, 89),
    }
    for net in (karate, florentine, lesmis, davis, directed):
        if net.name in expected_counts:
            assert (net.g.number_of_nodes(), net.g.number_of_edges()) == \
                expected_counts[net.name], net.name
        write_graphml(net)
        write_gexf(net)
        write_pajek(net)
        write_edges_csv(net)

    write_matrices(karate, {"tsv", "semicolon"})
    write_matrices(florentine, {"tsv", "semicolon", "xlsx", "ods"})
    write_matrices(lesmis, set())
    write_matrices(directed, set())
    write_davis_incidence(davis)  # davis: two-mode incidence matrix instead of a one-mode one

    write_dl(karate)
    write_dl(florentine)
    write_florentine_attributes(florentine)

    for net in (karate, florentine, lesmis, davis, directed):
        e = write_expected(net)
        print(f"{net.name}: nodes={e['nodes']} ties={e['ties']} isolates={e['isolates']} "
              f"components={e['components']} total_weight={e['total_weight']}")


if __name__ == "__main__":
    main()
