//! GEXF 1.1, 1.2 and 1.3 (Gephi, NetworkX): declared node and edge attributes with
//! `<attvalue>`s, node labels, edges with weight, type and (1.3) kind.
//!
//! An edge's `kind` is its relation (an edge attribute titled `relation` is read the same
//! way when there is no `kind`); an edge attribute titled `wave` is its wave; a node
//! attribute titled `kind` sets the node kind when every value is one; a boolean edge
//! attribute titled `directed` is the tie's direction where the edge has no `type` (how
//! Kith writes a network with directed and undirected ties, which NetworkX reads), and the
//! study is directed when a tie is. Visual attributes
//! (`viz:`), hierarchy (`<parents>`) and spells are ignored; nested nodes are flattened.
//! Element parsing and the line/column bookkeeping are shared with the GraphML reader.

use std::fmt::Write as _;

use super::graphml::xml::{self, Document, Element, ValueType};
use super::{ImportError, Input, ReadOptions, Written};
use crate::model::{AttrType, NodeKind, Study, Tie, parse_number};

/// The GEXF 1.3 namespace, written on the root element.
const NAMESPACE: &str = "http://gexf.net/1.3";

/// A declared `<attribute>`.
struct Decl<'d> {
    id: &'d str,
    title: &'d str,
    ty: ValueType,
    type_name: &'d str,
    default: Option<&'d str>,
    hint: Option<AttrType>,
    pos: usize,
}

/// A `<node>` before the study is built.
struct RawNode<'d> {
    id: &'d str,
    label: Option<&'d str>,
    pos: usize,
    /// Declared attribute index, value and position of the `<attvalue>`.
    values: Vec<(usize, &'d str, usize)>,
}

/// An `<edge>` before its ends are looked up.
struct RawEdge<'d> {
    el: &'d Element,
    directed: bool,
    values: Vec<(usize, &'d str, usize)>,
}

/// Reads a GEXF file. Edges must name declared nodes; malformed XML, an unknown node, an
/// undeclared attribute or a value that does not fit its declared type is an error naming
/// the line and column.
pub fn read(src: &Input, opts: &ReadOptions) -> Result<Study, ImportError> {
    let doc = Document::parse(src)?;
    let root = doc.root()?;
    if root.name != "gexf" {
        return Err(doc.error(
            root.pos,
            format!(
                "this is not a GEXF file: the root element is <{}>, not <gexf>",
                root.name
            ),
        ));
    }
    let Some(graph) = doc.children(root).find(|e| e.name == "graph") else {
        return Err(doc.error(root.pos, "the file has no <graph>"));
    };
    let directed = match graph.attr("defaultedgetype") {
        None => opts.directed,
        Some(t) => edge_type(t).ok_or_else(|| {
            doc.error(
                graph.pos,
                format!("defaultedgetype is \"{t}\"; it must be directed, undirected or mutual"),
            )
        })?,
    };
    let (node_decls, edge_decls) = declarations(&doc, graph)?;

    let mut nodes = Vec::new();
    for list in doc.children(graph).filter(|e| e.name == "nodes") {
        collect_nodes(&doc, list, &node_decls, &mut nodes)?;
    }
    let mut edges = Vec::new();
    for list in doc.children(graph).filter(|e| e.name == "edges") {
        for el in doc.children(list).filter(|e| e.name == "edge") {
            let directed = match el.attr("type") {
                None => directed,
                Some(t) => edge_type(t).ok_or_else(|| {
                    doc.error(
                        el.pos,
                        format!("edge type is \"{t}\"; it must be directed, undirected or mutual"),
                    )
                })?,
            };
            let values = attvalues(&doc, el, &edge_decls)?;
            edges.push(RawEdge {
                el,
                directed,
                values,
            });
        }
    }

    let mut study = Study::new(directed);
    if let Some(name) = graph_name(&doc, root, graph) {
        study.name = name;
    }
    for n in &nodes {
        study
            .add_node(n.id, n.label.unwrap_or(n.id), NodeKind::default())
            .map_err(|_| doc.error(n.pos, format!("node id \"{}\" is used twice", n.id)))?;
    }
    add_node_attributes(&doc, &mut study, &nodes, &node_decls)?;

    add_ties(&doc, &mut study, &edges, &edge_decls)?;
    // Direction comes from the ties that exist; `defaultedgetype` decides only without ties.
    if study.tie_count() > 0 {
        study.directed = study.ties().iter().any(|t| t.directed);
    }
    Ok(study)
}

