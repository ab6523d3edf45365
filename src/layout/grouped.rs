//! Group-in-a-box (as in NodeXL): one force-directed cluster per category of an attribute,
//! each in its own box, the boxes in rows from the largest group down.

use super::packing::{Rect, shelves};
use super::{Layout, LayoutGraph, Point, forceatlas2};
use crate::model::Study;

/// The name used for nodes whose value is missing.
pub const MISSING: &str = "No value";

/// One category and its nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The category as shown (the attribute value, or [`MISSING`]).
    pub name: String,
    /// Node indices in node order.
    pub nodes: Vec<usize>,
}

/// A group's box in the finished layout, for the scene to frame and title.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct GroupBox {
    /// The category.
    pub name: String,
    /// Nodes in the group.
    pub count: usize,
    /// The box, in layout units.
    pub rect: Rect,
}

/// The categories of node attribute `attribute`: largest group first, ties by name, the
/// missing group last. Every node is in exactly one group (all in [`MISSING`] when the
/// study has no such attribute).
pub fn categories(study: &Study, attribute: &str) -> Vec<Group> {
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    let mut missing = Vec::new();
    let column = study.node_attribute(attribute);
    for i in 0..study.node_count() {
        match column.and_then(|a| a.value(i)) {
            Some(v) => groups.entry(v.to_string()).or_default().push(i),
            None => missing.push(i),
        }
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(name, nodes)| Group { name, nodes })
        .collect();
    out.sort_by(|a, b| b.nodes.len().cmp(&a.nodes.len()).then(a.name.cmp(&b.name)));
    if !missing.is_empty() {
        out.push(Group {
            name: MISSING.to_string(),
            nodes: missing,
        });
    }
    out
}

/// Lays out each group on its own (ties between groups are ignored for placement but
/// still drawn) and places the group boxes in rows.
pub fn layout(
    graph: &LayoutGraph,
    groups: &[Group],
    radii: &[f32],
    seed: u64,
    iterations: usize,
) -> Layout {
    let n = graph.node_count();
    let mut positions = vec![Point::default(); n];
    let mut local: Vec<(Vec<Point>, Rect)> = Vec::with_capacity(groups.len());
    let max_r = radii.iter().copied().fold(1.0f32, f32::max);
    let pad = max_r * 3.0;
    for g in groups {
        let sub = graph.subgraph(&g.nodes);
        let sub_radii: Vec<f32> = g
            .nodes
            .iter()
            .map(|&i| radii.get(i).copied().unwrap_or(1.0))
            .collect();
        let pts = forceatlas2::settle(&sub, &sub_radii, seed, iterations);
        let idx: Vec<usize> = (0..pts.len()).collect();
        let mut rect = Rect::around(&idx, &pts, &sub_radii);
        rect.min.x -= pad;
        // Room at the top for the group's name.
        rect.min.y -= pad * 2.5;
        rect.max.x += pad;
        rect.max.y += pad;
        local.push((pts, rect));
    }
    let sizes: Vec<(f32, f32)> = local.iter().map(|(_, r)| (r.width(), r.height())).collect();
    let area: f32 = sizes.iter().map(|(w, h)| w * h).sum();
    let widest = sizes.iter().map(|s| s.0).fold(0.0f32, f32::max);
    let width = widest.max(area.sqrt() * 1.4);
    let corners = shelves(&sizes, width, pad);
    let mut boxes = Vec::with_capacity(groups.len());
    for ((g, (pts, rect)), c) in groups.iter().zip(&local).zip(&corners) {
        let (dx, dy) = (c.x - rect.min.x, c.y - rect.min.y);
        for (k, &i) in g.nodes.iter().enumerate() {
            if let (Some(slot), Some(p)) = (positions.get_mut(i), pts.get(k)) {
                *slot = Point::new(p.x + dx, p.y + dy);
            }
        }
        boxes.push(GroupBox {
            name: g.name.clone(),
            count: g.nodes.len(),
            rect: Rect {
                min: *c,
                max: Point::new(c.x + rect.width(), c.y + rect.height()),
            },
        });
    }
    Layout {
        positions,
        groups: boxes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttrType, NodeId, NodeKind, Value};

    #[test]
    fn each_group_gets_a_box_holding_its_nodes() {
        let mut s = Study::new(false);
        for i in 0..9 {
            s.add_node(format!("n{i}"), format!("n{i}"), NodeKind::Respondent)
                .unwrap();
        }
        for i in 0..8u32 {
            s.connect(NodeId(i), NodeId(i + 1)).unwrap();
        }
        let col = s
            .declare_node_attribute("g", AttrType::Categorical)
            .unwrap();
        for i in 0..8u32 {
            let v = if i < 5 { "a" } else { "b" };
            s.set_node_value(col, NodeId(i), Some(Value::Text(v.into())));
        }
        let groups = categories(&s, "g");
        assert_eq!(
            groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
            ["a", "b", MISSING]
        );
        let graph = LayoutGraph::from_study(&s);
        let out = layout(&graph, &groups, &[1.0; 9], 1, 100);
        assert_eq!(out.groups.len(), 3);
        for (g, b) in groups.iter().zip(&out.groups) {
            for &i in &g.nodes {
                let p = out.positions[i];
                assert!(p.x > b.rect.min.x && p.x < b.rect.max.x);
                assert!(p.y > b.rect.min.y && p.y < b.rect.max.y);
            }
        }
    }
}
