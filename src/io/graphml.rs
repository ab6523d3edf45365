//! GraphML (NetworkX, Gephi, yEd, igraph): keys with typed defaults, nodes with data, edges
//! with a per-graph default direction that each edge may override.
//!
//! Node keys named `label` (or `name`, when there is no `label` key) and `kind` fill
//! [`Node::label`](crate::model::Node) and [`NodeKind`]; edge keys named `weight`, `relation`
//! and `wave` fill the tie's fields, and a boolean edge key named `directed` gives the tie's
//! direction where the edge has no `directed` attribute (how Kith writes a network with
//! directed and undirected ties). Every other key becomes a node or tie attribute. A key
//! id may be declared for several domains (igraph declares `title` for the graph and for
//! nodes): each `<data>` uses the key of its element's domain. The study is directed when
//! a tie is; `edgedefault` decides only in a file without edges. Nested graphs (yEd
//! groups) are flattened into one study; hyperedges are refused.
//!
//! The file is read into a small element tree first ([`xml`], also used by the GEXF reader)
//! so that edges may name nodes declared later and every error can name its line and column.

use std::fmt::Write as _;

use super::{ImportError, Input, ReadOptions, Written};
use crate::model::{AttrType, NodeKind, RelationId, Study, Tie, WaveId, parse_number};

use xml::{Document, Element, ValueType};

/// The GraphML namespace, written on the root element.
const NAMESPACE: &str = "http://graphml.graphdrawing.org/xmlns";

/// What a `<key>` declares.
struct Key<'d> {
    id: &'d str,
    name: String,
    ty: ValueType,
    /// The `attr.type` as written, for messages.
    type_name: &'d str,
    domain: Domain,
    default: Option<&'d str>,
    /// yEd's `yfiles.type`: graphics, not data.
    yfiles: Option<&'d str>,
    /// The attribute type Kith wrote for a string key, which inference cannot recover.
    hint: Option<AttrType>,
    pos: usize,
}

/// Which elements a key describes (`for`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Domain {
    Node,
    Edge,
    Graph,
    All,
    Other,
}

impl Domain {
    /// The `for` value, for messages.
    fn name(self) -> &'static str {
        match self {
            Domain::Node => "node",
            Domain::Edge => "edge",
            Domain::Graph => "graph",
            Domain::All => "all",
            Domain::Other => "another element",
        }
    }
}

/// A `<node>` before the study is built.
struct RawNode<'d> {
    id: &'d str,
    pos: usize,
    data: Vec<(usize, &'d Element)>,
}

/// An `<edge>` before its ends are looked up (they may be declared further down).
struct RawEdge<'d> {
    source: &'d str,
    target: &'d str,
    directed: bool,
    /// Whether the edge says its direction itself (`directed="…"`).
    explicit: bool,
    pos: usize,
    data: Vec<(usize, &'d Element)>,
}

/// Everything collected from the graphs of a file.
#[derive(Default)]
struct Collected<'d> {
    nodes: Vec<RawNode<'d>>,
    edges: Vec<RawEdge<'d>>,
    /// The top-level graph's default direction, once seen.
    directed: Option<bool>,
    name: Option<String>,
}

/// Reads a GraphML file. Node ids must be declared (anywhere in the file); an edge to an
/// undeclared node, a value that does not fit its key's type, a hyperedge or malformed XML
/// is an error naming the line and column.
pub fn read(src: &Input, opts: &ReadOptions) -> Result<Study, ImportError> {
    let doc = Document::parse(src)?;
    let root = doc.root()?;
    if root.name != "graphml" {
        return Err(doc.error(
            root.pos,
            format!(
                "this is not a GraphML file: the root element is <{}>, not <graphml>",
                root.name
            ),
        ));
    }
    let mut keys: Vec<Key> = Vec::new();
    for el in doc.children(root).filter(|e| e.name == "key") {
        let key = parse_key(&doc, el)?;
        // igraph declares one id for several domains (`title` for the graph and for nodes);
        // each `<data>` finds the key of its own element's domain.
        if keys
            .iter()
            .any(|k| k.id == key.id && k.domain == key.domain)
        {
            return Err(doc.error(
                el.pos,
                format!(
                    "key id \"{}\" is declared twice for {}",
                    key.id,
                    key.domain.name()
                ),
            ));
        }
        keys.push(key);
    }
    let mut got = Collected::default();
    for el in doc.children(root).filter(|e| e.name == "graph") {
        collect_graph(&doc, el, &keys, opts.directed, true, &mut got)?;
    }
    if got.directed.is_none() && got.nodes.is_empty() {
        return Err(doc.error(root.pos, "the file has no <graph>"));
    }
    build(&doc, &keys, got, opts)
}

fn parse_key<'d>(doc: &'d Document, el: &'d Element) -> Result<Key<'d>, ImportError> {
    let Some(id) = el.attr("id") else {
        return Err(doc.error(el.pos, "<key> has no id"));
    };
    let type_name = el.attr("attr.type").unwrap_or("string");
    let ty = match type_name.trim() {
        "int" | "long" | "float" | "double" => ValueType::Number,
        "boolean" => ValueType::Boolean,
        "string" => ValueType::String,
        other => {
            return Err(doc.error(
                el.pos,
                format!(
                    "key \"{id}\" has attr.type \"{other}\"; GraphML types are boolean, int, \
                     long, float, double and string"
                ),
            ));
        }
    };
    let domain = match el.attr("for").unwrap_or("all").trim() {
        "node" => Domain::Node,
        "edge" => Domain::Edge,
        "graph" => Domain::Graph,
        "all" => Domain::All,
        _ => Domain::Other,
    };
    let default = doc
        .children(el)
        .find(|c| c.name == "default")
        .map(|d| d.text.as_str());
    Ok(Key {
        id,
        name: el.attr("attr.name").unwrap_or(id).to_string(),
        ty,
        type_name,
        domain,
        default,
        yfiles: el.attr("yfiles.type"),
        hint: el.attr(xml::HINT).and_then(xml::parse_hint),
        pos: el.pos,
    })
}

/// Collects the nodes and edges of a graph and of the graphs nested in its nodes.
fn collect_graph<'d>(
    doc: &'d Document,
    graph: &'d Element,
    keys: &[Key],
    fallback_directed: bool,
    top: bool,
    got: &mut Collected<'d>,
) -> Result<(), ImportError> {
    let directed = match graph.attr("edgedefault").map(str::trim) {
        Some("directed") => true,
        Some("undirected") => false,
        None => fallback_directed,
        Some(other) => {
            return Err(doc.error(
                graph.pos,
                format!("edgedefault is \"{other}\"; it must be \"directed\" or \"undirected\""),
            ));
        }
    };
    if top && got.directed.is_none() {
        got.directed = Some(directed);
    }
    for el in doc.children(graph) {
        match el.name.as_str() {
            "node" => collect_node(doc, el, keys, directed, got)?,
            "edge" => {
                let end = |name: &str| {
                    el.attr(name)
                        .ok_or_else(|| doc.error(el.pos, format!("<edge> has no {name}")))
                };
                let (source, target) = (end("source")?, end("target")?);
                let explicit = el.attr("directed").is_some();
                let directed = match el.attr("directed") {
                    None => directed,
                    Some(d) => xml::parse_bool(d).ok_or_else(|| {
                        doc.error(
                            el.pos,
                            format!("directed is \"{d}\"; it must be true or false"),
                        )
                    })?,
                };
                let data = collect_data(doc, el, keys, Domain::Edge)?;
                got.edges.push(RawEdge {
                    source,
                    target,
                    directed,
                    explicit,
                    pos: el.pos,
                    data,
                });
            }
            "hyperedge" => {
                return Err(doc.error(
                    el.pos,
                    "hyperedges are not supported: Kith reads ties between two nodes; for \
                     groups or events, make each a node and tie its members to it",
                ));
            }
            "locator" => {
                return Err(doc.error(
                    el.pos,
                    "graphs stored in another file (<locator>) are not supported",
                ));
            }
            "data" if top && got.name.is_none() => {
                let key = find_key(doc, el, keys, Domain::Graph)?;
                if let Some(k) = keys.get(key) {
                    let lower = k.name.to_lowercase();
                    let naming = matches!(lower.as_str(), "name" | "label" | "title");
                    if naming && !el.text.trim().is_empty() {
                        got.name = Some(el.text.trim().to_string());
                    }
                }
            }
            // Descriptions, graph data other than a name, and extensions carry nothing a
            // study holds.
            _ => {}
        }
    }
    Ok(())
}