/// The `<attributes>` declarations of nodes and of edges, in file order.
type Declarations<'d> = (Vec<Decl<'d>>, Vec<Decl<'d>>);

/// Reads the graph's `<attributes class="node">` and `<attributes class="edge">`.
fn declarations<'d>(
    doc: &'d Document,
    graph: &'d Element,
) -> Result<Declarations<'d>, ImportError> {
    let mut node_decls = Vec::new();
    let mut edge_decls = Vec::new();
    for attrs in doc.children(graph).filter(|e| e.name == "attributes") {
        let decls = match attrs.attr("class").map(str::trim) {
            Some("node") => &mut node_decls,
            Some("edge") => &mut edge_decls,
            Some(_) => continue,
            None => {
                return Err(doc.error(
                    attrs.pos,
                    "<attributes> needs class=\"node\" or class=\"edge\"",
                ));
            }
        };
        for a in doc.children(attrs).filter(|e| e.name == "attribute") {
            let decl = parse_decl(doc, a)?;
            if decls.iter().any(|d: &Decl| d.id == decl.id) {
                return Err(doc.error(
                    a.pos,
                    format!("attribute id \"{}\" is declared twice", decl.id),
                ));
            }
            decls.push(decl);
        }
    }

    Ok((node_decls, edge_decls))
}

/// Node attributes as columns; an attribute titled `kind` holding node kinds sets them.
fn add_node_attributes(
    doc: &Document,
    study: &mut Study,
    nodes: &[RawNode],
    node_decls: &[Decl],
) -> Result<(), ImportError> {
    let mut taken = Vec::new();
    for (di, d) in node_decls.iter().enumerate() {
        let cells: Vec<Option<(&str, usize)>> =
            nodes.iter().map(|n| cell(&n.values, di, d)).collect();
        let kinds = d.title.trim().eq_ignore_ascii_case("kind")
            && cells
                .iter()
                .flatten()
                .all(|(t, _)| NodeKind::parse(t).is_some());
        if kinds {
            for (i, c) in cells.iter().enumerate() {
                let kind = c.and_then(|(t, _)| NodeKind::parse(t));
                if let (Some(kind), Some(node)) = (kind, study.node_mut(xml::node_id(i))) {
                    node.kind = kind;
                }
            }
            continue;
        }
        let name = xml::unique_name(&mut taken, d.title, d.id);
        let what = format!("attribute \"{}\" is {}", d.title, d.type_name);
        study.put_node_attribute(xml::typed_column(doc, &name, d.ty, d.hint, &what, &cells)?);
    }

    Ok(())
}

