#!/usr/bin/env python3
"""Regenerate Kith's dialect fixtures: small networks written the way UCINET, Pajek and igraph
write them, with the values a NetworkX/igraph reading gives, and check that the files Kith
writes from each of them read back in NetworkX (and igraph) with the same counts.

What it makes (paths relative to the repository root):

  tests/data/dialects/<file>                 one file per dialect (see FIXTURES below)
  tests/reference/expected/dialects.json     for each file: nodes, ties, arcs, direction,
                                             relations, node ids, labels, degrees, isolates
                                             and total weight, what igraph and NetworkX give
                                             where they read the dialect, and what they give
                                             for the files Kith wrote from it

Each network is built here as a NetworkX graph (the ground truth) and written by hand in its
dialect, because the point is the dialect: Pajek's empty `*Arcs` before `*Edges`, a title line
before `*Vertices`, UCINET's `FORMAT = FULLMATRIX DIAGONAL PRESENT` with `LEVEL LABELS:`,
row and column labels differing only in case, igraph's key id used for the graph and for nodes.
The expected values are computed from the NetworkX graph; where igraph or NetworkX read the
dialect file itself, the script checks that they agree (and fails if not). Where they cannot
read it (neither reads Pajek relations `:k "name"`; NetworkX reads Pajek by the first section
keyword only, so it calls a file with an empty `*Arcs` directed; neither reads UCINET DL
headers of this kind) the JSON says so.

Files Kith writes (`tests/reference/written/<stem>.graphml|.gexf|.net|.dl`) are made by the
Rust test `dialect_fixtures_read_as_networkx_and_igraph_read_them` in tests/formats.rs:

    KITH_BLESS=1 cargo test --test formats dialect     # writes tests/reference/written/*
    python3 tests/reference/make_dialects.py           # reads them, records what NetworkX
                                                       # and igraph see

The Rust test compares Kith's output with those files byte for byte and with the FNV-1a hash
recorded here, so a changed writer fails until both steps are run again, and this script fails
if NetworkX or igraph no longer reads a written file to the fixture's counts. GraphML, GEXF and
Pajek are read with NetworkX (and igraph where it reads the form); UCINET DL, which NetworkX
does not read, with igraph's `Graph.Read_DL` (see `igraph_dl_counts` for what is compared and
`DL_UNREAD` for the DL forms igraph cannot read).

Requirements: networkx==3.6.1, igraph==1.0.0 (see README.md). Deterministic output.
"""

import json
import os
import sys

import igraph as ig
import networkx as nx

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "tests", "data", "dialects")
EXPECTED = os.path.join(ROOT, "tests", "reference", "expected", "dialects.json")
WRITTEN = os.path.join(ROOT, "tests", "reference", "written")

# --------------------------------------------------------------------------------------------
# Ground-truth networks.

VILLAGE_NODES = ["Ann Lee", "Bob", "Cat O'Hara", "Dev", "Eve", "Fay", "Gus"]  # Gus: isolate
VILLAGE_EDGES = [
    ("Ann Lee", "Bob", 2),
    ("Ann Lee", "Cat O'Hara", 1),
    ("Ann Lee", "Dev", 3),
    ("Ann Lee", "Eve", 1),
    ("Bob", "Cat O'Hara", 1),
    ("Dev", "Eve", 2),
    ("Eve", "Fay", 1),
]


def village(weighted=True):
    g = nx.MultiGraph()
    g.add_nodes_from(VILLAGE_NODES)
    for u, v, w in VILLAGE_EDGES:
        g.add_edge(u, v, weight=w if weighted else 1, directed=False, relation=None)
    return g


def mixed_advice():
    """Five people: arcs of "asks advice", edges of "friends" (a mixed network)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(["Ann", "Bob", "Cat", "Dev", "Eve"])
    arcs = [("Ann", "Bob", 1), ("Ann", "Cat", 1), ("Dev", "Ann", 2), ("Eve", "Ann", 1), ("Eve", "Bob", 1)]
    for u, v, w in arcs:
        g.add_edge(u, v, weight=w, directed=True, relation="asks advice")
    for u, v in [("Bob", "Cat"), ("Dev", "Eve")]:
        g.add_edge(u, v, weight=1, directed=False, relation="friends")
    return g


STOOGES = ["Larry Smith", "Ann", "Bob", "Cat"]
ADVICE = [("Larry Smith", "Ann"), ("Ann", "Bob"), ("Cat", "Larry Smith"), ("Bob", "Ann")]
CLOSE = [("Larry Smith", "Ann"), ("Bob", "Cat")]


def ucinet_levels():
    """Two relations as UCINET stores them: advice (asymmetric: arcs), close friends
    (symmetric: edges)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(STOOGES)
    for u, v in ADVICE:
        g.add_edge(u, v, weight=1, directed=True, relation="advice")
    for u, v in CLOSE:
        g.add_edge(u, v, weight=1, directed=False, relation="close friends")
    return g


