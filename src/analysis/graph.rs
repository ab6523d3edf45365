//! The compact graph every measure runs on: the selected ties of a study as compressed
//! sparse rows (CSR) with `u32` indices.

use crate::model::{RelationId, Study, WaveId};

/// Which ties are being viewed, and whether their weights count.
///
/// The default views every tie, unweighted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TieSelection {
    /// Relations to keep; `None` keeps every relation (and ties without one).
    pub relations: Option<Vec<RelationId>>,
    /// Waves to keep; `None` keeps every wave (and ties without one).
    pub waves: Option<Vec<WaveId>>,
    /// Use tie weights: as strength for eigenvector, PageRank, constraint and effective size,
    /// and as distance `1 / weight` for betweenness and closeness.
    pub weighted: bool,
}

/// A name in a `--relation` or `--wave` list that the study does not have.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the study has no {what} \"{name}\" (it has: {known})")]
pub struct UnknownName {
    /// "relation" or "wave".
    pub what: &'static str,
    /// The name asked for.
    pub name: String,
    /// The names the study has, comma separated, or "none".
    pub known: String,
}

impl TieSelection {
    /// A selection by relation and wave names (empty lists keep everything).
    pub fn by_names(
        study: &Study,
        relations: &[String],
        waves: &[String],
        weighted: bool,
    ) -> Result<Self, UnknownName> {
        fn ids<T>(
            names: &[String],
            known: &[String],
            what: &'static str,
            make: fn(u16) -> T,
        ) -> Result<Option<Vec<T>>, UnknownName> {
            if names.is_empty() {
                return Ok(None);
            }
            names
                .iter()
                .map(|name| {
                    known
                        .iter()
                        .position(|k| k == name.trim())
                        .map(|i| make(i as u16))
                        .ok_or_else(|| UnknownName {
                            what,
                            name: name.clone(),
                            known: if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            },
                        })
                })
                .collect::<Result<Vec<T>, _>>()
                .map(Some)
        }
        Ok(TieSelection {
            relations: ids(relations, study.relations(), "relation", RelationId)?,
            waves: ids(waves, study.waves(), "wave", WaveId)?,
            weighted,
        })
    }

    /// True when the tie at `index` of `study` is in view.
    pub fn includes(&self, study: &Study, index: usize) -> bool {
        let Some(tie) = study.ties().get(index) else {
            return false;
        };
        keep(&self.relations, tie.relation) && keep(&self.waves, tie.wave)
    }
}

/// True when `list` is absent (keep all) or holds `value`.
fn keep<T: PartialEq>(list: &Option<Vec<T>>, value: Option<T>) -> bool {
    match (list, value) {
        (None, _) => true,
        (Some(list), Some(v)) => list.contains(&v),
        (Some(_), None) => false,
    }
}