/// The edges as ties (ends, weight, relation, wave, direction), then their attributes.
fn add_ties(
    doc: &Document,
    study: &mut Study,
    edges: &[RawEdge],
    edge_decls: &[Decl],
) -> Result<(), ImportError> {
    // Edges: ends, then the fields of each tie, then the ties, then tie attributes.
    let mut ends = Vec::with_capacity(edges.len());
    for e in edges {
        let end = |which: &str| {
            let Some(id) = e.el.attr(which) else {
                return Err(doc.error(e.el.pos, format!("<edge> has no {which}")));
            };
            study
                .find(id)
                .ok_or_else(|| doc.error(e.el.pos, format!("edge {which} \"{id}\" is not a node")))
        };
        ends.push((end("source")?, end("target")?));
    }
    let titled = |name: &str| {
        edge_decls
            .iter()
            .position(|d| d.title.trim().eq_ignore_ascii_case(name))
    };
    // An attribute titled relation is the relation only in files that do not use `kind`;
    // where they do, it is some other label and stays an attribute.
    let has_kind = edges.iter().any(|e| e.el.attr("kind").is_some());
    let relation_decl = titled("relation").filter(|_| !has_kind);
    let wave_decl = titled("wave");
    // A boolean attribute titled directed is each tie's direction (how Kith writes a mixed
    // network) wherever the edge has no `type` of its own.
    let direction_decl = titled("directed").filter(|&di| {
        edge_decls.get(di).is_some_and(|d| {
            edges
                .iter()
                .filter_map(|e| cell(&e.values, di, d))
                .all(|(t, _)| xml::parse_bool(t).is_some())
        })
    });
    for (e, &(source, target)) in edges.iter().zip(&ends) {
        let weight = match e.el.attr("weight").map(str::trim).filter(|w| !w.is_empty()) {
            None => 1.0,
            Some(w) => parse_number(w).ok_or_else(|| {
                doc.error(e.el.pos, format!("\"{w}\" is not a number (edge weight)"))
            })?,
        };
        let field = |decl: Option<usize>| {
            decl.and_then(|di| {
                edge_decls
                    .get(di)
                    .and_then(|d| cell(&e.values, di, d))
                    .map(|(t, _)| t.trim())
            })
        };
        let relation_name =
            e.el.attr("kind")
                .map(str::trim)
                .or_else(|| field(relation_decl));
        let relation = match relation_name.filter(|r| !r.is_empty()) {
            Some(r) => Some(
                study
                    .relation(r)
                    .map_err(|err| doc.error(e.el.pos, err.to_string()))?,
            ),
            None => None,
        };
        let wave = match field(wave_decl).filter(|w| !w.is_empty()) {
            Some(w) => Some(
                study
                    .wave(w)
                    .map_err(|err| doc.error(e.el.pos, err.to_string()))?,
            ),
            None => None,
        };
        let own = field(direction_decl).and_then(xml::parse_bool);
        let directed = match (e.el.attr("type"), own) {
            (None, Some(d)) => d,
            _ => e.directed,
        };
        let tie = Tie {
            source,
            target,
            weight,
            relation,
            wave,
            directed,
        };
        // Both ends were found above, so adding cannot fail.
        let _ = study.add_tie(tie);
    }
    let mut taken = Vec::new();
    for (di, d) in edge_decls.iter().enumerate() {
        let used_as_field =
            Some(di) == wave_decl || Some(di) == relation_decl || Some(di) == direction_decl;
        if used_as_field {
            continue;
        }
        let cells: Vec<Option<(&str, usize)>> =
            edges.iter().map(|e| cell(&e.values, di, d)).collect();
        let name = xml::unique_name(&mut taken, d.title, d.id);
        let what = format!("attribute \"{}\" is {}", d.title, d.type_name);
        study.put_tie_attribute(xml::typed_column(doc, &name, d.ty, d.hint, &what, &cells)?);
    }
    // The edge's own label and dynamic interval, kept as tie attributes.
    for extra in ["label", "start", "end"] {
        if edges.iter().all(|e| e.el.attr(extra).is_none()) {
            continue;
        }
        let cells: Vec<Option<(&str, usize)>> = edges
            .iter()
            .map(|e| e.el.attr(extra).map(|v| (v, e.el.pos)))
            .collect();
        let name = xml::unique_name(&mut taken, extra, extra);
        let column = xml::typed_column(doc, &name, ValueType::String, None, extra, &cells)?;
        study.put_tie_attribute(column);
    }
    Ok(())
}

/// The study's name: the graph's `name` (NetworkX), else the meta title or description.
fn graph_name(doc: &Document, root: &Element, graph: &Element) -> Option<String> {
    if let Some(name) = graph.attr("name").map(str::trim).filter(|n| !n.is_empty()) {
        return Some(name.to_string());
    }
    let meta = doc.children(root).find(|e| e.name == "meta")?;
    ["title", "description"].iter().find_map(|which| {
        doc.children(meta)
            .find(|e| e.name == *which)
            .map(|e| e.text.trim().to_string())
            .filter(|t| !t.is_empty())
    })
}

fn edge_type(t: &str) -> Option<bool> {
    match t.trim() {
        "directed" => Some(true),
        // A mutual edge goes both ways, which Kith holds as one undirected tie.
        "undirected" | "mutual" => Some(false),
        _ => None,
    }
}