CASE_ROWS = ["Larry", "Moe", "Curly", "Shemp"]
CASE_EDGES = [("Larry", "Moe"), ("Larry", "Curly"), ("Moe", "Curly")]  # Shemp: isolate


def case_network():
    g = nx.MultiGraph()
    g.add_nodes_from(CASE_ROWS)
    for u, v in CASE_EDGES:
        g.add_edge(u, v, weight=1, directed=False, relation=None)
    return g


PEOPLE = ["Ann", "Bob", "Cat", "Dev"]
PLACES = ["Youth club", "Church", "Market"]
USES = [("Ann", "Youth club"), ("Ann", "Church"), ("Bob", "Church"), ("Cat", "Youth club"),
        ("Cat", "Market"), ("Dev", "Market")]


def two_mode():
    g = nx.MultiGraph()
    g.add_nodes_from(PEOPLE, bipartite=0)
    g.add_nodes_from(PLACES, bipartite=1)
    for u, v in USES:
        g.add_edge(u, v, weight=1, directed=False, relation=None)
    return g


# --------------------------------------------------------------------------------------------
# The files, each in its dialect.


def q(label):
    return '"' + label + '"'


def pajek_vertices(nodes, coordinates=False):
    lines = ["*Vertices %d" % len(nodes)]
    for i, n in enumerate(nodes, 1):
        if coordinates:
            # Pajek's own layout: right-aligned numbers, coordinates after the label.
            lines.append("%6d %-14s %.4f    %.4f    0.5000" % (i, q(n), 0.1 * i, 1 - 0.1 * i))
        else:
            lines.append("%d %s" % (i, q(n)))
    return lines


def index_of(nodes):
    return {n: i for i, n in enumerate(nodes, 1)}


def pajek_empty_arcs():
    """Finding 1: Pajek writes an empty *Arcs before the *Edges of an undirected network."""
    ix = index_of(VILLAGE_NODES)
    lines = ["*Network village"] + pajek_vertices(VILLAGE_NODES, coordinates=True)
    lines += ["*Arcs", "*Edges"]
    lines += ["%6d %6d %d" % (ix[u], ix[v], w) for u, v, w in VILLAGE_EDGES]
    return "\r\n".join(lines) + "\r\n"


def pajek_empty_arcslist():
    """Finding 1 with list sections: an empty *Arcslist, then *Edgeslist (no weights)."""
    ix = index_of(VILLAGE_NODES)
    lists = {}
    for u, v, _ in VILLAGE_EDGES:
        lists.setdefault(ix[u], []).append(ix[v])
    lines = pajek_vertices(VILLAGE_NODES) + ["*Arcslist", "*Edgeslist"]
    lines += [" ".join(str(x) for x in [k] + vs) for k, vs in sorted(lists.items())]
    return "\n".join(lines) + "\n"


def pajek_title():
    """Finding 4: a line of text (a title) and a comment before *Vertices."""
    ix = index_of(VILLAGE_NODES)
    lines = ["Village friendship network, 1998", "% exported from a survey tool"]
    lines += pajek_vertices(VILLAGE_NODES) + ["*Edges"]
    lines += ["%d %d %d" % (ix[u], ix[v], w) for u, v, w in VILLAGE_EDGES]
    return "\n".join(lines) + "\n"


def pajek_mixed_relations():
    """Pajek's other documented forms: *Network title, % comments, relations `:k "name"`,
    arcs beside edges (a mixed network), *Arcslist for the same relation."""
    g = mixed_advice()
    nodes = list(g.nodes)
    ix = index_of(nodes)
    lines = ['*Network "Advice and friendship"', "% two relations: 1 asks advice, 2 friends"]
    lines += pajek_vertices(nodes)
    lines += ['*Arcs :1 "asks advice"', "1 2", "1 3", "4 1 2"]
    lines += ['*Edges :2 "friends"', "2 3", "4 5"]
    lines += ['*Arcslist :1 "asks advice"', "5 1 2"]
    assert ix["Eve"] == 5
    return "\n".join(lines) + "\n"