fn collect_node<'d>(
    doc: &'d Document,
    el: &'d Element,
    keys: &[Key],
    directed: bool,
    got: &mut Collected<'d>,
) -> Result<(), ImportError> {
    let Some(id) = el.attr("id") else {
        return Err(doc.error(el.pos, "<node> has no id"));
    };
    let data = collect_data(doc, el, keys, Domain::Node)?;
    got.nodes.push(RawNode {
        id,
        pos: el.pos,
        data,
    });
    // A node holding a graph is a group (yEd): its members become nodes of the one study,
    // ties crossing the group's border included.
    for inner in doc.children(el).filter(|c| c.name == "graph") {
        collect_graph(doc, inner, keys, directed, false, got)?;
    }
    Ok(())
}

fn collect_data<'d>(
    doc: &'d Document,
    el: &'d Element,
    keys: &[Key],
    domain: Domain,
) -> Result<Vec<(usize, &'d Element)>, ImportError> {
    let mut out = Vec::new();
    for d in doc.children(el).filter(|c| c.name == "data") {
        out.push((find_key(doc, d, keys, domain)?, d));
    }
    Ok(out)
}

/// The key a `<data>` refers to: the one with its id declared for the element's `domain`,
/// else for all elements, else any with that id (as NetworkX reads it).
fn find_key(
    doc: &Document,
    data: &Element,
    keys: &[Key],
    domain: Domain,
) -> Result<usize, ImportError> {
    let Some(id) = data.attr("key") else {
        return Err(doc.error(data.pos, "<data> has no key"));
    };
    let with = |d: Option<Domain>| {
        keys.iter()
            .position(|k| k.id == id && d.is_none_or(|d| k.domain == d))
    };
    with(Some(domain))
        .or_else(|| with(Some(Domain::All)))
        .or_else(|| with(None))
        .ok_or_else(|| {
            doc.error(
                data.pos,
                format!("<data> refers to key \"{id}\", which no <key> declares"),
            )
        })
}

/// The role a node key plays.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Label,
    Kind,
    /// yEd graphics, from which only a node's label is taken.
    Graphics,
    Attribute,
}