fn parse_decl<'d>(doc: &'d Document, a: &'d Element) -> Result<Decl<'d>, ImportError> {
    let Some(id) = a.attr("id") else {
        return Err(doc.error(a.pos, "<attribute> has no id"));
    };
    let type_name = a.attr("type").unwrap_or("string");
    let ty = match type_name.trim() {
        "integer" | "int" | "long" | "float" | "double" | "byte" | "short" | "bigdecimal"
        | "biginteger" => ValueType::Number,
        "boolean" => ValueType::Boolean,
        // string, liststring, anyURI, date, char and the list types are kept as text.
        _ => ValueType::String,
    };
    Ok(Decl {
        id,
        title: a.attr("title").unwrap_or(id),
        ty,
        type_name,
        default: doc
            .children(a)
            .find(|c| c.name == "default")
            .map(|d| d.text.as_str()),
        hint: a.attr(xml::HINT).and_then(xml::parse_hint),
        pos: a.pos,
    })
}

/// Collects the nodes of a `<nodes>` list, and of the lists nested in them (hierarchies are
/// flattened).
fn collect_nodes<'d>(
    doc: &'d Document,
    list: &'d Element,
    decls: &[Decl],
    out: &mut Vec<RawNode<'d>>,
) -> Result<(), ImportError> {
    for el in doc.children(list).filter(|e| e.name == "node") {
        let Some(id) = el.attr("id") else {
            return Err(doc.error(el.pos, "<node> has no id"));
        };
        let values = attvalues(doc, el, decls)?;
        out.push(RawNode {
            id,
            label: el.attr("label"),
            pos: el.pos,
            values,
        });
        for inner in doc.children(el).filter(|e| e.name == "nodes") {
            collect_nodes(doc, inner, decls, out)?;
        }
    }
    Ok(())
}

/// The `<attvalue>`s of a node or edge. A dynamic attribute may have several; the first is
/// kept.
fn attvalues<'d>(
    doc: &'d Document,
    el: &'d Element,
    decls: &[Decl],
) -> Result<Vec<(usize, &'d str, usize)>, ImportError> {
    let mut out: Vec<(usize, &str, usize)> = Vec::new();
    for list in doc.children(el).filter(|e| e.name == "attvalues") {
        for v in doc.children(list).filter(|e| e.name == "attvalue") {
            // GEXF 1.1 names the attribute with `id`, later versions with `for`.
            let Some(id) = v.attr("for").or_else(|| v.attr("id")) else {
                return Err(doc.error(v.pos, "<attvalue> has no for"));
            };
            let Some(di) = decls.iter().position(|d| d.id == id) else {
                return Err(doc.error(
                    v.pos,
                    format!(
                        "<attvalue> refers to attribute \"{id}\", which no <attribute> declares"
                    ),
                ));
            };
            if out.iter().any(|(d, _, _)| *d == di) {
                continue;
            }
            if let Some(value) = v.attr("value") {
                out.push((di, value, v.pos));
            }
        }
    }
    Ok(out)
}