def matrix_rows(nodes, cells, skip_diagonal=False):
    rows = []
    for u in nodes:
        row = []
        for v in nodes:
            if skip_diagonal and u == v:
                continue
            row.append(str(cells.get((u, v), 0)))
        rows.append(row)
    return rows


def symmetric_cells(edges):
    cells = {}
    for e in edges:
        u, v = e[0], e[1]
        w = e[2] if len(e) > 2 else 1
        cells[(u, v)] = w
        cells[(v, u)] = w
    return cells


def ucinet_export_nm():
    """Finding 2: UCINET's own export. `DIAGONAL PRESENT` without `=` on the format line,
    quoted row and column labels, `LEVEL LABELS:` naming the relations, CRLF."""
    lines = ["DL N=4 NM=2", "FORMAT = FULLMATRIX DIAGONAL PRESENT", "ROW LABELS:"]
    lines += [q(n) for n in STOOGES] + ["COLUMN LABELS:"] + [q(n) for n in STOOGES]
    lines += ["LEVEL LABELS:", q("advice"), q("close friends"), "DATA:"]
    advice = {(u, v): 1 for u, v in ADVICE}
    lines += [" ".join(r) for r in matrix_rows(STOOGES, advice)]
    lines += [" ".join(r) for r in matrix_rows(STOOGES, symmetric_cells(CLOSE))]
    return "\r\n".join(lines) + "\r\n"


def ucinet_case_labels():
    """Finding 3: row and column labels that differ only in case."""
    lines = ["DL N=4", "FORMAT = FULLMATRIX DIAGONAL PRESENT", "ROW LABELS:"]
    lines += [q(n) for n in CASE_ROWS] + ["COLUMN LABELS:"] + [q(n.upper()) for n in CASE_ROWS]
    lines += ["DATA:"]
    lines += [" ".join(r) for r in matrix_rows(CASE_ROWS, symmetric_cells(CASE_EDGES))]
    return "\r\n".join(lines) + "\r\n"


def ucinet_wrapped_labels():
    """Other documented forms: `DL` alone, `N = 7`, `DIAGONAL ABSENT` on its own line, labels
    separated by commas and wrapped over several lines, rows wrapped over two lines."""
    lines = ["DL", "N = 7", "FORMAT = FULLMATRIX", "DIAGONAL ABSENT", "LABELS:"]
    lines += ['"Ann Lee", Bob, "Cat O\'Hara",', "Dev, Eve,", "Fay, Gus", "DATA:"]
    for row in matrix_rows(VILLAGE_NODES, symmetric_cells(VILLAGE_EDGES), skip_diagonal=True):
        lines += [" ".join(row[:3]), " ".join(row[3:])]
    return "\n".join(lines) + "\n"


def ucinet_edgelist_embedded():
    """`LABELS EMBEDDED` on the format line, a `LABELS:` list that keeps the isolate, and
    an edge list naming nodes by (quoted) label, each tie both ways as in a matrix."""
    lines = ["DL N=7", "FORMAT = EDGELIST1 LABELS EMBEDDED", "LABELS:"]
    lines += [",".join(q(n) if " " in n or "'" in n else n for n in VILLAGE_NODES), "DATA:"]
    for u, v, w in VILLAGE_EDGES:
        lines.append("%s %s %d" % (q(u), q(v), w))
        lines.append("%s %s %d" % (q(v), q(u), w))
    return "\n".join(lines) + "\n"


def ucinet_rowcol_embedded():
    """`ROW LABELS EMBEDDED` and `COLUMN LABELS EMBEDDED` on lines of their own and
    `DIAGONAL = PRESENT`: the first data row names the columns, each row starts with its
    label."""
    lines = ["dl n=7", "format = fullmatrix", "diagonal = present", "row labels embedded",
             "column labels embedded", "data:"]
    lines.append(" ".join(q(n) for n in VILLAGE_NODES))
    for n, row in zip(VILLAGE_NODES, matrix_rows(VILLAGE_NODES, symmetric_cells(VILLAGE_EDGES))):
        lines.append(q(n) + " " + " ".join(row))
    return "\n".join(lines) + "\n"