/// Which keys are used on nodes (`for_nodes`) or on edges, in declaration order: declared
/// for them, or referenced by their data.
fn used_keys(keys: &[Key], data: &mut dyn Iterator<Item = usize>, for_nodes: bool) -> Vec<usize> {
    let mut used = vec![false; keys.len()];
    for k in data {
        if let Some(u) = used.get_mut(k) {
            *u = true;
        }
    }
    keys.iter()
        .enumerate()
        .filter(|(i, k)| {
            let declared = match k.domain {
                Domain::Node => for_nodes,
                Domain::Edge => !for_nodes,
                // A key for everything only becomes a column where it is used.
                Domain::All => k.default.is_some(),
                Domain::Graph | Domain::Other => false,
            };
            declared || used.get(*i).copied().unwrap_or(false)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The text of an element's data for a key, or the key's default; with the position to
/// blame if it does not parse.
fn cell<'d>(
    data: &[(usize, &'d Element)],
    key: usize,
    keys: &[Key<'d>],
) -> Option<(&'d str, usize)> {
    match data.iter().find(|(k, _)| *k == key) {
        Some((_, el)) => Some((el.text.as_str(), el.pos)),
        None => keys.get(key).and_then(|k| k.default.map(|d| (d, k.pos))),
    }
}

fn build(
    doc: &Document,
    keys: &[Key],
    got: Collected,
    opts: &ReadOptions,
) -> Result<Study, ImportError> {
    let mut study = Study::new(got.directed.unwrap_or(opts.directed));
    if let Some(name) = got.name {
        study.name = name;
    }
    for n in &got.nodes {
        study
            .add_node(n.id, n.id, NodeKind::default())
            .map_err(|_| doc.error(n.pos, format!("node id \"{}\" is used twice", n.id)))?;
    }

    add_node_keys(doc, keys, &got.nodes, &mut study)?;
    add_edges(doc, keys, &got.edges, &mut study)?;
    // Direction comes from the ties that exist; `edgedefault` decides only without ties.
    if study.tie_count() > 0 {
        study.directed = study.ties().iter().any(|t| t.directed);
    }
    Ok(study)
}

/// The node keys: label (a `label` or `name` key, or yEd's NodeLabel), kind, and the rest as
/// attribute columns.
fn add_node_keys(
    doc: &Document,
    keys: &[Key],
    nodes: &[RawNode],
    study: &mut Study,
) -> Result<(), ImportError> {
    // Node keys.
    let node_keys = used_keys(
        keys,
        &mut nodes.iter().flat_map(|n| n.data.iter().map(|d| d.0)),
        true,
    );
    let named = |i: &usize, name: &str| {
        keys.get(*i)
            .is_some_and(|k| k.name.eq_ignore_ascii_case(name))
    };
    let label_key = node_keys
        .iter()
        .find(|i| named(i, "label"))
        .or_else(|| node_keys.iter().find(|i| named(i, "name")))
        .copied();
    let kind_key = node_keys.iter().find(|i| named(i, "kind")).copied();
    let mut taken: Vec<String> = Vec::new();
    for &ki in &node_keys {
        let Some(key) = keys.get(ki) else { continue };
        let role = if key.yfiles.is_some() {
            Role::Graphics
        } else if Some(ki) == label_key {
            Role::Label
        } else if Some(ki) == kind_key {
            Role::Kind
        } else {
            Role::Attribute
        };
        let cells: Vec<Option<(&str, usize)>> =
            nodes.iter().map(|n| cell(&n.data, ki, keys)).collect();
        match role {
            Role::Graphics => {
                if label_key.is_some() {
                    continue;
                }
                // yEd keeps a node's visible name in a NodeLabel inside its graphics.
                for (i, n) in nodes.iter().enumerate() {
                    let label = n
                        .data
                        .iter()
                        .filter(|(k, _)| *k == ki)
                        .find_map(|(_, el)| doc.descendant_text(el, "NodeLabel"));
                    if let (Some(label), Some(node)) = (label, study.node_mut(xml::node_id(i))) {
                        node.label = label;
                    }
                }
            }
            Role::Label => {
                for (i, c) in cells.iter().enumerate() {
                    if let (Some((text, _)), Some(node)) = (c, study.node_mut(xml::node_id(i))) {
                        node.label = text.to_string();
                    }
                }
            }
            Role::Kind
                if cells
                    .iter()
                    .flatten()
                    .all(|(t, _)| NodeKind::parse(t).is_some()) =>
            {
                for (i, c) in cells.iter().enumerate() {
                    let kind = c.and_then(|(t, _)| NodeKind::parse(t));
                    if let (Some(kind), Some(node)) = (kind, study.node_mut(xml::node_id(i))) {
                        node.kind = kind;
                    }
                }
            }
            Role::Kind | Role::Attribute => {
                let name = xml::unique_name(&mut taken, &key.name, key.id);
                let what = format!("key \"{}\" is {}", key.name, key.type_name);
                let column = xml::typed_column(doc, &name, key.ty, key.hint, &what, &cells)?;
                study.put_node_attribute(column);
            }
        }
    }

    Ok(())
}

/// The edges as ties, with the keys that fill a tie's fields (weight, relation, wave, its own
/// direction), then the keys that become tie attributes.
fn add_edges(
    doc: &Document,
    keys: &[Key],
    edges: &[RawEdge],
    study: &mut Study,
) -> Result<(), ImportError> {
    // Edges: their ends first (all nodes are known now), then the keys that fill a tie's
    // fields, then the ties, then the keys that become tie attributes.
    let mut ends = Vec::with_capacity(edges.len());
    for e in edges {
        let end = |id: &str, which: &str| {
            study
                .find(id)
                .ok_or_else(|| doc.error(e.pos, format!("edge {which} \"{id}\" is not a node")))
        };
        ends.push((end(e.source, "source")?, end(e.target, "target")?));
    }
    let edge_keys = used_keys(
        keys,
        &mut edges.iter().flat_map(|e| e.data.iter().map(|d| d.0)),
        false,
    );
    let mut weights = vec![1.0; edges.len()];
    let mut own_direction: Vec<Option<bool>> = vec![None; edges.len()];
    let mut relations: Vec<Option<(&str, usize)>> = vec![None; edges.len()];
    let mut waves: Vec<Option<(&str, usize)>> = vec![None; edges.len()];
    let mut attribute_keys = Vec::new();
    for &ki in &edge_keys {
        let Some(key) = keys.get(ki) else { continue };
        let cells: Vec<Option<(&str, usize)>> =
            edges.iter().map(|e| cell(&e.data, ki, keys)).collect();
        let lower = key.name.to_lowercase();
        if key.yfiles.is_some() {
            continue;
        }
        let numeric = key.ty == ValueType::Number
            || cells
                .iter()
                .flatten()
                .all(|(t, _)| t.trim().is_empty() || parse_number(t).is_some());
        let booleans = cells
            .iter()
            .flatten()
            .all(|(t, _)| xml::parse_bool(t).is_some());
        if lower == "directed" && booleans {
            // A mixed network as Kith writes it: each tie's own direction.
            for (slot, c) in own_direction.iter_mut().zip(&cells) {
                *slot = c.and_then(|(t, _)| xml::parse_bool(t));
            }
        } else if lower == "weight" && numeric {
            let what = format!("key \"{}\" is {}", key.name, key.type_name);
            for (slot, c) in weights.iter_mut().zip(&cells) {
                let Some((text, pos)) = c else { continue };
                let t = text.trim();
                if !t.is_empty() {
                    *slot = parse_number(t).ok_or_else(|| {
                        doc.error(*pos, format!("\"{t}\" is not a number ({what})"))
                    })?;
                }
            }
        } else if lower == "relation" || lower == "wave" {
            let target = if lower == "relation" {
                &mut relations
            } else {
                &mut waves
            };
            for (slot, c) in target.iter_mut().zip(&cells) {
                *slot = c
                    .map(|(t, pos)| (t.trim(), pos))
                    .filter(|(t, _)| !t.is_empty());
            }
        } else {
            attribute_keys.push((ki, cells));
        }
    }
    for (i, &(source, target)) in ends.iter().enumerate() {
        let mut intern =
            |names: &[Option<(&str, usize)>], relation: bool| match names.get(i).copied().flatten()
            {
                Some((name, pos)) => {
                    let id = if relation {
                        study.relation(name).map(|r| r.0)
                    } else {
                        study.wave(name).map(|w| w.0)
                    };
                    id.map(Some).map_err(|e| doc.error(pos, e.to_string()))
                }
                None => Ok(None),
            };
        let relation = intern(&relations, true)?.map(RelationId);
        let wave = intern(&waves, false)?.map(WaveId);
        let tie = Tie {
            source,
            target,
            weight: weights.get(i).copied().unwrap_or(1.0),
            relation,
            wave,
            directed: match (edges.get(i), own_direction.get(i).copied().flatten()) {
                (Some(e), Some(d)) if !e.explicit => d,
                (Some(e), _) => e.directed,
                (None, _) => false,
            },
        };
        // Both ends were found above, so adding cannot fail.
        let _ = study.add_tie(tie);
    }
    let mut taken: Vec<String> = Vec::new();
    for (ki, cells) in attribute_keys {
        let Some(key) = keys.get(ki) else { continue };
        let name = xml::unique_name(&mut taken, &key.name, key.id);
        let what = format!("key \"{}\" is {}", key.name, key.type_name);
        let column = xml::typed_column(doc, &name, key.ty, key.hint, &what, &cells)?;
        study.put_tie_attribute(column);
    }
    Ok(())
}

/// Writes GraphML: node keys `label`, `kind` and one per node attribute, edge keys `weight`,
/// `relation` and `wave` (when the study has them) and one per tie attribute, then the
/// graph. `edgedefault` is directed when any tie is; a network with directed and
/// undirected ties gets an edge key `directed` (boolean) holding each tie's direction,
/// because NetworkX refuses edges whose `directed` attribute differs from `edgedefault` and
/// igraph ignores it. Missing values have no `<data>`.
pub fn write(study: &Study) -> Written {
    let mut notes = xml::Notes::default();
    let mut out = String::new();
    let mut next = 0usize;
    let mut key_id = || {
        let id = format!("d{next}");
        next += 1;
        id
    };
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<graphml xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd\">"
    );
    let key_line = |out: &mut String,
                    id: &str,
                    domain: &str,
                    name: &str,
                    ty: &str,
                    hint: Option<AttrType>,
                    notes: &mut xml::Notes| {
        let _ = write!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{}\" attr.type=\"{ty}\"",
            notes.escape(name, true)
        );
        if let Some(h) = hint {
            let _ = write!(out, " {}=\"{}\"", xml::HINT, h.name());
        }
        out.push_str("/>\n");
    };
    let label_id = key_id();
    key_line(
        &mut out, &label_id, "node", "label", "string", None, &mut notes,
    );
    let kind_id = key_id();
    key_line(
        &mut out, &kind_id, "node", "kind", "string", None, &mut notes,
    );
    let node_names = xml::column_names(
        study.node_attributes(),
        &["label", "kind"],
        "node",
        &mut notes,
    );
    let mut node_cols = Vec::new();
    for (a, name) in study.node_attributes().iter().zip(&node_names) {
        let id = key_id();
        let (ty, hint) = xml::xml_type(a.ty(), "double", "string");
        key_line(&mut out, &id, "node", name, ty, hint, &mut notes);
        node_cols.push((id, a));
    }
    let weight_id = key_id();
    key_line(
        &mut out, &weight_id, "edge", "weight", "double", None, &mut notes,
    );
    let relation_id = (!study.relations().is_empty()).then(&mut key_id);
    if let Some(id) = &relation_id {
        key_line(&mut out, id, "edge", "relation", "string", None, &mut notes);
    }
    let wave_id = (!study.waves().is_empty()).then(&mut key_id);
    if let Some(id) = &wave_id {
        key_line(&mut out, id, "edge", "wave", "string", None, &mut notes);
    }
    let direction = xml::direction(study, &mut notes);
    let directed_id = direction.mixed.then(&mut key_id);
    if let Some(id) = &directed_id {
        key_line(
            &mut out, id, "edge", "directed", "boolean", None, &mut notes,
        );
    }
    let tie_names = xml::column_names(
        study.tie_attributes(),
        &["weight", "relation", "wave", "directed"],
        "tie",
        &mut notes,
    );
    let mut tie_cols = Vec::new();
    for (a, name) in study.tie_attributes().iter().zip(&tie_names) {
        let id = key_id();
        let (ty, hint) = xml::xml_type(a.ty(), "double", "string");
        key_line(&mut out, &id, "edge", name, ty, hint, &mut notes);
        tie_cols.push((id, a));
    }
    let name_id = (!study.name.is_empty()).then(&mut key_id);
    if let Some(id) = &name_id {
        key_line(&mut out, id, "graph", "name", "string", None, &mut notes);
    }

    let edgedefault = if direction.default {
        "directed"
    } else {
        "undirected"
    };
    let _ = writeln!(out, "  <graph edgedefault=\"{edgedefault}\">");
    if let Some(id) = &name_id {
        let _ = writeln!(
            out,
            "    <data key=\"{id}\">{}</data>",
            notes.escape(&study.name, false)
        );
    }
    let data = |out: &mut String, id: &str, value: &str, notes: &mut xml::Notes| {
        let _ = writeln!(
            out,
            "      <data key=\"{id}\">{}</data>",
            notes.escape(value, false)
        );
    };
    for (i, n) in study.nodes().iter().enumerate() {
        let _ = writeln!(out, "    <node id=\"{}\">", notes.escape(&n.id, true));
        data(&mut out, &label_id, &n.label, &mut notes);
        data(&mut out, &kind_id, n.kind.name(), &mut notes);
        for (id, a) in &node_cols {
            if let Some(v) = notes.value_text(a, i) {
                data(&mut out, id, &v, &mut notes);
            }
        }
        out.push_str("    </node>\n");
    }
    let nodes = study.nodes();
    for (i, t) in study.ties().iter().enumerate() {
        let (Some(s), Some(d)) = (nodes.get(t.source.index()), nodes.get(t.target.index())) else {
            continue;
        };
        let _ = write!(
            out,
            "    <edge source=\"{}\" target=\"{}\"",
            notes.escape(&s.id, true),
            notes.escape(&d.id, true)
        );
        out.push_str(">\n");
        if let Some(w) = notes.weight_text(t.weight) {
            data(&mut out, &weight_id, &w, &mut notes);
        }
        if let (Some(id), Some(r)) = (
            &relation_id,
            t.relation.and_then(|r| study.relation_name(r)),
        ) {
            data(&mut out, id, r, &mut notes);
        }
        if let (Some(id), Some(w)) = (&wave_id, t.wave.and_then(|w| study.wave_name(w))) {
            data(&mut out, id, w, &mut notes);
        }
        if let Some(id) = &directed_id {
            data(
                &mut out,
                id,
                if t.directed { "true" } else { "false" },
                &mut notes,
            );
        }
        for (id, a) in &tie_cols {
            if let Some(v) = notes.value_text(a, i) {
                data(&mut out, id, &v, &mut notes);
            }
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    notes.check_order(study);
    Written {
        bytes: out.into_bytes(),
        notes: notes.into_sentences(),
    }
}

/// A small element tree over quick-xml's events, with byte positions turned into lines and
/// columns for messages, plus the typed-column and escaping helpers both XML formats share.
///
/// It lives here (and is used by `gexf.rs`) because the two XML formats are the only users;
/// it could move to its own `io/xml.rs`.
pub(super) mod xml {
    use std::borrow::Cow;

    use quick_xml::XmlVersion;
    use quick_xml::events::Event;
    use quick_xml::reader::Reader;

    use crate::io::{ImportError, Input, text};
    use crate::model::{
        AttrType, Attribute, NodeId, Study, Value, attribute_format_number, is_missing_token,
        parse_number,
    };

    /// The attribute Kith adds to a string `<key>` or `<attribute>` to say whether the column
    /// is categorical or text; other programs ignore it.
    pub(crate) const HINT: &str = "kith.type";

    /// Elements nested deeper than this are refused, so that hostile files cannot exhaust
    /// the stack of the (recursive) graph walkers.
    const MAX_DEPTH: usize = 256;

    /// One element: its local name (prefix dropped), attributes (local names, values
    /// unescaped), direct text and children.
    pub(crate) struct Element {
        pub(crate) name: String,
        pub(crate) attrs: Vec<(String, String)>,
        pub(crate) text: String,
        pub(crate) children: Vec<usize>,
        /// Byte offset of the `<` in the decoded text.
        pub(crate) pos: usize,
    }

    impl Element {
        /// The value of the attribute with this local name.
        pub(crate) fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        }
    }

    /// A parsed file: its elements in document order (the root first) and what is needed to
    /// name a line and column.
    pub(crate) struct Document {
        file: String,
        text: String,
        line_starts: Vec<usize>,
        elements: Vec<Element>,
    }

    impl Document {
        /// Decodes and parses a file; malformed XML is an error at the place it was found.
        pub(crate) fn parse(src: &Input) -> Result<Document, ImportError> {
            let text = decode_xml(src.bytes);
            let mut doc = Document {
                file: src.name.to_string(),
                line_starts: line_starts(&text),
                text,
                elements: Vec::new(),
            };
            doc.elements = doc.parse_elements()?;
            Ok(doc)
        }

        fn parse_elements(&self) -> Result<Vec<Element>, ImportError> {
            let mut reader = Reader::from_str(&self.text);
            let mut elements: Vec<Element> = Vec::new();
            let mut stack: Vec<usize> = Vec::new();
            loop {
                let pos = to_usize(reader.buffer_position());
                let event = reader.read_event().map_err(|e| {
                    self.error(
                        to_usize(reader.error_position()),
                        format!("malformed XML: {e}"),
                    )
                })?;
                match event {
                    Event::Start(e) => {
                        let i = self.open(&e, pos, &mut elements, &stack)?;
                        stack.push(i);
                    }
                    Event::Empty(e) => {
                        self.open(&e, pos, &mut elements, &stack)?;
                    }
                    Event::End(_) => {
                        stack.pop();
                    }
                    Event::Text(t) => {
                        self.push_text(&mut elements, &stack, &t.xml10_content(), pos)?
                    }
                    Event::CData(t) => {
                        self.push_text(&mut elements, &stack, &t.xml10_content(), pos)?
                    }
                    Event::GeneralRef(r) => {
                        let resolved: Cow<str> = if r.is_char_ref() {
                            match r.resolve_char_ref() {
                                Ok(Some(c)) => Cow::Owned(c.to_string()),
                                _ => {
                                    return Err(self.error(
                                        pos,
                                        format!("malformed XML: &{}; is not a character", &*r),
                                    ));
                                }
                            }
                        } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                            Cow::Borrowed(s)
                        } else {
                            return Err(
                                self.error(pos, format!("malformed XML: unknown entity &{};", &*r))
                            );
                        };
                        self.push_text(&mut elements, &stack, &resolved, pos)?;
                    }
                    Event::Eof => {
                        if let Some(open) = stack.last().and_then(|&i| elements.get(i)) {
                            return Err(self.error(
                                pos,
                                format!("malformed XML: the file ends inside <{}>", open.name),
                            ));
                        }
                        if elements.is_empty() {
                            return Err(ImportError::file(
                                &self.file,
                                "the file has no XML elements",
                            ));
                        }
                        return Ok(elements);
                    }
                    // Declarations, comments, processing instructions and DTDs say nothing
                    // about the network.
                    _ => {}
                }
            }
        }

        fn open(
            &self,
            e: &quick_xml::events::BytesStart,
            pos: usize,
            elements: &mut Vec<Element>,
            stack: &[usize],
        ) -> Result<usize, ImportError> {
            if stack.is_empty() && !elements.is_empty() {
                return Err(self.error(pos, "malformed XML: a second root element"));
            }
            if stack.len() >= MAX_DEPTH {
                return Err(self.error(
                    pos,
                    format!("elements are nested more than {MAX_DEPTH} deep"),
                ));
            }
            let mut attrs = Vec::new();
            for a in e.attributes() {
                let a = a.map_err(|err| self.error(pos, format!("malformed XML: {err}")))?;
                let value = a
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|err| self.error(pos, format!("malformed XML: {err}")))?;
                attrs.push((local(a.key.as_ref()).to_string(), value.into_owned()));
            }
            let name = local(e.name().as_ref()).to_string();
            let i = elements.len();
            elements.push(Element {
                name,
                attrs,
                text: String::new(),
                children: Vec::new(),
                pos,
            });
            if let Some(parent) = stack.last().and_then(|&p| elements.get_mut(p)) {
                parent.children.push(i);
            }
            Ok(i)
        }

        fn push_text(
            &self,
            elements: &mut [Element],
            stack: &[usize],
            s: &str,
            pos: usize,
        ) -> Result<(), ImportError> {
            match stack.last().and_then(|&i| elements.get_mut(i)) {
                Some(el) => el.text.push_str(s),
                None if s.trim().is_empty() => {}
                None => return Err(self.error(pos, "malformed XML: text outside the root element")),
            }
            Ok(())
        }

        /// The root element.
        pub(crate) fn root(&self) -> Result<&Element, ImportError> {
            self.elements
                .first()
                .ok_or_else(|| ImportError::file(&self.file, "the file has no XML elements"))
        }

        /// The child elements of `el`, in order.
        pub(crate) fn children<'a>(
            &'a self,
            el: &'a Element,
        ) -> impl Iterator<Item = &'a Element> + 'a {
            el.children.iter().filter_map(|&i| self.elements.get(i))
        }

        /// The trimmed text of the first element named `name` below `el` (searched without
        /// recursion), if it has any.
        pub(crate) fn descendant_text(&self, el: &Element, name: &str) -> Option<String> {
            let mut todo: Vec<&Element> = self.children(el).collect();
            todo.reverse();
            while let Some(e) = todo.pop() {
                if e.name == name && !e.text.trim().is_empty() {
                    return Some(e.text.trim().to_string());
                }
                let mut kids: Vec<&Element> = self.children(e).collect();
                kids.reverse();
                todo.extend(kids);
            }
            None
        }

        /// An error at a byte position, with its line and column.
        pub(crate) fn error(&self, pos: usize, message: impl Into<String>) -> ImportError {
            let (line, column) = self.line_column(pos);
            ImportError::at(&self.file, line, column, message)
        }

        /// The 1-based line and column (in characters) of a byte position.
        pub(crate) fn line_column(&self, pos: usize) -> (usize, usize) {
            let pos = pos.min(self.text.len());
            let line = self.line_starts.partition_point(|&s| s <= pos).max(1);
            let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
            let column = self
                .text
                .as_bytes()
                .get(start..pos)
                .map_or(0, |b| b.iter().filter(|&&c| (c & 0xC0) != 0x80).count());
            (line, column + 1)
        }
    }

    fn line_starts(text: &str) -> Vec<usize> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        starts
    }

    fn to_usize(pos: u64) -> usize {
        usize::try_from(pos).unwrap_or(usize::MAX)
    }

    fn local(name: &str) -> &str {
        name.rsplit_once(':').map_or(name, |(_, l)| l)
    }

    /// Decodes the bytes of an XML file: a byte-order mark or UTF-16 without one wins; then
    /// the declaration's `encoding`; then [`text::decode`]'s UTF-8 or Windows-1252.
    fn decode_xml(bytes: &[u8]) -> String {
        if encoding_rs::Encoding::for_bom(bytes).is_none() {
            if bytes.starts_with(&[b'<', 0]) {
                return encoding_rs::UTF_16LE
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned();
            }
            if bytes.starts_with(&[0, b'<']) {
                return encoding_rs::UTF_16BE
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned();
            }
            // A declared UTF-16 without a byte-order mark was handled above, and UTF-8 is
            // what `text::decode` tries first.
            let declared = declared_encoding(bytes).filter(|enc| {
                *enc != encoding_rs::UTF_8
                    && *enc != encoding_rs::UTF_16LE
                    && *enc != encoding_rs::UTF_16BE
            });
            if let Some(enc) = declared {
                return enc.decode_without_bom_handling(bytes).0.into_owned();
            }
        }
        text::decode(bytes).into_owned()
    }

    /// The encoding named in `<?xml ... encoding="..."?>`, if encoding_rs knows it.
    fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
        let head = bytes.get(..bytes.len().min(200))?;
        if !head.starts_with(b"<?xml") {
            return None;
        }
        let end = head.windows(2).position(|w| w == b"?>")?;
        let decl = std::str::from_utf8(head.get(..end)?).ok()?;
        let after = &decl[decl.find("encoding")? + "encoding".len()..];
        let after = after.trim_start().strip_prefix('=')?.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let rest = &after[1..];
        let label = &rest[..rest.find(quote)?];
        encoding_rs::Encoding::for_label(label.trim().as_bytes())
    }

    /// How a declared value is typed.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub(crate) enum ValueType {
        /// int, long, float, double (and GEXF's other numeric types).
        Number,
        /// true or false.
        Boolean,
        /// Anything else, kept as text.
        String,
    }

    /// Reads a `kith.type` hint.
    pub(crate) fn parse_hint(s: &str) -> Option<AttrType> {
        match s.trim() {
            "categorical" => Some(AttrType::Categorical),
            "text" => Some(AttrType::Text),
            _ => None,
        }
    }

    /// Builds an attribute column from one cell per node or tie: the text and the position
    /// to blame. Absent cells, blanks and no-answer tokens are missing. `what` names the key
    /// for messages (`key "age" is double`).
    pub(crate) fn typed_column(
        doc: &Document,
        name: &str,
        ty: ValueType,
        hint: Option<AttrType>,
        what: &str,
        cells: &[Option<(&str, usize)>],
    ) -> Result<Attribute, ImportError> {
        let present = || {
            cells
                .iter()
                .enumerate()
                .filter_map(|(i, c)| c.map(|c| (i, c)))
        };
        let mut column;
        match ty {
            ValueType::Number => {
                column = Attribute::new(name, AttrType::Numeric, cells.len());
                for (i, (text, pos)) in present() {
                    let t = text.trim();
                    if is_missing_token(t) || t.eq_ignore_ascii_case("nan") {
                        continue;
                    }
                    let x = parse_number(t).ok_or_else(|| {
                        doc.error(pos, format!("\"{t}\" is not a number ({what})"))
                    })?;
                    column.set(i, Some(Value::Number(x)));
                }
            }
            ValueType::Boolean => {
                column = Attribute::new(name, AttrType::Categorical, cells.len());
                for (i, (text, pos)) in present() {
                    let t = text.trim();
                    if t.is_empty() {
                        continue;
                    }
                    let b = match t.to_ascii_lowercase().as_str() {
                        "true" | "1" => "true",
                        "false" | "0" => "false",
                        _ => {
                            return Err(
                                doc.error(pos, format!("\"{t}\" is not true or false ({what})"))
                            );
                        }
                    };
                    column.set(i, Some(Value::Text(b.to_string())));
                }
            }
            ValueType::String => match hint {
                // Written by Kith: the values are exactly as they were.
                Some(ty) => {
                    column = Attribute::new(name, ty, cells.len());
                    for (i, (text, _)) in present() {
                        column.set(i, Some(Value::Text(text.to_string())));
                    }
                }
                None => {
                    let texts: Vec<Option<&str>> =
                        cells.iter().map(|c| c.map(|(t, _)| t)).collect();
                    column = Attribute::infer(name, &texts);
                    // The file says these are strings: codes like "01" stay labels.
                    if column.ty() == AttrType::Numeric {
                        column = Attribute::new(name, AttrType::Categorical, cells.len());
                        for (i, (text, _)) in present() {
                            if !is_missing_token(text) {
                                column.set(i, Some(Value::Text(text.trim().to_string())));
                            }
                        }
                    }
                }
            },
        }
        Ok(column)
    }

    /// A name not yet in `taken` (the same name declared twice gets its key id appended).
    pub(crate) fn unique_name(taken: &mut Vec<String>, name: &str, id: &str) -> String {
        let mut candidate = name.to_string();
        let mut n = 1;
        while taken.contains(&candidate) {
            candidate = if n == 1 {
                format!("{name} ({id})")
            } else {
                format!("{name} ({id} {n})")
            };
            n += 1;
        }
        taken.push(candidate.clone());
        candidate
    }

    /// The node at position `i` in reading order.
    pub(crate) fn node_id(i: usize) -> NodeId {
        NodeId(u32::try_from(i).unwrap_or(u32::MAX))
    }

    /// The XML type of an attribute column, and the hint Kith adds to string columns so that
    /// categorical and text survive a round trip.
    pub(crate) fn xml_type(
        ty: AttrType,
        number: &'static str,
        string: &'static str,
    ) -> (&'static str, Option<AttrType>) {
        match ty {
            AttrType::Numeric => (number, None),
            AttrType::Categorical | AttrType::Text => (string, Some(ty)),
        }
    }

    /// What the writers could not represent, turned into sentences at the end.
    #[derive(Default)]
    pub(crate) struct Notes {
        invalid_chars: bool,
        renamed: Vec<String>,
        non_numbers: Vec<String>,
        bad_weights: usize,
        order: Vec<String>,
        /// Directed and undirected tie counts of a mixed network.
        mixed: Option<(usize, usize)>,
    }

    /// How a writer states direction: the graph's default direction, and whether each tie
    /// carries its own direction as a boolean `directed` value.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Direction {
        /// The graph's default: directed when any tie is, undirected when ties exist and none
        /// is, and the study's own flag when it has no ties.
        pub default: bool,
        /// Some ties are directed and others not.
        pub mixed: bool,
    }

    /// The direction to write for `study`. NetworkX refuses a GraphML or GEXF edge whose own
    /// direction differs from the graph's, and igraph ignores it, so a mixed network is
    /// written as directed with each tie's direction in a `directed` value, which Kith reads
    /// back and both tools keep as an edge attribute.
    pub(crate) fn direction(study: &Study, notes: &mut Notes) -> Direction {
        let arcs = study.ties().iter().filter(|t| t.directed).count();
        let edges = study.tie_count() - arcs;
        let mixed = arcs > 0 && edges > 0;
        if mixed {
            notes.mixed = Some((arcs, edges));
        }
        Direction {
            default: if study.tie_count() == 0 {
                study.directed
            } else {
                arcs > 0
            },
            mixed,
        }
    }

    /// The value of an edge's `directed` data: true or false (also 1 and 0), in any case.
    pub(crate) fn parse_bool(s: &str) -> Option<bool> {
        match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    impl Notes {
        /// Escapes text for an attribute value (`attr`) or element content (see [`escape`]);
        /// characters XML cannot hold are noted.
        pub(crate) fn escape<'a>(&mut self, s: &'a str, attr: bool) -> Cow<'a, str> {
            let (out, replaced) = escape(s, attr);
            self.invalid_chars |= replaced;
            out
        }

        /// The text to write for a value, or `None` for a missing one (or one a numeric
        /// column cannot hold, which is noted).
        pub(crate) fn value_text(&mut self, a: &Attribute, i: usize) -> Option<String> {
            let v = a.value(i)?;
            match (a.ty(), v) {
                (AttrType::Numeric, Value::Number(x)) if x.is_finite() => {
                    Some(attribute_format_number(*x))
                }
                (AttrType::Numeric, _) => {
                    if !self.non_numbers.iter().any(|n| n == a.name()) {
                        self.non_numbers.push(a.name().to_string());
                    }
                    None
                }
                (_, v) => Some(v.to_string()),
            }
        }

        /// A tie weight as text; a weight that is not a finite number is left out (it reads
        /// back as 1) and noted.
        pub(crate) fn weight_text(&mut self, w: f64) -> Option<String> {
            if w.is_finite() {
                Some(attribute_format_number(w))
            } else {
                self.bad_weights += 1;
                None
            }
        }

        /// Notes relations or waves the file cannot carry as the study has them: a file
        /// lists them only through its ties, so a reader finds them in order of first use
        /// and never sees one that no tie uses.
        pub(crate) fn check_order(&mut self, study: &Study) {
            let mut relations: Vec<&str> = Vec::new();
            let mut waves: Vec<&str> = Vec::new();
            for t in study.ties() {
                let relation = t.relation.and_then(|r| study.relation_name(r));
                if let Some(r) = relation.filter(|r| !relations.contains(r)) {
                    relations.push(r);
                }
                let wave = t.wave.and_then(|w| study.wave_name(w));
                if let Some(w) = wave.filter(|w| !waves.contains(w)) {
                    waves.push(w);
                }
            }
            for (what, listed, used) in [
                ("relations", study.relations(), relations),
                ("waves", study.waves(), waves),
            ] {
                let unused: Vec<&str> = listed
                    .iter()
                    .map(String::as_str)
                    .filter(|n| !used.contains(n))
                    .collect();
                if !unused.is_empty() {
                    self.order.push(format!(
                        "{what} that no tie uses were left out: {}",
                        unused
                            .iter()
                            .map(|n| format!("\"{n}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                } else if listed.iter().map(String::as_str).ne(used.iter().copied()) {
                    self.order.push(format!(
                        "{what} will read back in the order ties first use them"
                    ));
                }
            }
        }

        /// The sentences for [`Written::notes`](crate::io::Written).
        pub(crate) fn into_sentences(self) -> Vec<String> {
            let mut out = Vec::new();
            if let Some((arcs, edges)) = self.mixed {
                out.push(format!(
                    "{arcs} ties are directed and {edges} are not: NetworkX and igraph read one \
                     direction per graph, so the file is directed and each tie's own direction \
                     is its \"directed\" value (true or false)"
                ));
            }
            out.extend(self.renamed);
            out.extend(self.order);
            for name in self.non_numbers {
                out.push(format!(
                    "numeric attribute \"{name}\" has values that are not finite numbers; they were left out"
                ));
            }
            if self.bad_weights > 0 {
                out.push(format!(
                    "{} tie weights are not finite numbers and were left out (they read back as 1)",
                    self.bad_weights
                ));
            }
            if self.invalid_chars {
                out.push("some names or values hold control characters XML cannot store; they were written as \u{FFFD}".to_string());
            }
            out
        }
    }

    /// True for characters XML 1.0 allows in a document.
    fn xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }

    /// Text as XML holds it, for an attribute value (`attr`) or element content: the markup
    /// characters escaped by quick-xml, then what it leaves to the caller: a carriage
    /// return (and, in an attribute, a line end or tab) written as a character reference,
    /// so that XML's line-end and attribute normalisation gives it back unchanged, and
    /// characters XML cannot hold at all (most control characters) as U+FFFD. Returns
    /// whether any character was replaced. Every XML file Kith writes (GraphML, GEXF, SVG)
    /// escapes through here.
    pub(crate) fn escape(s: &str, attr: bool) -> (Cow<'_, str>, bool) {
        let marked = quick_xml::escape::escape(s);
        let extra = |c: char| c == '\r' || (attr && matches!(c, '\n' | '\t')) || !xml_char(c);
        if !marked.chars().any(extra) {
            return (marked, false);
        }
        let mut out = String::with_capacity(marked.len() + 8);
        let mut replaced = false;
        for c in marked.chars() {
            match c {
                '\r' => out.push_str("&#13;"),
                '\n' if attr => out.push_str("&#10;"),
                '\t' if attr => out.push_str("&#9;"),
                c if !xml_char(c) => {
                    replaced = true;
                    out.push('\u{FFFD}');
                }
                c => out.push(c),
            }
        }
        (Cow::Owned(out), replaced)
    }

    /// The names to write for attribute columns: a column whose name (in any case) the
    /// format uses for something else is renamed `name_attribute` (noted).
    pub(crate) fn column_names(
        columns: &[Attribute],
        reserved: &[&str],
        what: &str,
        notes: &mut Notes,
    ) -> Vec<String> {
        let mut names: Vec<String> = columns.iter().map(|a| a.name().to_string()).collect();
        for i in 0..names.len() {
            let Some(name) = names.get(i).cloned() else {
                continue;
            };
            if !reserved.iter().any(|r| r.eq_ignore_ascii_case(&name)) {
                continue;
            }
            let mut candidate = format!("{name}_attribute");
            let mut n = 2;
            while names.iter().any(|m| m.eq_ignore_ascii_case(&candidate)) {
                candidate = format!("{name}_attribute_{n}");
                n += 1;
            }
            notes.renamed.push(format!(
                "{what} attribute \"{name}\" was written as \"{candidate}\" because \"{name}\" has another meaning in this format"
            ));
            if let Some(slot) = names.get_mut(i) {
                *slot = candidate;
            }
        }
        names
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{Attribute, NodeId, Value};

    fn read_str(text: &str) -> Result<Study, ImportError> {
        read(
            &Input {
                name: "net.graphml",
                bytes: text.as_bytes(),
            },
            &ReadOptions::default(),
        )
    }

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(path).unwrap()
    }

    fn text(s: &str) -> Option<Value> {
        Some(Value::Text(s.to_string()))
    }

    /// What `nx.write_graphml(nx.karate_club_graph(), ...)` writes, cut to four nodes: keys
    /// in reverse order, graph data after the edges, `long` weights.
    const NETWORKX: &str = r#"<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="d2" for="edge" attr.name="weight" attr.type="long" />
  <key id="d1" for="node" attr.name="club" attr.type="string" />
  <key id="d0" for="graph" attr.name="name" attr.type="string" />
  <graph edgedefault="undirected">
    <node id="0">
      <data key="d1">Mr. Hi</data>
    </node>
    <node id="1">
      <data key="d1">Mr. Hi</data>
    </node>
    <node id="9">
      <data key="d1">Officer</data>
    </node>
    <node id="33" />
    <edge source="0" target="1">
      <data key="d2">4</data>
    </edge>
    <edge source="9" target="33">
      <data key="d2">2</data>
    </edge>
    <edge source="0" target="33" />
    <data key="d0">Zachary's Karate Club</data>
  </graph>
</graphml>
"#;

    #[test]
    fn networkx_graphml_reads_attributes_weights_and_name() {
        let s = read_str(NETWORKX).unwrap();
        assert!(!s.directed);
        assert_eq!(s.name, "Zachary's Karate Club");
        let ids: Vec<&str> = s.nodes().iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["0", "1", "9", "33"]);
        assert_eq!(s.nodes()[2].label, "9");
        let club = s.node_attribute("club").unwrap();
        assert_eq!(club.ty(), AttrType::Categorical);
        assert_eq!(
            club.values(),
            &[text("Mr. Hi"), text("Mr. Hi"), text("Officer"), None]
        );
        let ties: Vec<(u32, u32, f64, bool)> = s
            .ties()
            .iter()
            .map(|t| (t.source.0, t.target.0, t.weight, t.directed))
            .collect();
        assert_eq!(
            ties,
            [(0, 1, 4.0, false), (2, 3, 2.0, false), (0, 3, 1.0, false)]
        );
        assert!(s.tie_attributes().is_empty());
    }

    #[test]
    fn published_fixtures_read_whole() {
        for (name, nodes, ties, directed) in [
            ("karate/karate.graphml", 34, 78, false),
            ("lesmis/lesmis.graphml", 77, 254, false),
            ("davis/davis.graphml", 32, 89, false),
            ("florentine/florentine.graphml", 16, 20, false),
            ("directed/directed.graphml", 30, 81, true),
        ] {
            let bytes = fixture(name);
            let s = read(
                &Input {
                    name,
                    bytes: &bytes,
                },
                &ReadOptions::default(),
            )
            .unwrap();
            assert_eq!(
                (s.node_count(), s.tie_count(), s.directed),
                (nodes, ties, directed),
                "{name}"
            );
        }
        let bytes = fixture("karate/karate.graphml");
        let s = read(
            &Input {
                name: "k",
                bytes: &bytes,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(s.ties()[0].weight, 4.0);
        assert_eq!(
            s.node_attribute("club").unwrap().categories(),
            ["Mr. Hi", "Officer"]
        );
        let bytes = fixture("davis/davis.graphml");
        let s = read(
            &Input {
                name: "d",
                bytes: &bytes,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        let bip = s.node_attribute("bipartite").unwrap();
        assert_eq!(
            (bip.ty(), bip.value(31)),
            (AttrType::Numeric, Some(&Value::Number(1.0)))
        );
    }

    #[test]
    fn edge_direction_overrides_the_default_and_ends_may_come_later() {
        let s = read_str(
            r#"<graphml><graph edgedefault="undirected">
            <edge source="a" target="b" directed="true"/>
            <edge source="b" target="c"/>
            <node id="a"/><node id="b"/><node id="c"/>
            </graph></graphml>"#,
        )
        .unwrap();
        // Direction comes from the ties: one is directed.
        assert!(s.directed);
        assert!(s.is_mixed());
        assert_eq!(
            s.ties().iter().map(|t| t.directed).collect::<Vec<_>>(),
            [true, false]
        );
        assert_eq!(s.ties()[0].source, NodeId(0));
        let s = read_str(
            r#"<graphml><graph edgedefault="directed"><node id="a"/><node id="b"/>
            <edge source="a" target="b"/><edge source="b" target="a" directed="false"/></graph></graphml>"#,
        )
        .unwrap();
        assert!(s.directed);
        assert_eq!(
            s.ties().iter().map(|t| t.directed).collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn missing_values_stay_missing_and_defaults_apply() {
        let s = read_str(
            r#"<graphml>
            <key id="age" for="node" attr.name="age" attr.type="double"/>
            <key id="ok" for="node" attr.name="member" attr.type="boolean"><default>false</default></key>
            <key id="c" for="node" attr.name="comment" attr.type="string"/>
            <key id="r" for="edge" attr.name="relation" attr.type="string"/>
            <key id="w" for="edge" attr.name="wave" attr.type="string"/>
            <key id="n" for="edge" attr.name="note" attr.type="string"/>
            <graph edgedefault="directed">
              <node id="a"><data key="age">34</data><data key="ok">1</data><data key="c">hi</data></node>
              <node id="b"><data key="age"></data></node>
              <node id="c"><data key="age">NA</data><data key="c"></data></node>
              <edge source="a" target="b"><data key="r">advice</data><data key="w">1</data></edge>
              <edge source="b" target="c"><data key="n">x</data></edge>
            </graph></graphml>"#,
        )
        .unwrap();
        let age = s.node_attribute("age").unwrap();
        assert_eq!(age.values(), &[Some(Value::Number(34.0)), None, None]);
        let member = s.node_attribute("member").unwrap();
        assert_eq!(member.ty(), AttrType::Categorical);
        assert_eq!(
            member.values(),
            &[text("true"), text("false"), text("false")]
        );
        assert_eq!(
            s.node_attribute("comment").unwrap().values(),
            &[text("hi"), None, None]
        );
        assert_eq!(s.relations(), ["advice"]);
        assert_eq!(s.waves(), ["1"]);
        assert_eq!((s.ties()[1].relation, s.ties()[1].wave), (None, None));
        assert_eq!(
            s.tie_attribute("note").unwrap().values(),
            &[None, text("x")]
        );
        assert!(s.tie_attribute("relation").is_none());
    }

    #[test]
    fn label_name_and_kind_keys() {
        let s = read_str(
            r#"<graphml>
            <key id="k" for="node" attr.name="kind" attr.type="string"/>
            <key id="n" for="node" attr.name="name" attr.type="string"/>
            <graph edgedefault="undirected">
              <node id="p1"><data key="n">Zoë</data><data key="k">Person</data></node>
              <node id="lib"><data key="n">Library</data><data key="k">place</data></node>
              <node id="x"/>
            </graph></graphml>"#,
        )
        .unwrap();
        let got: Vec<(&str, NodeKind)> = s
            .nodes()
            .iter()
            .map(|n| (n.label.as_str(), n.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Zoë", NodeKind::Respondent),
                ("Library", NodeKind::Place),
                ("x", NodeKind::Respondent)
            ]
        );
        assert!(s.node_attributes().is_empty());
        // A kind that is not one of Kith's stays an attribute.
        let s = read_str(
            r#"<graphml><key id="k" for="node" attr.name="kind" attr.type="string"/>
            <graph edgedefault="undirected"><node id="a"><data key="k">robot</data></node></graph></graphml>"#,
        )
        .unwrap();
        assert_eq!(s.nodes()[0].kind, NodeKind::Respondent);
        assert_eq!(s.node_attribute("kind").unwrap().values(), &[text("robot")]);
    }

    #[test]
    fn yed_labels_ports_and_groups() {
        let s = read_str(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="graphml" id="d0" yfiles.type="resources"/>
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key attr.name="description" attr.type="string" for="node" id="d5"/>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d6"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="0" y="0"/>
        <y:NodeLabel alignment="center">Ann &amp; Bob</y:NodeLabel></y:ShapeNode></data>
      <port name="p"/>
    </node>
    <node id="n1" yfiles.foldertype="group">
      <graph edgedefault="directed" id="n1:">
        <node id="n1::n0"><data key="d5">inside</data></node>
      </graph>
    </node>
    <edge id="e0" source="n0" target="n1::n0"/>
  </graph>
  <data key="d0"><y:Resources/></data>
</graphml>"#,
        )
        .unwrap();
        let ids: Vec<&str> = s.nodes().iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["n0", "n1", "n1::n0"]);
        assert_eq!(s.nodes()[0].label, "Ann & Bob");
        assert_eq!(
            s.node_attribute("description").unwrap().values(),
            &[None, None, text("inside")]
        );
        assert_eq!(
            (s.ties()[0].source, s.ties()[0].target),
            (NodeId(0), NodeId(2))
        );
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = read_str("<graphml>\n  <graph edgedefault=\"undirected\">\n    <node id=\"a\">\n  </graph>\n</graphml>")
            .unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line, e.column),
            ("net.graphml", Some(4), Some(3))
        );
        assert!(e.message.starts_with("malformed XML: "), "{e}");
        let e = read_str(
            "<graphml>\n<graph edgedefault=\"directed\">\n  <node id=\"n1\"/>\n    <edge source=\"n1\" target=\"n99\"/>\n</graph>\n</graphml>\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "net.graphml line 4, column 5: edge target \"n99\" is not a node"
        );
        let e = read_str(
            "<graphml><key id=\"d0\" for=\"node\" attr.name=\"age\" attr.type=\"double\"/>\n<graph edgedefault=\"directed\">\n<node id=\"a\">\n  <data key=\"d0\">thirty</data></node></graph></graphml>",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "net.graphml line 4, column 3: \"thirty\" is not a number (key \"age\" is double)"
        );
        let e = read_str(
            "<graphml><graph edgedefault=\"directed\"><node id=\"a\"/><node id=\"b\"/>\n <hyperedge><endpoint node=\"a\"/><endpoint node=\"b\"/></hyperedge></graph></graphml>",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(2)));
        assert!(e.message.starts_with("hyperedges are not supported"), "{e}");
        let e = read_str("<graphml><graph edgedefault=\"directed\"><node id=\"a\"/><node id=\"a\"/></graph></graphml>")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "net.graphml line 1, column 54: node id \"a\" is used twice"
        );
        let e = read_str("<gexf/>").unwrap_err();
        assert!(e.message.contains("not a GraphML file"), "{e}");
        let e = read_str("").unwrap_err();
        assert_eq!(e.line, None);
    }

    #[test]
    fn hostile_input_is_an_error_not_a_panic() {
        let deep = "<a>".repeat(10_000);
        assert!(read_str(&deep).is_err());
        for text in [
            "<graphml",
            "<graphml><graph edgedefault=\"x\"/></graphml>",
            "<graphml>&bogus;</graphml>",
            "\u{feff}<",
            "<graphml><data key=\"",
            "<graphml><graph edgedefault=\"directed\"><edge/></graph></graphml>",
        ] {
            assert!(read_str(text).is_err(), "{text:?}");
        }
        assert!(
            read(
                &Input {
                    name: "x",
                    bytes: &[0xff, 0xfe, 0x3c]
                },
                &ReadOptions::default()
            )
            .is_err()
        );
    }

    /// A study using every feature a file must keep.
    pub(crate) fn full_study() -> Study {
        let mut s = Study::new(true);
        let ann = s
            .add_node("ann", "Zoë & \"Ann\" <A>", NodeKind::Respondent)
            .unwrap();
        let bob = s.add_node("b&b", "Łucja", NodeKind::Alter).unwrap();
        let lib = s.add_node("lib", "Library\nmain", NodeKind::Place).unwrap();
        let club = s.add_node("club", "Club 'x'", NodeKind::Group).unwrap();
        let iso = s.add_node("iso", "iso", NodeKind::Respondent).unwrap();
        let advice = s.relation("advice").unwrap();
        let rely = s.relation("rely_on").unwrap();
        let w1 = s.wave("baseline").unwrap();
        let w2 = s.wave("2").unwrap();
        let tie = |source, target, weight, relation, wave, directed| Tie {
            source,
            target,
            weight,
            relation,
            wave,
            directed,
        };
        s.add_tie(tie(ann, bob, 2.5, Some(advice), Some(w1), true))
            .unwrap();
        s.add_tie(tie(bob, ann, 1.0, Some(rely), Some(w2), true))
            .unwrap();
        s.add_tie(tie(ann, lib, 0.1 + 0.2, None, Some(w1), false))
            .unwrap();
        s.add_tie(tie(club, club, 3.0, Some(advice), None, true))
            .unwrap();
        let age = s.declare_node_attribute("age", AttrType::Numeric).unwrap();
        s.set_node_value(age, ann, Some(Value::Number(34.0)));
        s.set_node_value(age, lib, Some(Value::Number(-0.5)));
        let mut codes = Attribute::new("code", AttrType::Categorical, 5);
        codes.set(0, Some(Value::Text("01".into())));
        codes.set(1, Some(Value::Text("2".into())));
        s.put_node_attribute(codes);
        let note = s.declare_node_attribute("note", AttrType::Text).unwrap();
        s.set_node_value(note, bob, Some(Value::Text(" met at the <café> ".into())));
        s.set_node_value(note, iso, Some(Value::Text(String::new())));
        s.declare_node_attribute("empty", AttrType::Numeric)
            .unwrap();
        let since = s.declare_tie_attribute("since", AttrType::Numeric).unwrap();
        s.set_tie_value(since, 0, Some(Value::Number(2019.0)));
        let how = s
            .declare_tie_attribute("how", AttrType::Categorical)
            .unwrap();
        s.set_tie_value(how, 1, Some(Value::Text("phone".into())));
        s.set_tie_value(how, 3, Some(Value::Text("NA".into())));
        s
    }

    /// Compares everything a file must keep; `name` too when the format stores it.
    pub(crate) fn assert_same(back: &Study, s: &Study) {
        assert_eq!(back.nodes(), s.nodes());
        assert_eq!(back.ties(), s.ties());
        assert_eq!(back.relations(), s.relations());
        assert_eq!(back.waves(), s.waves());
        assert_eq!(back.node_attributes(), s.node_attributes());
        assert_eq!(back.tie_attributes(), s.tie_attributes());
        assert_eq!(back.directed, s.directed);
        assert_eq!(back.name, s.name);
    }

    #[test]
    fn round_trip_keeps_everything() {
        let mut s = full_study();
        s.name = "Friends & family".into();
        let out = write(&s);
        assert_eq!(
            out.notes,
            [
                "3 ties are directed and 1 are not: NetworkX and igraph read one direction per graph, so the file is directed and each tie's own direction is its \"directed\" value (true or false)"
            ]
        );
        let back = read(
            &Input {
                name: "rt.graphml",
                bytes: &out.bytes,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        assert_same(&back, &s);
        assert_eq!(write(&back).bytes, out.bytes);
        // A study marked undirected that holds arcs reads back directed: direction comes
        // from the ties.
        s.directed = false;
        let back = read(
            &Input {
                name: "rt.graphml",
                bytes: &write(&s).bytes,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        s.directed = true;
        assert_same(&back, &s);
    }

    #[test]
    fn mixed_networks_are_written_as_networkx_and_igraph_read_them() {
        let mut s = Study::new(true);
        let a = s.add_node("a", "a", NodeKind::Respondent).unwrap();
        let b = s.add_node("b", "b", NodeKind::Respondent).unwrap();
        let directed = s.declare_tie_attribute("directed", AttrType::Text).unwrap();
        for d in [true, false] {
            let i = s
                .add_tie(Tie {
                    source: a,
                    target: b,
                    weight: 1.0,
                    relation: None,
                    wave: None,
                    directed: d,
                })
                .unwrap();
            s.set_tie_value(directed, i, Some(Value::Text("own".into())));
        }
        let out = write(&s);
        let text = String::from_utf8(out.bytes.clone()).unwrap();
        assert!(text.contains(
            "<key id=\"d3\" for=\"edge\" attr.name=\"directed\" attr.type=\"boolean\"/>"
        ));
        assert!(text.contains("<graph edgedefault=\"directed\">"));
        assert!(
            !text.contains(" directed=\""),
            "no edge states its own direction"
        );
        assert!(text.contains("<data key=\"d3\">false</data>"));
        assert_eq!(out.notes.len(), 2, "{:?}", out.notes);
        let back = read_str(&text).unwrap();
        assert!(back.directed);
        assert_eq!(
            back.ties().iter().map(|t| t.directed).collect::<Vec<_>>(),
            [true, false]
        );
        assert_eq!(back.tie_attributes()[0].name(), "directed_attribute");
        // A file that says an edge's direction itself keeps it over the `directed` value.
        let s = read_str(
            r#"<graphml><key id="k" for="edge" attr.name="directed" attr.type="boolean"/>
            <graph edgedefault="directed"><node id="a"/><node id="b"/>
            <edge source="a" target="b" directed="true"><data key="k">false</data></edge>
            <edge source="b" target="a"><data key="k">false</data></edge></graph></graphml>"#,
        )
        .unwrap();
        assert_eq!(
            s.ties().iter().map(|t| t.directed).collect::<Vec<_>>(),
            [true, false]
        );
        // An undirected network marked directed (as Pajek's empty *Arcs once made it) is
        // written undirected, which NetworkX reads.
        let mut s = Study::new(true);
        let a = s.add_node("a", "a", NodeKind::Respondent).unwrap();
        let b = s.add_node("b", "b", NodeKind::Respondent).unwrap();
        s.add_tie(Tie {
            source: a,
            target: b,
            weight: 1.0,
            relation: None,
            wave: None,
            directed: false,
        })
        .unwrap();
        let text = String::from_utf8(write(&s).bytes).unwrap();
        assert!(text.contains("<graph edgedefault=\"undirected\">"));
        assert!(!text.contains(" directed=\""));
    }

    #[test]
    fn a_key_id_may_serve_several_domains() {
        // igraph's habit: one id, `title`, for the graph and for nodes.
        let s = read_str(
            r#"<graphml>
<key id="title" for="graph" attr.name="title" attr.type="string"/>
<key id="title" for="node" attr.name="title" attr.type="string"/>
<key id="w" for="edge" attr.name="weight" attr.type="double"/>
<key id="x" for="all" attr.name="note" attr.type="string"/>
<graph edgedefault="undirected"><data key="title">Village</data>
<node id="a"><data key="title">Ann</data></node><node id="b"><data key="title">Bob</data><data key="x">hi</data></node>
<edge source="a" target="b"><data key="w">2</data></edge></graph></graphml>"#,
        )
        .unwrap();
        assert_eq!(s.name, "Village");
        let title = s.node_attribute("title").unwrap();
        assert_eq!(title.value(0).map(|v| v.to_string()), Some("Ann".into()));
        assert_eq!(
            s.node_attribute("note")
                .unwrap()
                .value(1)
                .map(|v| v.to_string()),
            Some("hi".into())
        );
        assert_eq!(s.ties()[0].weight, 2.0);
        let e = read_str(
            "<graphml><key id=\"t\" for=\"node\"/>\n<key id=\"t\" for=\"node\"/><graph/></graphml>",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "net.graphml line 2, column 1: key id \"t\" is declared twice for node"
        );
    }

    #[test]
    fn writer_output_is_exact() {
        let mut s = Study::new(false);
        let a = s
            .add_node("a", "Zoë & <Ann>", NodeKind::Respondent)
            .unwrap();
        let b = s.add_node("b", "b", NodeKind::Place).unwrap();
        let col = s.declare_node_attribute("age", AttrType::Numeric).unwrap();
        s.set_node_value(col, a, Some(Value::Number(34.0)));
        s.add_tie(Tie {
            source: a,
            target: b,
            weight: 1.5,
            relation: None,
            wave: None,
            directed: true,
        })
        .unwrap();
        let out = String::from_utf8(write(&s).bytes).unwrap();
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="d0" for="node" attr.name="label" attr.type="string"/>
  <key id="d1" for="node" attr.name="kind" attr.type="string"/>
  <key id="d2" for="node" attr.name="age" attr.type="double"/>
  <key id="d3" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="directed">
    <node id="a">
      <data key="d0">Zoë &amp; &lt;Ann&gt;</data>
      <data key="d1">respondent</data>
      <data key="d2">34</data>
    </node>
    <node id="b">
      <data key="d0">b</data>
      <data key="d1">place</data>
    </node>
    <edge source="a" target="b">
      <data key="d3">1.5</data>
    </edge>
  </graph>
</graphml>
"#;
        assert_eq!(out, expected);
    }

    #[test]
    fn reserved_names_and_unwritable_values_are_noted() {
        let mut s = Study::new(false);
        let a = s.add_node("a\u{1}", "a", NodeKind::Respondent).unwrap();
        s.put_node_attribute(Attribute::infer("Kind", &[Some("x")]));
        let w = s
            .declare_tie_attribute("weight", AttrType::Numeric)
            .unwrap();
        s.add_tie(Tie {
            source: a,
            target: a,
            weight: f64::INFINITY,
            relation: None,
            wave: None,
            directed: false,
        })
        .unwrap();
        s.set_tie_value(w, 0, Some(Value::Number(2.0)));
        s.relation("unused").unwrap();
        let out = write(&s);
        assert_eq!(out.notes.len(), 5, "{:?}", out.notes);
        let back = read(
            &Input {
                name: "n",
                bytes: &out.bytes,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(back.nodes()[0].id, "a\u{FFFD}");
        assert_eq!(
            back.node_attribute("Kind_attribute").unwrap().values(),
            &[text("x")]
        );
        assert_eq!(
            back.tie_attribute("weight_attribute").unwrap().values(),
            &[Some(Value::Number(2.0))]
        );
        assert_eq!(back.ties()[0].weight, 1.0);
    }

    #[test]
    fn declared_encodings_and_utf16_decode() {
        let latin = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><graphml><graph edgedefault=\"directed\"><node id=\"Ren\xe9e\"/></graph></graphml>";
        let s = read(
            &Input {
                name: "l",
                bytes: latin,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(s.nodes()[0].id, "Renée");
        let utf16: Vec<u8> =
            "<graphml><graph edgedefault=\"directed\"><node id=\"Łucja\"/></graph></graphml>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect();
        let s = read(
            &Input {
                name: "u",
                bytes: &utf16,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(s.nodes()[0].id, "Łucja");
    }
}