/// A node's or edge's value for a declared attribute, or the declared default.
fn cell<'d>(
    values: &[(usize, &'d str, usize)],
    di: usize,
    decl: &Decl<'d>,
) -> Option<(&'d str, usize)> {
    values
        .iter()
        .find(|(d, _, _)| *d == di)
        .map(|(_, v, pos)| (*v, *pos))
        .or_else(|| decl.default.map(|d| (d, decl.pos)))
}

/// Writes GEXF 1.3: a node attribute `kind` and one per node attribute, an edge attribute
/// `wave` (when the study has waves) and one per tie attribute; nodes with labels; edges with
/// weight and `kind` (the relation). `defaultedgetype` is directed when any tie is; a network
/// with directed and undirected ties gets a boolean edge attribute `directed` instead of
/// per-edge `type`s, which NetworkX refuses. No dates, so the output is the same on every
/// run.
pub fn write(study: &Study) -> Written {
    let mut notes = xml::Notes::default();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<gexf xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{NAMESPACE} {NAMESPACE}/gexf.xsd\" version=\"1.3\">"
    );
    out.push_str("  <meta>\n    <creator>Kith</creator>\n");
    if !study.name.is_empty() {
        let _ = writeln!(
            out,
            "    <title>{}</title>",
            notes.escape(&study.name, false)
        );
    }
    out.push_str("  </meta>\n");
    let edge_type = |d: bool| if d { "directed" } else { "undirected" };
    let direction = xml::direction(study, &mut notes);
    let _ = writeln!(
        out,
        "  <graph defaultedgetype=\"{}\" mode=\"static\">",
        edge_type(direction.default)
    );

    // Attribute ids count up across both classes so that each is unique in the file.
    let mut next = 0usize;
    // `None` declares a boolean.
    let mut declare =
        |out: &mut String, title: &str, ty: Option<AttrType>, notes: &mut xml::Notes| {
            let id = next.to_string();
            next += 1;
            let (type_name, hint) = match ty {
                Some(ty) => xml::xml_type(ty, "double", "string"),
                None => ("boolean", None),
            };
            let _ = write!(
                out,
                "      <attribute id=\"{id}\" title=\"{}\" type=\"{type_name}\"",
                notes.escape(title, true)
            );
            if let Some(h) = hint {
                let _ = write!(out, " {}=\"{}\"", xml::HINT, h.name());
            }
            out.push_str("/>\n");
            id
        };
    out.push_str("    <attributes class=\"node\" mode=\"static\">\n");
    let kind_id = declare(&mut out, "kind", Some(AttrType::Categorical), &mut notes);
    let node_names = xml::column_names(study.node_attributes(), &["kind"], "node", &mut notes);
    let mut node_cols = Vec::new();
    for (a, name) in study.node_attributes().iter().zip(&node_names) {
        node_cols.push((declare(&mut out, name, Some(a.ty()), &mut notes), a));
    }
    out.push_str("    </attributes>\n");
    let reserved: &[&str] = if direction.mixed {
        &["relation", "wave", "directed"]
    } else {
        &["relation", "wave"]
    };
    let tie_names = xml::column_names(study.tie_attributes(), reserved, "tie", &mut notes);
    let has_waves = !study.waves().is_empty();
    let mut wave_id = None;
    let mut directed_id = None;
    let mut tie_cols = Vec::new();
    if has_waves || direction.mixed || !tie_names.is_empty() {
        out.push_str("    <attributes class=\"edge\" mode=\"static\">\n");
        if has_waves {
            wave_id = Some(declare(
                &mut out,
                "wave",
                Some(AttrType::Categorical),
                &mut notes,
            ));
        }
        if direction.mixed {
            // NetworkX refuses an edge whose `type` differs from the graph's default, so a
            // mixed network is directed and each tie's direction is a boolean attribute.
            directed_id = Some(declare(&mut out, "directed", None, &mut notes));
        }
        for (a, name) in study.tie_attributes().iter().zip(&tie_names) {
            tie_cols.push((declare(&mut out, name, Some(a.ty()), &mut notes), a));
        }
        out.push_str("    </attributes>\n");
    }

    out.push_str("    <nodes>\n");
    for (i, n) in study.nodes().iter().enumerate() {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            notes.escape(&n.id, true),
            notes.escape(&n.label, true)
        );
        out.push_str("        <attvalues>\n");
        attvalue(&mut out, &kind_id, n.kind.name(), &mut notes);
        for (id, a) in &node_cols {
            if let Some(v) = notes.value_text(a, i) {
                attvalue(&mut out, id, &v, &mut notes);
            }
        }
        out.push_str("        </attvalues>\n      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    let nodes = study.nodes();
    for (i, t) in study.ties().iter().enumerate() {
        let (Some(s), Some(d)) = (nodes.get(t.source.index()), nodes.get(t.target.index())) else {
            continue;
        };
        let _ = write!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\"",
            notes.escape(&s.id, true),
            notes.escape(&d.id, true)
        );
        if let Some(w) = notes.weight_text(t.weight) {
            let _ = write!(out, " weight=\"{w}\"");
        }
        if let Some(r) = t.relation.and_then(|r| study.relation_name(r)) {
            let _ = write!(out, " kind=\"{}\"", notes.escape(r, true));
        }
        let wave = wave_id
            .as_ref()
            .zip(t.wave.and_then(|w| study.wave_name(w)));
        let mut values = Vec::new();
        for (id, a) in &tie_cols {
            if let Some(v) = notes.value_text(a, i) {
                values.push((id.as_str(), v));
            }
        }
        if wave.is_none() && directed_id.is_none() && values.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n        <attvalues>\n");
        if let Some((id, w)) = wave {
            attvalue(&mut out, id, w, &mut notes);
        }
        if let Some(id) = &directed_id {
            attvalue(
                &mut out,
                id,
                if t.directed { "true" } else { "false" },
                &mut notes,
            );
        }
        for (id, v) in values {
            attvalue(&mut out, id, &v, &mut notes);
        }
        out.push_str("        </attvalues>\n      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    notes.check_order(study);
    Written {
        bytes: out.into_bytes(),
        notes: notes.into_sentences(),
    }
}

fn attvalue(out: &mut String, id: &str, value: &str, notes: &mut xml::Notes) {
    let _ = writeln!(
        out,
        "          <attvalue for=\"{id}\" value=\"{}\"/>",
        notes.escape(value, true)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::graphml::tests::{assert_same, full_study};
    use crate::model::{NodeId, Value};

    fn read_str(text: &str) -> Result<Study, ImportError> {
        read(
            &Input {
                name: "net.gexf",
                bytes: text.as_bytes(),
            },
            &ReadOptions::default(),
        )
    }

    fn text(s: &str) -> Option<Value> {
        Some(Value::Text(s.to_string()))
    }

    /// What Gephi 0.9 exports as GEXF 1.2draft: viz elements, numbered attribute ids, float
    /// weights, and a dynamic edge.
    const GEPHI_12: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
  <meta lastmodifieddate="2024-03-01">
    <creator>Gephi 0.9</creator>
    <description></description>
  </meta>
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node" mode="static">
      <attribute id="modularity_class" title="Modularity Class" type="integer"></attribute>
      <attribute id="0" title="gender" type="string"></attribute>
      <attribute id="1" title="member" type="boolean"><default>false</default></attribute>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="2" title="since" type="float"></attribute>
    </attributes>
    <nodes>
      <node id="n0" label="Ann">
        <attvalues>
          <attvalue for="modularity_class" value="0"></attvalue>
          <attvalue for="0" value="F"></attvalue>
          <attvalue for="1" value="true"></attvalue>
        </attvalues>
        <viz:size value="10.0"></viz:size>
        <viz:position x="-12.5" y="3.25" z="0.0"></viz:position>
        <viz:color r="153" g="153" b="153"></viz:color>
      </node>
      <node id="n1" label="Bob">
        <attvalues>
          <attvalue for="modularity_class" value="1"></attvalue>
        </attvalues>
        <viz:size value="10.0"></viz:size>
      </node>
    </nodes>
    <edges>
      <edge id="0" source="n0" target="n1" label="met" weight="2.0">
        <attvalues><attvalue for="2" value="2019.5"></attvalue></attvalues>
        <viz:color r="1" g="2" b="3"></viz:color>
      </edge>
      <edge id="1" source="n1" target="n0" type="undirected" start="2001" end="2003"></edge>
    </edges>
  </graph>
</gexf>
"#;

    #[test]
    fn gephi_12draft_reads_attributes_and_ignores_viz() {
        let s = read_str(GEPHI_12).unwrap();
        assert!(s.directed);
        let got: Vec<(&str, &str)> = s
            .nodes()
            .iter()
            .map(|n| (n.id.as_str(), n.label.as_str()))
            .collect();
        assert_eq!(got, [("n0", "Ann"), ("n1", "Bob")]);
        let names: Vec<&str> = s.node_attributes().iter().map(|a| a.name()).collect();
        assert_eq!(names, ["Modularity Class", "gender", "member"]);
        let m = s.node_attribute("Modularity Class").unwrap();
        assert_eq!(
            m.values(),
            &[Some(Value::Number(0.0)), Some(Value::Number(1.0))]
        );
        assert_eq!(
            s.node_attribute("gender").unwrap().values(),
            &[text("F"), None]
        );
        assert_eq!(
            s.node_attribute("member").unwrap().values(),
            &[text("true"), text("false")]
        );
        let ties: Vec<(f64, bool)> = s.ties().iter().map(|t| (t.weight, t.directed)).collect();
        assert_eq!(ties, [(2.0, true), (1.0, false)]);
        let names: Vec<&str> = s.tie_attributes().iter().map(|a| a.name()).collect();
        assert_eq!(names, ["since", "label", "start", "end"]);
        assert_eq!(
            s.tie_attribute("since").unwrap().values(),
            &[Some(Value::Number(2019.5)), None]
        );
        assert_eq!(
            s.tie_attribute("label").unwrap().values(),
            &[text("met"), None]
        );
        assert_eq!(
            s.tie_attribute("end").unwrap().values(),
            &[None, text("2003")]
        );
        assert!(s.relations().is_empty());
    }

    #[test]
    fn gexf_13_kind_relation_wave_and_node_kind() {
        let s = read_str(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <meta><creator>Gephi 0.10</creator><title>Street survey</title></meta>
  <graph defaultedgetype="undirected">
    <attributes class="node"><attribute id="k" title="kind" type="string"/></attributes>
    <attributes class="edge">
      <attribute id="w" title="wave" type="string"/>
      <attribute id="r" title="relation" type="string"/>
    </attributes>
    <nodes>
      <node id="a" label="Ann"><attvalues><attvalue for="k" value="respondent"/></attvalues></node>
      <node id="s"><attvalues><attvalue for="k" value="place"/></attvalues>
        <nodes><node id="s1" label="Shop floor"/></nodes>
      </node>
    </nodes>
    <edges>
      <edge id="e0" source="a" target="s" kind="uses"><attvalues><attvalue for="w" value="2"/></attvalues></edge>
      <edge id="e1" source="s1" target="a" type="mutual" weight="0.5"><attvalues><attvalue for="r" value="knows"/></attvalues></edge>
      <edge id="e2" source="a" target="s1" type="directed"/>
    </edges>
  </graph>
</gexf>"#,
        )
        .unwrap();
        assert_eq!(s.name, "Street survey");
        // One edge is directed, so the study is.
        assert!(s.directed);
        let got: Vec<(&str, &str, NodeKind)> = s
            .nodes()
            .iter()
            .map(|n| (n.id.as_str(), n.label.as_str(), n.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "Ann", NodeKind::Respondent),
                ("s", "s", NodeKind::Place),
                ("s1", "Shop floor", NodeKind::Respondent)
            ]
        );
        assert!(s.node_attributes().is_empty());
        // With `kind` on edges, an attribute titled relation stays an attribute.
        assert_eq!(s.relations(), ["uses"]);
        assert_eq!(s.waves(), ["2"]);
        let t = &s.ties()[1];
        assert_eq!(
            (t.source, t.target, t.weight, t.directed, t.relation),
            (NodeId(2), NodeId(0), 0.5, false, None)
        );
        assert!(s.ties()[2].directed);
        assert_eq!(
            s.tie_attribute("relation").unwrap().values(),
            &[None, text("knows"), None]
        );
        assert!(s.tie_attribute("wave").is_none());
    }

    #[test]
    fn gexf_11_attvalue_id_and_relation_attribute() {
        let s = read_str(
            r#"<gexf xmlns="http://www.gexf.net/1.1draft" version="1.1"><graph type="static">
            <attributes class="edge"><attribute id="0" title="Relation" type="string"/></attributes>
            <nodes><node id="1" label="x"/><node id="2" label="y"/></nodes>
            <edges><edge id="0" source="1" target="2"><attvalues><attvalue id="0" value="advice"/></attvalues></edge></edges>
            </graph></gexf>"#,
        )
        .unwrap();
        assert!(!s.directed);
        assert_eq!(s.relations(), ["advice"]);
        assert!(s.tie_attributes().is_empty());
    }

    #[test]
    fn networkx_fixtures_read_whole() {
        for (name, nodes, ties, directed) in [
            ("karate/karate.gexf", 34, 78, false),
            ("lesmis/lesmis.gexf", 77, 254, false),
            ("davis/davis.gexf", 32, 89, false),
            ("florentine/florentine.gexf", 16, 20, false),
            ("directed/directed.gexf", 30, 81, true),
        ] {
            let bytes =
                std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
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
            if name.starts_with("karate") {
                assert_eq!(s.name, "Zachary's Karate Club");
                assert_eq!(s.ties()[0].weight, 4.0);
                assert_eq!(
                    s.node_attribute("club").unwrap().value(9),
                    text("Officer").as_ref()
                );
            }
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = read_str("<gexf>\n<graph>\n<nodes><node id=\"a\"></nodes>\n</graph></gexf>")
            .unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(21)));
        assert!(e.message.starts_with("malformed XML"), "{e}");
        let e = read_str(
            "<gexf><graph defaultedgetype=\"directed\">\n<nodes><node id=\"a\"/></nodes>\n<edges>\n  <edge source=\"a\" target=\"n99\"/>\n</edges></graph></gexf>",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "net.gexf line 4, column 3: edge target \"n99\" is not a node"
        );
        let e = read_str(
            "<gexf><graph>\n<attributes class=\"node\"><attribute id=\"0\" title=\"age\" type=\"double\"/></attributes>\n<nodes><node id=\"a\"><attvalues>\n <attvalue for=\"0\" value=\"old\"/></attvalues></node></nodes></graph></gexf>",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "net.gexf line 4, column 2: \"old\" is not a number (attribute \"age\" is double)"
        );
        let e = read_str("<gexf><graph><nodes><node id=\"a\"/></nodes><edges>\n<edge source=\"a\" target=\"a\" weight=\"x\"/></edges></graph></gexf>")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "net.gexf line 2, column 1: \"x\" is not a number (edge weight)"
        );
        let e = read_str("<gexf><graph><nodes><node id=\"a\"><attvalues><attvalue for=\"9\" value=\"1\"/></attvalues></node></nodes></graph></gexf>")
            .unwrap_err();
        assert!(
            e.message.contains("\"9\", which no <attribute> declares"),
            "{e}"
        );
        assert!(
            read_str("<graphml/>")
                .unwrap_err()
                .message
                .contains("not a GEXF file")
        );
        assert!(read_str("<gexf><graph defaultedgetype=\"sideways\"/></gexf>").is_err());
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
                name: "rt.gexf",
                bytes: &out.bytes,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        assert_same(&back, &s);
        assert_eq!(write(&back).bytes, out.bytes);
        // Marked undirected but holding arcs: it reads back directed, from its ties.
        s.directed = false;
        let back = read(
            &Input {
                name: "rt.gexf",
                bytes: &write(&s).bytes,
            },
            &ReadOptions::default(),
        )
        .unwrap();
        s.directed = true;
        assert_same(&back, &s);
    }

    #[test]
    fn writer_output_is_exact() {
        let mut s = Study::new(true);
        let a = s
            .add_node("a", "Łucja \"L\"", NodeKind::Respondent)
            .unwrap();
        let b = s.add_node("b", "b", NodeKind::Group).unwrap();
        let r = s.relation("advice").unwrap();
        let w = s.wave("1").unwrap();
        s.add_tie(Tie {
            source: a,
            target: b,
            weight: 2.0,
            relation: Some(r),
            wave: Some(w),
            directed: true,
        })
        .unwrap();
        s.add_tie(Tie {
            source: b,
            target: a,
            weight: 1.0,
            relation: None,
            wave: None,
            directed: false,
        })
        .unwrap();
        let out = String::from_utf8(write(&s).bytes).unwrap();
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta>
    <creator>Kith</creator>
  </meta>
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node" mode="static">
      <attribute id="0" title="kind" type="string" kith.type="categorical"/>
    </attributes>
    <attributes class="edge" mode="static">
      <attribute id="1" title="wave" type="string" kith.type="categorical"/>
      <attribute id="2" title="directed" type="boolean"/>
    </attributes>
    <nodes>
      <node id="a" label="Łucja &quot;L&quot;">
        <attvalues>
          <attvalue for="0" value="respondent"/>
        </attvalues>
      </node>
      <node id="b" label="b">
        <attvalues>
          <attvalue for="0" value="group"/>
        </attvalues>
      </node>
    </nodes>
    <edges>
      <edge id="0" source="a" target="b" weight="2" kind="advice">
        <attvalues>
          <attvalue for="1" value="1"/>
          <attvalue for="2" value="true"/>
        </attvalues>
      </edge>
      <edge id="1" source="b" target="a" weight="1">
        <attvalues>
          <attvalue for="2" value="false"/>
        </attvalues>
      </edge>
    </edges>
  </graph>
</gexf>
"#;
        assert_eq!(out, expected);
    }
}