def ucinet_nodelist2():
    """The two-mode node list: `NR= NC=`, `FORMAT = NODELIST2`, labels embedded."""
    lines = ["DL NR=4, NC=3", "FORMAT = NODELIST2", "ROW LABELS EMBEDDED", "COLUMN LABELS EMBEDDED",
             "DATA:"]
    for p in PEOPLE:
        lines.append(" ".join([p] + [q(v) if " " in v else v for u, v in USES if u == p]))
    return "\n".join(lines) + "\n"


def igraph_title_keys():
    """Finding 5: igraph declares the key id `title` for the graph and for nodes."""
    ids = ["n%d" % i for i in range(len(VILLAGE_NODES))]
    by = dict(zip(VILLAGE_NODES, ids))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
           ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
           ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
           ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
           '<!-- in the form igraph writes -->',
           '  <key id="title" for="graph" attr.name="title" attr.type="string"/>',
           '  <key id="title" for="node" attr.name="title" attr.type="string"/>',
           '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
           '  <graph id="G" edgedefault="undirected">',
           '    <data key="title">Village friendship</data>']
    for n in VILLAGE_NODES:
        title = n.replace("'", "&apos;")
        out.append('    <node id="%s">' % by[n])
        out.append('      <data key="title">%s</data>' % title)
        out.append("    </node>")
    for u, v, w in VILLAGE_EDGES:
        out.append('    <edge source="%s" target="%s">' % (by[u], by[v]))
        out.append('      <data key="weight">%d</data>' % w)
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def relabel(g, mapping):
    return nx.relabel_nodes(g, mapping, copy=True)


# file name -> (finding, text, ground truth graph, node ids as Kith names them, labels)
FIXTURES = {
    "pajek_empty_arcs.net": (1, pajek_empty_arcs, lambda: village(), VILLAGE_NODES, VILLAGE_NODES),
    "pajek_empty_arcslist.net": (1, pajek_empty_arcslist, lambda: village(weighted=False),
                                 VILLAGE_NODES, VILLAGE_NODES),
    "pajek_title.net": (4, pajek_title, lambda: village(), VILLAGE_NODES, VILLAGE_NODES),
    "pajek_mixed_relations.net": (None, pajek_mixed_relations, mixed_advice,
                                  ["Ann", "Bob", "Cat", "Dev", "Eve"],
                                  ["Ann", "Bob", "Cat", "Dev", "Eve"]),
    "ucinet_export_nm.dl": (2, ucinet_export_nm, ucinet_levels, STOOGES, STOOGES),
    "ucinet_case_labels.dl": (3, ucinet_case_labels, case_network, CASE_ROWS, CASE_ROWS),
    "ucinet_wrapped_labels.dl": (None, ucinet_wrapped_labels, lambda: village(), VILLAGE_NODES,
                                 VILLAGE_NODES),
    "ucinet_edgelist_embedded.dl": (None, ucinet_edgelist_embedded, lambda: village(),
                                    VILLAGE_NODES, VILLAGE_NODES),
    "ucinet_rowcol_embedded.dl": (None, ucinet_rowcol_embedded, lambda: village(), VILLAGE_NODES,
                                  VILLAGE_NODES),
    "ucinet_nodelist2.dl": (None, ucinet_nodelist2, two_mode, PEOPLE + PLACES, PEOPLE + PLACES),
    "igraph_title_keys.graphml": (
        5, igraph_title_keys,
        lambda: relabel(village(), {n: "n%d" % i for i, n in enumerate(VILLAGE_NODES)}),
        ["n%d" % i for i in range(7)], ["n%d" % i for i in range(7)]),
}


# --------------------------------------------------------------------------------------------
# Values.


def counts(g):
    ties = g.number_of_edges()
    arcs = sum(1 for _, _, d in g.edges(data=True) if d.get("directed"))
    relations = []
    for _, _, d in g.edges(data=True):
        r = d.get("relation")
        if r is not None and r not in relations:
            relations.append(r)
    # Every tie at both its ends, direction aside (nx.MultiGraph(g) would merge an arc and its
    # reverse, which share a key).
    degree = {str(n): 0 for n in g.nodes}
    for u, v in g.edges():
        degree[str(u)] += 1
        degree[str(v)] += 1
    return {
        "nodes": g.number_of_nodes(),
        "ties": ties,
        "arcs": arcs,
        "directed": arcs > 0,
        "relations": relations,
        "degree": dict(sorted(degree.items())),
        "isolates": sorted(n for n, d in degree.items() if d == 0),
        "total_weight": sum(d.get("weight", 1) for _, _, d in g.edges(data=True)),
        "groups": sum(1 for _, d in g.nodes(data=True) if d.get("bipartite") == 1),
    }


