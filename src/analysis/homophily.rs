//! Homophily by attribute: Krackhardt and Stern's E-I index and Newman's assortativity.
//!
//! Ties with an end whose value is missing are left out of both.

use super::Grouping;
use super::graph::Graph;

/// E-I index of the whole network and of each group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EiIndex {
    /// Ties between groups (E) minus ties within groups (I), over E + I; from −1 (all ties
    /// within groups) to 1 (all between). `None` when no tie joins two known groups.
    pub whole: Option<f64>,
    /// Ties within groups.
    pub internal: u64,
    /// Ties between groups.
    pub external: u64,
    /// Per group, in [`Grouping::labels`] order: ties from the group to others (E) minus
    /// ties inside it (I), over E + I.
    pub groups: Vec<GroupEi>,
}

/// E-I index of one group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupEi {
    /// The group's value.
    pub group: String,
    /// Ties with both ends in the group.
    pub internal: u64,
    /// Ties with one end in the group and the other in another group.
    pub external: u64,
    /// (E − I) / (E + I); `None` when the group has no tie.
    pub ei: Option<f64>,
}

fn ratio(e: u64, i: u64) -> Option<f64> {
    (e + i > 0).then(|| (e as f64 - i as f64) / (e as f64 + i as f64))
}

/// E-I index of `graph` by `groups`. Each tie counts once: an edge, or an arc when directed.
pub fn ei_index(graph: &Graph, groups: &Grouping) -> EiIndex {
    let k = groups.labels().len();
    let mut internal = vec![0u64; k];
    let mut external = vec![0u64; k];
    let (mut all_i, mut all_e) = (0u64, 0u64);
    let out = graph.out();
    for u in 0..graph.node_count() {
        let Some(gu) = groups.of(u) else { continue };
        for &v in out.neighbors(u) {
            let v = v as usize;
            if !graph.is_directed() && v < u {
                continue;
            }
            let Some(gv) = groups.of(v) else { continue };
            if gu == gv {
                all_i += 1;
                internal[gu as usize] += 1;
            } else {
                all_e += 1;
                external[gu as usize] += 1;
                external[gv as usize] += 1;
            }
        }
    }
    EiIndex {
        whole: ratio(all_e, all_i),
        internal: all_i,
        external: all_e,
        groups: groups
            .labels()
            .iter()
            .enumerate()
            .map(|(g, label)| GroupEi {
                group: label.clone(),
                internal: internal[g],
                external: external[g],
                ei: ratio(external[g], internal[g]),
            })
            .collect(),
    }
}

/// Newman's assortativity coefficient of a categorical attribute (NetworkX's
/// `attribute_assortativity_coefficient`): 1 when every tie stays within a group, 0 when
/// ties ignore groups. Each undirected tie counts in both directions. `None` when no tie
/// joins two known values, or when every tie end has the same value.
pub fn assortativity(graph: &Graph, groups: &Grouping) -> Option<f64> {
    let k = groups.labels().len();
    let mut mix = vec![0.0f64; k * k];
    let mut total = 0.0;
    let out = graph.out();
    for u in 0..graph.node_count() {
        let Some(gu) = groups.of(u) else { continue };
        for &v in out.neighbors(u) {
            let Some(gv) = groups.of(v as usize) else {
                continue;
            };
            mix[gu as usize * k + gv as usize] += 1.0;
            total += 1.0;
        }
    }
    if total == 0.0 {
        return None;
    }
    let mut trace = 0.0;
    let mut a = vec![0.0f64; k];
    let mut b = vec![0.0f64; k];
    for i in 0..k {
        for j in 0..k {
            let e = mix[i * k + j] / total;
            a[i] += e;
            b[j] += e;
            if i == j {
                trace += e;
            }
        }
    }
    let s: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
    (s != 1.0).then(|| (trace - s) / (1.0 - s))
}

/// Newman's assortativity of a numeric attribute (NetworkX's
/// `numeric_assortativity_coefficient`): the Pearson correlation of the values at the two
/// ends of each tie, each undirected tie counted in both directions. `None` when no tie
/// joins two known values or the values do not vary.
pub fn numeric_assortativity(graph: &Graph, values: &[Option<f64>]) -> Option<f64> {
    let out = graph.out();
    let (mut n, mut sx, mut sy) = (0.0f64, 0.0f64, 0.0f64);
    let mut pairs: Vec<(f64, f64)> = Vec::new();
    for u in 0..graph.node_count() {
        let Some(x) = values.get(u).copied().flatten() else {
            continue;
        };
        for &v in out.neighbors(u) {
            let Some(y) = values.get(v as usize).copied().flatten() else {
                continue;
            };
            pairs.push((x, y));
            n += 1.0;
            sx += x;
            sy += y;
        }
    }
    if n == 0.0 {
        return None;
    }
    let (mx, my) = (sx / n, sy / n);
    let (mut cov, mut vx, mut vy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        cov += (x - mx) * (y - my);
        vx += (x - mx) * (x - mx);
        vy += (y - my) * (y - my);
    }
    let denom = (vx * vy).sqrt();
    (denom > 0.0).then(|| cov / denom)
}