/// Adjacency in compressed sparse rows: the neighbours of `v` are
/// `targets[offsets[v]..offsets[v + 1]]`, sorted, with their weights beside them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Csr {
    offsets: Vec<u32>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Csr {
    /// Builds rows from `(from, to, weight)` arcs sorted by `(from, to)` without repeats.
    fn from_sorted(n: usize, arcs: &[(u32, u32, f64)]) -> Self {
        let mut offsets = vec![0u32; n + 1];
        for &(u, _, _) in arcs {
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Csr {
            offsets,
            targets: arcs.iter().map(|a| a.1).collect(),
            weights: arcs.iter().map(|a| a.2).collect(),
        }
    }

    /// The neighbours of `v`, in increasing order.
    #[inline]
    pub fn neighbors(&self, v: usize) -> &[u32] {
        &self.targets[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }

    /// The weights of the ties to [`Csr::neighbors`], in the same order.
    #[inline]
    pub fn weights(&self, v: usize) -> &[f64] {
        &self.weights[self.offsets[v] as usize..self.offsets[v + 1] as usize]
    }

    /// Number of neighbours of `v`.
    #[inline]
    pub fn degree(&self, v: usize) -> usize {
        (self.offsets[v + 1] - self.offsets[v]) as usize
    }

    /// The weight of the tie from `u` to `v`, if there is one.
    pub fn weight(&self, u: usize, v: usize) -> Option<f64> {
        let row = self.neighbors(u);
        row.binary_search(&(v as u32))
            .ok()
            .map(|i| self.weights(u)[i])
    }

    /// Number of rows (vertices).
    pub fn row_count(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of stored arcs (twice the edges of an undirected graph).
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    /// The same rows with vertices renumbered: vertex `v` becomes `new_of[v]`.
    pub(crate) fn permuted(&self, new_of: &[u32]) -> Csr {
        let n = new_of.len();
        let mut old_of = vec![0u32; n];
        for (old, &new) in new_of.iter().enumerate() {
            old_of[new as usize] = old as u32;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::with_capacity(self.targets.len());
        let mut weights = Vec::with_capacity(self.weights.len());
        offsets.push(0u32);
        let mut row: Vec<(u32, f64)> = Vec::new();
        for &old in &old_of {
            let old = old as usize;
            row.clear();
            row.extend(
                self.neighbors(old)
                    .iter()
                    .zip(self.weights(old))
                    .map(|(&t, &w)| (new_of[t as usize], w)),
            );
            row.sort_unstable_by_key(|&(t, _)| t);
            targets.extend(row.iter().map(|r| r.0));
            weights.extend(row.iter().map(|r| r.1));
            offsets.push(targets.len() as u32);
        }
        Csr {
            offsets,
            targets,
            weights,
        }
    }
}

/// The selected ties of a study as a simple graph: no self-loops, at most one tie per
/// ordered pair (per pair when undirected).
///
/// Vertex `i` is [`NodeId`](crate::model::NodeId)`(i)`; every node of the study is a vertex, tied or not. Ties that
/// repeat a pair (two relations, two waves) merge into one whose weight is their sum when
/// the selection is weighted, and 1 otherwise. A tie from a person to themself is left out,
/// as no measure here gives it a meaning; so is, when weighted, a tie whose weight is not
/// positive. In a directed study an undirected tie counts as two
/// arcs, one each way; in an undirected study every tie is an edge.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    n: usize,
    directed: bool,
    weighted: bool,
    out: Csr,
    incoming: Csr,
    und: Csr,
    edges: Vec<(u32, u32)>,
    tie_edge: Vec<Option<u32>>,
}

impl Graph {
    /// The graph of the ties `selection` keeps.
    pub fn new(study: &Study, selection: &TieSelection) -> Self {
        debug_assert!(study.is_dense(), "analysis runs on a compacted study");
        let n = study.node_count();
        let directed = study.directed;
        let weighted = selection.weighted;
        let mut arcs: Vec<(u32, u32, f64)> = Vec::with_capacity(study.tie_count() * 2);
        let mut tie_pair: Vec<Option<(u32, u32)>> = Vec::with_capacity(study.tie_count());
        for (i, t) in study.ties().iter().enumerate() {
            let (s, d) = (t.source.0, t.target.0);
            if s == d || !selection.includes(study, i) {
                tie_pair.push(None);
                continue;
            }
            // Weighted, a tie's length is 1/weight: a tie of weight 0 (or less, or not a
            // number) has no length and is left out.
            if weighted && !(t.weight > 0.0 && t.weight.is_finite()) {
                tie_pair.push(None);
                continue;
            }
            let w = if weighted { t.weight } else { 1.0 };
            tie_pair.push(Some((s.min(d), s.max(d))));
            if directed {
                arcs.push((s, d, w));
                if !t.directed {
                    arcs.push((d, s, w));
                }
            } else {
                arcs.push((s, d, w));
                arcs.push((d, s, w));
            }
        }
        Graph::build(n, directed, weighted, arcs, &tie_pair)
    }

    /// The simple graph on `n` vertices with these ties, unweighted: arcs when `directed`,
    /// edges otherwise. Self-loops and repeats are left out, as in [`Graph::new`]. Random
    /// graphs of a null model are built this way.
    pub fn from_pairs(n: usize, directed: bool, pairs: &[(u32, u32)]) -> Self {
        let mut arcs: Vec<(u32, u32, f64)> = Vec::with_capacity(pairs.len() * 2);
        for &(s, d) in pairs {
            if s == d || s as usize >= n || d as usize >= n {
                continue;
            }
            arcs.push((s, d, 1.0));
            if !directed {
                arcs.push((d, s, 1.0));
            }
        }
        Graph::build(n, directed, false, arcs, &[])
    }

    fn build(
        n: usize,
        directed: bool,
        weighted: bool,
        arcs: Vec<(u32, u32, f64)>,
        tie_pair: &[Option<(u32, u32)>],
    ) -> Self {
        let out_arcs = merge(arcs, weighted);
        let out = Csr::from_sorted(n, &out_arcs);
        let (incoming, und) = if directed {
            let mut rev: Vec<(u32, u32, f64)> =
                out_arcs.iter().map(|&(u, v, w)| (v, u, w)).collect();
            rev.sort_unstable_by_key(|a| (a.0, a.1));
            let incoming = Csr::from_sorted(n, &rev);
            // The underlying undirected graph sums the two arcs of a reciprocated pair (as
            // igraph's collapse and NetworkX's mutual weight do).
            let mut both = out_arcs.clone();
            both.extend(rev);
            (incoming, Csr::from_sorted(n, &merge(both, true)))
        } else {
            (Csr::default(), Csr::default())
        };
        let mut edges: Vec<(u32, u32)> = out_arcs
            .iter()
            .map(|&(u, v, _)| (u.min(v), u.max(v)))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let tie_edge = tie_pair
            .iter()
            .map(|p| p.and_then(|p| edges.binary_search(&p).ok().map(|i| i as u32)))
            .collect();
        Graph {
            n,
            directed,
            weighted,
            out,
            incoming,
            und,
            edges,
            tie_edge,
        }
    }

    /// Number of vertices (every node of the study).
    pub fn node_count(&self) -> usize {
        self.n
    }

    /// Whether ties have a direction.
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Whether tie weights count.
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }

    /// Ties leaving each vertex (every tie at the vertex when undirected).
    pub fn out(&self) -> &Csr {
        &self.out
    }

    /// Ties arriving at each vertex (every tie at the vertex when undirected).
    pub fn incoming(&self) -> &Csr {
        if self.directed {
            &self.incoming
        } else {
            &self.out
        }
    }

    /// The underlying undirected graph: one edge per tied pair, its weight the sum of the
    /// arcs' weights (so a reciprocated unweighted pair weighs 2).
    pub fn undirected(&self) -> &Csr {
        if self.directed { &self.und } else { &self.out }
    }

    /// Number of ties: arcs when directed, edges otherwise.
    pub fn tie_count(&self) -> usize {
        if self.directed {
            self.out.arc_count()
        } else {
            self.out.arc_count() / 2
        }
    }

    /// The pairs `(u, v)`, `u < v`, tied in either direction, sorted.
    pub fn pairs(&self) -> &[(u32, u32)] {
        &self.edges
    }

    /// For each tie of the study, the index in [`Graph::pairs`] of its pair, or `None` when
    /// the tie is not in view (or is a self-loop).
    pub fn tie_pairs(&self) -> &[Option<u32>] {
        &self.tie_edge
    }

    /// The underlying undirected graph in petgraph's compressed sparse row form: one edge
    /// per tied pair (stored both ways), vertex `i` at petgraph index `i`, for petgraph's
    /// algorithms (cut points, bridges). Built straight from Kith's rows, so it costs one
    /// copy of the adjacency and runs over contiguous memory.
    pub fn to_petgraph(&self) -> PetCsr<petgraph::Undirected> {
        pet_csr(self.n, self.undirected())
    }

    /// The arcs in view in petgraph's compressed sparse row form (every tie both ways when
    /// undirected), vertex `i` at petgraph index `i`, for strongly connected components.
    pub fn to_petgraph_directed(&self) -> PetCsr<petgraph::Directed> {
        pet_csr(self.n, &self.out)
    }

    /// Degree of every vertex: its distinct neighbours (in + out when directed, counting a
    /// reciprocated pair twice, as NetworkX does).
    pub fn degrees(&self) -> Vec<usize> {
        (0..self.n)
            .map(|v| {
                self.out.degree(v)
                    + if self.directed {
                        self.incoming.degree(v)
                    } else {
                        0
                    }
            })
            .collect()
    }
}

/// A petgraph compressed sparse row graph without weights.
pub type PetCsr<Ty> = petgraph::csr::Csr<(), (), Ty, u32>;

/// `rows` (sorted neighbour lists of `n` vertices) as a petgraph CSR graph of `n` vertices.
fn pet_csr<Ty: petgraph::EdgeType>(n: usize, rows: &Csr) -> PetCsr<Ty> {
    let mut arcs: Vec<(u32, u32)> = Vec::with_capacity(rows.arc_count());
    for v in 0..rows.row_count().min(n) {
        arcs.extend(rows.neighbors(v).iter().map(|&w| (v as u32, w)));
    }
    // Rows are sorted and free of repeats, so this cannot fail; an empty graph is the
    // fallback all the same.
    let mut g = PetCsr::<Ty>::from_sorted_edges(&arcs).unwrap_or_default();
    while g.node_count() < n {
        g.add_node(());
    }
    g
}

/// Sorts arcs and merges repeats of a pair, summing weights when `sum` is true.
fn merge(mut arcs: Vec<(u32, u32, f64)>, sum: bool) -> Vec<(u32, u32, f64)> {
    arcs.sort_by_key(|a| (a.0, a.1));
    let mut out: Vec<(u32, u32, f64)> = Vec::with_capacity(arcs.len());
    for a in arcs {
        match out.last_mut() {
            Some(last) if last.0 == a.0 && last.1 == a.1 => {
                if sum {
                    last.2 += a.2;
                }
            }
            _ => out.push(a),
        }
    }
    out
}