def igraph_counts(path, fmt):
    g = ig.Graph.Read(path, format=fmt)
    return {"nodes": g.vcount(), "ties": g.ecount(), "directed": g.is_directed()}


# Why igraph 1.0.0's DL reader cannot read a DL file Kith writes, by the first line's form.
# igraph's DL grammar (src/io/dl-parser.y, dl-lexer.l) accepts exactly `dl n=N` on the first
# line: its lexer has no token for `nm=`, `nr=` or `nc=` and returns end of file at the first
# character it does not know, so the parse stops on line 1 (igraph_error records the message).
# Kith writes those headers only where DL has no other form: several relations need one matrix
# each (`nm=`), and two-mode rows and columns need `nr=` and `nc=`; writing either as `dl n=N`
# would lose the relations or the modes when UCINET or Kith read it back.
DL_UNREAD = {
    "nm": "several relations: Kith writes `dl n=N nm=K` and one full matrix per relation; "
          "igraph's DL reader accepts only `dl n=N` on the first line (its lexer has no `nm=` "
          "and stops there: parse error on line 1), and beyond that reads a single matrix of "
          "0/1 cells only (a valued cell such as 2 is an error) and reads the `matrix labels:` "
          "lines as more node labels",
    "nrnc": "two-mode: Kith writes `dl nr=R nc=C` with row and column labels; igraph's DL "
            "reader accepts only `dl n=N` on the first line (its lexer has no `nr=` or `nc=`: "
            "parse error on line 1, expecting n=) and has no two-mode form",
}

# What igraph does to a DL label that UCINET needs quoted (one holding a space): its lexer
# splits labels at spaces and commas and knows no quotes, so `"Ann Lee"` becomes the two names
# `"Ann ` and `Lee"`; it then names the n nodes with the first n pieces, so the names after it
# shift and the last ones are lost. The counts are unaffected. UCINET has no other way to write
# such a label, so Kith keeps the quotes.
DL_QUOTED_NAMES = ("igraph's DL reader splits a quoted label at its space and keeps the quote "
                   "marks (\"Ann Lee\" reads as '\"Ann ' and 'Lee\"'), then names the n nodes "
                   "with the first n pieces, so the names after it shift; counts are unaffected")


def dl_form(text):
    """"readable" when the first line is `dl n=N` (the only header igraph's reader takes),
    else the key of DL_UNREAD saying why not."""
    first = text.splitlines()[0].split()
    if len(first) == 2 and first[0] == "dl" and first[1].startswith("n="):
        return "readable"
    if any(w.startswith("nm=") for w in first):
        return "nm"
    if any(w.startswith(("nr=", "nc=")) for w in first):
        return "nrnc"
    sys.exit("a DL header Kith did not write before: %r" % text.splitlines()[0])


def igraph_dl_counts(path, truth):
    """What igraph gives for a DL file Kith wrote, made comparable with the fixture's counts.

    Kith writes a one-mode network without relations as `format = edgelist1` with `i j weight`
    lines, and an undirected tie as two lines (`i j w` and `j i w`) so that the matrix is
    symmetric, as UCINET reads it. igraph adds one edge per line and does not merge, so read as
    undirected (`directed=` the fixture's direction) it holds every undirected tie twice, a
    multi-edge with the weight on each copy. Here the lines are paired back: every undirected
    tie must come as exactly two edges with one weight (a self-loop once), and then counts once
    with that weight, which gives `ties` and `total_weight` as Kith and the fixture count them.
    `edges` keeps igraph's own count (one per data line). An arc is one line and one edge.
    The names are compared with the fixture's labels unless a label had to be quoted (see
    DL_QUOTED_NAMES)."""
    directed = truth["directed"]
    g = ig.Graph.Read_DL(path, directed=directed)
    weights = g.es["weight"] if "weight" in g.es.attributes() else [1.0] * g.ecount()
    seen = {}
    for (u, v), w in zip(g.get_edgelist(), weights):
        key = (u, v) if directed else (min(u, v), max(u, v))
        seen.setdefault(key, []).append(w)
    total = 0
    for (u, v), ws in sorted(seen.items()):
        copies = 1 if directed or u == v else 2
        if len(ws) != copies or len(set(ws)) != 1:
            sys.exit("%s: igraph reads the tie %d-%d as %d edges of weights %s, expected %d of "
                     "one weight" % (path, u, v, len(ws), ws, copies))
        total += ws[0]
    return {"nodes": g.vcount(), "ties": len(seen), "directed": g.is_directed(),
            "edges": g.ecount(), "total_weight": total, "names": g.vs["name"]}


def networkx_counts(g):
    return {"nodes": g.number_of_nodes(), "ties": g.number_of_edges(), "directed": g.is_directed()}


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def readers_of_fixture(name, path, truth):
    """What igraph and NetworkX give reading the dialect file itself; checked where they can."""
    want = {k: truth[k] for k in ("nodes", "ties", "directed")}
    out = {}
    if name.endswith(".net"):
        try:
            got = igraph_counts(path, "pajek")
            out["igraph"] = got
        except Exception as e:  # noqa: BLE001 - recorded, not hidden
            out["igraph"] = {"error": str(e).split(" -- ")[0]}
        nxg = nx.read_pajek(path)
        out["networkx"] = networkx_counts(nxg)
        if name in ("pajek_empty_arcs.net", "pajek_empty_arcslist.net", "pajek_title.net"):
            if out["igraph"] != want:
                sys.exit("%s: igraph reads %s, expected %s" % (name, out["igraph"], want))
        if name == "pajek_title.net" and out["networkx"] != want:
            sys.exit("%s: NetworkX reads %s, expected %s" % (name, out["networkx"], want))
    elif name.endswith(".graphml"):
        out["igraph"] = igraph_counts(path, "graphml")
        out["networkx"] = networkx_counts(nx.read_graphml(path))
        for who in ("igraph", "networkx"):
            if out[who] != want:
                sys.exit("%s: %s reads %s, expected %s" % (name, who, out[who], want))
        titles = [d.get("title") for _, d in nx.read_graphml(path).nodes(data=True)]
        if titles != VILLAGE_NODES:
            sys.exit("%s: NetworkX reads node titles %s" % (name, titles))
        out["networkx_node_titles"] = titles
    return out


def read_written(stem, ext, truth):
    """What NetworkX and igraph give for a file Kith wrote; fails when they differ from the
    fixture's counts, or returns None and a reason where the tool cannot read the form."""
    path = os.path.join(WRITTEN, stem + "." + ext)
    with open(path, "rb") as f:
        data = f.read()
    want = {k: truth[k] for k in ("nodes", "ties", "directed")}
    entry = {"fnv1a64": fnv1a64(data)}
    text = data.decode("utf-8")
    if ext == "graphml":
        entry["networkx"] = networkx_counts(nx.read_graphml(path))
        entry["igraph"] = igraph_counts(path, "graphml")
    elif ext == "gexf":
        entry["networkx"] = networkx_counts(nx.read_gexf(path))
    elif ext == "dl":
        # NetworkX has no DL reader: igraph only.
        form = dl_form(text)
        if form == "readable":
            entry["igraph"] = igraph_dl_counts(path, truth)
            if entry["igraph"]["total_weight"] != truth["total_weight"]:
                sys.exit("written %s.dl: igraph reads a total weight of %s, expected %s"
                         % (stem, entry["igraph"]["total_weight"], truth["total_weight"]))
            header = text.split("\ndata:", 1)[0]
            if entry["igraph"]["names"] != truth["labels"]:
                if '"' not in header:
                    sys.exit("written %s.dl: igraph reads the names %s, expected %s"
                             % (stem, entry["igraph"]["names"], truth["labels"]))
                entry["names_why"] = DL_QUOTED_NAMES
        else:
            try:
                ig.Graph.Read_DL(path, directed=truth["directed"])
            except ig.InternalError as e:
                entry["igraph"] = None
                entry["igraph_error"] = str(e).split(" -- ")[0].split(": ", 1)[1]
                entry["why"] = DL_UNREAD[form]
            else:
                sys.exit("written %s.dl: igraph now reads this form; DL_UNREAD is out of date"
                         % stem)
    else:
        lines = text.splitlines()
        sections = [l.split()[0].lower() for l in lines if l.startswith("*") and not l.lower().startswith(("*vertices", "*network"))]
        relations = any(":" in l for l in lines if l.startswith("*") and not l.lower().startswith("*network"))
        two_mode = any(l.lower().startswith("*vertices") and len(l.split()) == 3 for l in lines)
        mixed = len({s.rstrip("list") for s in sections}) > 1
        if relations or mixed:
            entry["networkx"] = None
            entry["igraph"] = None
            entry["why"] = ("relation headers (:k \"name\") or arcs beside edges, which neither "
                            "NetworkX's nor igraph's Pajek reader reads")
        else:
            entry["igraph"] = igraph_counts(path, "pajek")
            if two_mode:
                entry["networkx"] = None
                entry["why"] = "NetworkX's Pajek reader does not read the two-mode *Vertices n n1"
            else:
                entry["networkx"] = networkx_counts(nx.read_pajek(path))
    for who in ("networkx", "igraph"):
        got = entry.get(who)
        if got is not None and {k: got[k] for k in want} != want:
            sys.exit("written %s.%s: %s reads %s, expected %s" % (stem, ext, who, got, want))
    return entry


def main():
    for mod, want in (("networkx", "3.6.1"), ("igraph", "1.0.0")):
        have = sys.modules[mod].__version__
        if have != want:
            print("warning: %s %s, the committed files were made with %s" % (mod, have, want),
                  file=sys.stderr)
    os.makedirs(DATA, exist_ok=True)
    expected = {"notes": {
        "what": "For each file in tests/data/dialects: the ground truth (the network as built in "
                "NetworkX by tests/reference/make_dialects.py) as Kith should read it.",
        "counts": "nodes; ties (every tie once: an undirected tie is one tie, an arc one tie); "
                  "arcs (directed ties); directed (true when any tie is an arc); relations in "
                  "the order the file names them; node_ids and labels in file order; groups = nodes "
                  "of the second mode (bipartite = 1); degree = "
                  "ties at each node, direction aside (a self-loop counts twice); isolates; "
                  "total_weight.",
        "readers": "What igraph 1.0.0 and NetworkX 3.6.1 give reading the file itself "
                   "(nodes, ties, directed), where they read the dialect. The script fails "
                   "where they should agree and do not. NetworkX reads a Pajek file as directed "
                   "when its first section keyword is *Arcs, even an empty one; igraph takes "
                   "the last one; neither reads relation headers.",
        "written": "For each file Kith writes from the fixture (tests/reference/written/"
                   "<stem>.graphml|gexf|net|dl): its FNV-1a 64-bit hash and what NetworkX and "
                   "igraph read from it; null (with why) where the tool cannot read that form. "
                   "DL is read by igraph only (NetworkX has no DL reader), with directed= the "
                   "fixture's direction: igraph makes an edge of every edgelist1 line, so "
                   "edges counts an undirected tie twice (Kith writes it both ways, as a "
                   "symmetric matrix) and ties and total_weight count the two lines of such a "
                   "tie once; names are igraph's node names, with names_why where they differ "
                   "from the labels; igraph_error is igraph's message where it cannot read "
                   "the form.",
    }, "files": {}}
    missing = []
    for name, (finding, make, truth_graph, ids, labels) in sorted(FIXTURES.items()):
        path = os.path.join(DATA, name)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(make())
        truth = counts(truth_graph())
        truth["finding"] = finding
        truth["node_ids"] = list(ids)
        truth["labels"] = list(labels)
        truth["readers"] = readers_of_fixture(name, path, truth)
        stem = name.rsplit(".", 1)[0]
        written = {}
        for ext in ("graphml", "gexf", "net", "dl"):
            if not os.path.exists(os.path.join(WRITTEN, stem + "." + ext)):
                missing.append(stem + "." + ext)
                continue
            written[ext] = read_written(stem, ext, truth)
        truth["written"] = written
        expected["files"][name] = truth
    with open(EXPECTED, "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    if missing:
        sys.exit("missing files Kith writes: %s\nrun `KITH_BLESS=1 cargo test --test formats "
                 "dialect`, then this script again" % ", ".join(missing))


if __name__ == "__main__":
    main()
