//! QAP: the quadratic assignment procedure. Does one relation overlap another ("rely on"
//! and "advice") more than it would if the people of one were shuffled? And MRQAP: a
//! relation regressed on other relations and on dyadic covariates built from attributes
//! (`same:gender`, `diff:age_band`), by least squares (`sna::netlm`) or logistic regression
//! (`sna::netlogit`), each coefficient tested by Dekker, Krackhardt and Snijders' (2007)
//! double semi-partialling: the predictor is regressed on the others, and the rows and
//! columns of its residual matrix are permuted together.
//!
//! Every dyad (ordered pair of different people; unordered when the study is undirected)
//! is an observation, so a 4,000-person study has 16 million. Nothing here builds an n × n
//! matrix: a relation is its list of ties and an attribute covariate is a small table over
//! its categories, so every sum over the dyads is a sum over the ties plus a sum over pairs
//! of categories weighted by how many dyads fall in each. A permutation relabels the ties
//! and the categories, which keeps a permutation's cost near the number of ties.
//!
//! People without a value of an attribute used in a covariate are left out, and counted.

use rand_chacha::ChaCha8Rng;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::linalg;
use super::{
    Control, Draws, EXACT_LIMIT, InferenceError, PValues, Sampling, all_permutations, enumerate,
    factorial_at_most, format_p, monte_carlo, random_permutation, reading,
};
use crate::analysis::{Graph, Grouping, TieSelection};
use crate::model::{AttrType, Study};

/// The name of the intercept, as `sna` prints it.
pub const INTERCEPT: &str = "(intercept)";

/// The relation name that stands for every tie of a study without named relations.
pub const ALL_TIES: &str = "ties";

/// A dyadic predictor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum DyadicTerm {
    /// A relation: 1 where i has a tie to j.
    Relation(String),
    /// 1 where i and j have the same value of the attribute.
    Same(String),
    /// |value(i) − value(j)|: of the numbers for a numeric attribute, of the positions in
    /// sorted order for a categorical one (age bands).
    Diff(String),
}

impl DyadicTerm {
    /// Reads `advice`, `same:gender` or `diff:age_band`.
    pub fn parse(text: &str) -> DyadicTerm {
        let t = text.trim();
        if let Some(a) = t.strip_prefix("same:") {
            DyadicTerm::Same(a.trim().to_string())
        } else if let Some(a) = t.strip_prefix("diff:") {
            DyadicTerm::Diff(a.trim().to_string())
        } else {
            DyadicTerm::Relation(t.to_string())
        }
    }

    /// The term as written: `advice`, `same:gender`, `diff:age_band`.
    pub fn name(&self) -> String {
        match self {
            DyadicTerm::Relation(r) => r.clone(),
            DyadicTerm::Same(a) => format!("same:{a}"),
            DyadicTerm::Diff(a) => format!("diff:{a}"),
        }
    }
}

/// A QAP correlation between two relations (`sna::gcor` with `qaptest`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QapCorrelation {
    /// The first relation.
    pub y: String,
    /// The second relation or covariate.
    pub x: String,
    /// Pearson correlation over the dyads.
    pub observed: f64,
    /// Against the permutations.
    pub p: PValues,
    /// How the permutations were made.
    pub sampling: Sampling,
    /// People in the test.
    pub nodes: usize,
    /// Dyads (observations).
    pub dyads: f64,
    /// People left out for a missing attribute.
    pub dropped: usize,
    /// One sentence.
    pub method: String,
}

/// One MRQAP coefficient.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QapCoefficient {
    /// The term, `(intercept)` first.
    pub term: String,
    /// Estimate.
    pub estimate: f64,
    /// t (least squares) or z (logistic).
    pub statistic: f64,
    /// Two-sided p-value as if the dyads were independent.
    pub classical_p: f64,
    /// Permutation p-values of the statistic (double semi-partialling).
    pub p: PValues,
}

/// An MRQAP regression (`sna::netlm` / `netlogit` with `nullhyp = "qapspp"`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QapRegression {
    /// The relation explained.
    pub y: String,
    /// Logistic rather than least squares.
    pub logit: bool,
    /// Coefficients, intercept first.
    pub coefficients: Vec<QapCoefficient>,
    /// People in the model.
    pub nodes: usize,
    /// People left out for a missing attribute.
    pub dropped: usize,
    /// Dyads (observations).
    pub dyads: f64,
    /// R² (least squares).
    pub r_squared: Option<f64>,
    /// Residual deviance (logistic).
    pub deviance: Option<f64>,
    /// Null deviance (logistic) as `sna::netlogit` reports it: against a probability of ½
    /// for every dyad, since the intercept is fitted as one more column.
    pub null_deviance: Option<f64>,
    /// How the permutations were made.
    pub sampling: Sampling,
    /// One sentence.
    pub method: String,
}

/// Either result of [`qap`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum QapResult {
    /// One relation against one other: the correlation.
    Correlation(QapCorrelation),
    /// A regression on several terms (or with `--logit`).
    Regression(QapRegression),
}

/// A correlation when `x` is one term and `logit` is false, else an MRQAP regression.
///
/// `selection` gives the waves (and weighting is ignored: ties count 0/1); each relation
/// term selects its own relation.
pub fn qap(
    study: &Study,
    selection: &TieSelection,
    y: &str,
    x: &[DyadicTerm],
    logit: bool,
    draws: &Draws,
    control: Control<'_>,
) -> Result<QapResult, InferenceError> {
    if x.is_empty() {
        return Err(InferenceError::NotEnoughData(
            "QAP needs at least one predictor (--x)".to_string(),
        ));
    }
    let space = Space::new(study, selection, y, x)?;
    if space.n < 3 {
        return Err(InferenceError::NotEnoughData(format!(
            "only {} people have every value the terms need",
            space.n
        )));
    }
    if x.len() == 1 && !logit {
        correlation(&space, y, &x[0], draws, control).map(QapResult::Correlation)
    } else {
        regression(&space, y, x, logit, draws, control).map(QapResult::Regression)
    }
}

/// An MRQAP regression of `y` on `x`, even on a single term (`netlm(y, x)` with one x).
pub fn mrqap(
    study: &Study,
    selection: &TieSelection,
    y: &str,
    x: &[DyadicTerm],
    logit: bool,
    draws: &Draws,
    control: Control<'_>,
) -> Result<QapRegression, InferenceError> {
    if x.is_empty() {
        return Err(InferenceError::NotEnoughData(
            "MRQAP needs at least one predictor (--x)".to_string(),
        ));
    }
    let space = Space::new(study, selection, y, x)?;
    if space.n < 3 {
        return Err(InferenceError::NotEnoughData(format!(
            "only {} people have every value the terms need",
            space.n
        )));
    }
    regression(&space, y, x, logit, draws, control)
}

/// A relation as compressed rows over the people in the test.
#[derive(Debug, Clone, Default)]
struct Sparse {
    offsets: Vec<u32>,
    cols: Vec<u32>,
}

impl Sparse {
    fn from_arcs(n: usize, mut arcs: Vec<(u32, u32)>) -> Self {
        arcs.sort_unstable();
        arcs.dedup();
        let mut offsets = vec![0u32; n + 1];
        for &(u, _) in &arcs {
            offsets[u as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Sparse {
            offsets,
            cols: arcs.iter().map(|a| a.1).collect(),
        }
    }

    #[inline]
    fn get(&self, u: u32, v: u32) -> f64 {
        let row =
            &self.cols[self.offsets[u as usize] as usize..self.offsets[u as usize + 1] as usize];
        if row.binary_search(&v).is_ok() {
            1.0
        } else {
            0.0
        }
    }

    fn arcs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.offsets.len().saturating_sub(1)).flat_map(move |u| {
            self.cols[self.offsets[u] as usize..self.offsets[u + 1] as usize]
                .iter()
                .map(move |&v| (u as u32, v))
        })
    }
}

/// An attribute covariate: a category per person and a value per pair of categories.
#[derive(Debug, Clone)]
struct Block {
    cat: Vec<u32>,
    k: usize,
    table: Vec<f64>,
}

/// A dyadic matrix as a linear combination of relations and covariates.
#[derive(Debug, Clone, Default)]
struct Column {
    sparse: Vec<(f64, usize)>,
    blocks: Vec<(f64, usize)>,
}

impl Column {
    fn add(&mut self, other: &Column, coef: f64) {
        for &(c, s) in &other.sparse {
            self.sparse.push((c * coef, s));
        }
        for &(c, b) in &other.blocks {
            self.blocks.push((c * coef, b));
        }
    }
}

/// The people in the test and everything dyadic about them.
struct Space {
    n: usize,
    dropped: usize,
    undirected: bool,
    sparse: Vec<Sparse>,
    blocks: Vec<Block>,
    /// Profile (combination of categories over every covariate) of each person.
    prof: Vec<u32>,
    /// Categories of each profile, one per block.
    prof_cats: Vec<Vec<u32>>,
    y: Column,
    x: Vec<Column>,
    /// Every dyad where some relation has a tie, sorted as (i << 32 | j).
    listed: Vec<u64>,
}

const INTERCEPT_BLOCK: usize = 0;

/// Up to this many profiles (combinations of covariate categories), sums over the dyads go
/// through the profile counts; beyond, through one row per pair of profiles.
const MAX_BILINEAR_PROFILES: usize = 64;

/// A covariate term's index, its grouping, and its numbers when it is a numeric difference.
type Covariate = (usize, Grouping, Option<Vec<Option<f64>>>);

impl Space {
    fn new(
        study: &Study,
        selection: &TieSelection,
        y: &str,
        x: &[DyadicTerm],
    ) -> Result<Space, InferenceError> {
        // People with every attribute the covariates need.
        let total = study.node_count();
        let mut keep = vec![true; total];
        let mut groupings: Vec<Covariate> = Vec::new();
        for (t, term) in x.iter().enumerate() {
            let (DyadicTerm::Same(a) | DyadicTerm::Diff(a)) = term else {
                continue;
            };
            let g = Grouping::by(study, a)?;
            let numbers = match (term, study.node_attribute(a)) {
                (DyadicTerm::Diff(_), Some(attr)) if attr.ty() == AttrType::Numeric => Some(
                    (0..total)
                        .map(|v| attr.value(v).and_then(|x| x.as_number()))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            };
            for (v, k) in keep.iter_mut().enumerate() {
                let missing = match &numbers {
                    Some(nums) => nums[v].is_none(),
                    None => g.of(v).is_none(),
                };
                if missing {
                    *k = false;
                }
            }
            groupings.push((t, g, numbers));
        }
        let mut index = vec![u32::MAX; total];
        let mut n = 0usize;
        for v in 0..total {
            if keep[v] {
                index[v] = n as u32;
                n += 1;
            }
        }
        let undirected = !study.directed;
        let relation = |name: &str| -> Result<Sparse, InferenceError> {
            // A study without named relations calls its ties "ties".
            let relations = if name == ALL_TIES && study.relations().is_empty() {
                None
            } else {
                TieSelection::by_names(study, &[name.to_string()], &[], false)?.relations
            };
            let sel = TieSelection {
                relations,
                waves: selection.waves.clone(),
                weighted: false,
            };
            let g = Graph::new(study, &sel);
            let out = g.out();
            let mut arcs = Vec::with_capacity(out.arc_count());
            for u in 0..total {
                if index[u] == u32::MAX {
                    continue;
                }
                for &v in out.neighbors(u) {
                    if index[v as usize] != u32::MAX {
                        arcs.push((index[u], index[v as usize]));
                    }
                }
            }
            Ok(Sparse::from_arcs(n, arcs))
        };
        let mut sparse = vec![relation(y)?];
        let mut blocks = vec![Block {
            cat: vec![0; n],
            k: 1,
            table: vec![1.0],
        }];
        let yc = Column {
            sparse: vec![(1.0, 0)],
            blocks: Vec::new(),
        };
        let mut xs = Vec::with_capacity(x.len() + 1);
        xs.push(Column {
            sparse: Vec::new(),
            blocks: vec![(1.0, INTERCEPT_BLOCK)],
        });
        let mut gi = groupings.into_iter();
        for term in x {
            match term {
                DyadicTerm::Relation(r) => {
                    sparse.push(relation(r)?);
                    xs.push(Column {
                        sparse: vec![(1.0, sparse.len() - 1)],
                        blocks: Vec::new(),
                    });
                }
                DyadicTerm::Same(_) | DyadicTerm::Diff(_) => {
                    let Some((_, g, numbers)) = gi.next() else {
                        continue;
                    };
                    let block = match (term, numbers) {
                        (DyadicTerm::Diff(_), Some(nums)) => {
                            let mut values: Vec<f64> = (0..total)
                                .filter(|&v| keep[v])
                                .filter_map(|v| nums[v])
                                .collect();
                            values.sort_by(f64::total_cmp);
                            values.dedup();
                            let cat = (0..total)
                                .filter(|&v| keep[v])
                                .map(|v| {
                                    let x = nums[v].unwrap_or(0.0);
                                    values.binary_search_by(|a| a.total_cmp(&x)).unwrap_or(0) as u32
                                })
                                .collect();
                            let k = values.len();
                            let mut table = vec![0.0; k * k];
                            for a in 0..k {
                                for b in 0..k {
                                    table[a * k + b] = (values[a] - values[b]).abs();
                                }
                            }
                            Block { cat, k, table }
                        }
                        _ => {
                            let k = g.labels().len();
                            let cat = (0..total)
                                .filter(|&v| keep[v])
                                .map(|v| g.of(v).unwrap_or(0))
                                .collect();
                            let same = matches!(term, DyadicTerm::Same(_));
                            let mut table = vec![0.0; k * k];
                            for a in 0..k {
                                for b in 0..k {
                                    table[a * k + b] = if same {
                                        f64::from(u8::from(a == b))
                                    } else {
                                        (a as f64 - b as f64).abs()
                                    };
                                }
                            }
                            Block { cat, k, table }
                        }
                    };
                    blocks.push(block);
                    xs.push(Column {
                        sparse: Vec::new(),
                        blocks: vec![(1.0, blocks.len() - 1)],
                    });
                }
            }
        }
        // Profiles: the distinct combinations of categories.
        let mut seen: std::collections::BTreeMap<Vec<u32>, u32> = std::collections::BTreeMap::new();
        let mut prof = Vec::with_capacity(n);
        let mut prof_cats: Vec<Vec<u32>> = Vec::new();
        for i in 0..n {
            let key: Vec<u32> = blocks.iter().map(|b| b.cat[i]).collect();
            let next = prof_cats.len() as u32;
            let id = *seen.entry(key.clone()).or_insert(next);
            if id == next {
                prof_cats.push(key);
            }
            prof.push(id);
        }
        let mut listed: Vec<u64> = sparse
            .iter()
            .flat_map(|s| s.arcs().map(|(u, v)| (u64::from(u) << 32) | u64::from(v)))
            .collect();
        listed.sort_unstable();
        listed.dedup();
        Ok(Space {
            n,
            dropped: total - n,
            undirected,
            sparse,
            blocks,
            prof,
            prof_cats,
            y: yc,
            x: xs,
            listed,
        })
    }

    /// Dyads in the test.
    fn dyads(&self) -> f64 {
        let n = self.n as f64;
        if self.undirected {
            n * (n - 1.0) / 2.0
        } else {
            n * (n - 1.0)
        }
    }

    /// The column's covariate part over pairs of profiles.
    fn block_table(&self, c: &Column) -> Vec<f64> {
        let p = self.prof_cats.len();
        let mut t = vec![0.0; p * p];
        for a in 0..p {
            for b in 0..p {
                t[a * p + b] = c
                    .blocks
                    .iter()
                    .map(|&(coef, k)| {
                        let bl = &self.blocks[k];
                        coef * bl.table
                            [self.prof_cats[a][k] as usize * bl.k + self.prof_cats[b][k] as usize]
                    })
                    .sum();
            }
        }
        t
    }

    #[inline]
    fn sparse_value(&self, c: &Column, u: u32, v: u32) -> f64 {
        c.sparse
            .iter()
            .map(|&(coef, s)| coef * self.sparse[s].get(u, v))
            .sum()
    }
}

/// Observations as weighted rows: one per dyad with a tie somewhere, one per pair of
/// profiles for the rest.
struct Rows {
    x: Vec<f64>,
    y: Vec<f64>,
    w: Vec<f64>,
}

/// Builds the rows of `cols` (the last one permuted by `perm` when given) and the response.
struct Builder<'a> {
    space: &'a Space,
    cols: Vec<Column>,
    tables: Vec<Vec<f64>>,
    y_table: Vec<f64>,
    /// Values of the columns (the last unpermuted) and of y at the listed dyads.
    listed_x: Vec<f64>,
    listed_y: Vec<f64>,
}

impl<'a> Builder<'a> {
    fn new(space: &'a Space, cols: Vec<Column>) -> Self {
        let tables: Vec<Vec<f64>> = cols.iter().map(|c| space.block_table(c)).collect();
        let y_table = space.block_table(&space.y);
        let pp = space.prof_cats.len();
        let mut listed_x = Vec::with_capacity(space.listed.len() * cols.len());
        let mut listed_y = Vec::with_capacity(space.listed.len());
        for &key in &space.listed {
            let (u, v) = ((key >> 32) as u32, key as u32);
            let (pu, pv) = (
                space.prof[u as usize] as usize,
                space.prof[v as usize] as usize,
            );
            for (c, t) in cols.iter().zip(&tables) {
                listed_x.push(space.sparse_value(c, u, v) + t[pu * pp + pv]);
            }
            listed_y.push(space.sparse_value(&space.y, u, v) + y_table[pu * pp + pv]);
        }
        Builder {
            space,
            cols,
            tables,
            y_table,
            listed_x,
            listed_y,
        }
    }

    /// Σ over every dyad of each fixed column times the permuted last column, and of y times
    /// it, without building rows: the covariate parts multiply through the counts of people
    /// by (profile, profile of the person whose place they take), the tie parts over the
    /// dyads with a tie. `None` when there are too many profiles for that to pay.
    fn cross_last(&self, perm: &[u32]) -> Option<(Vec<f64>, f64)> {
        let s = self.space;
        let pp = s.prof_cats.len();
        if pp > MAX_BILINEAR_PROFILES {
            return None;
        }
        let last = self.cols.len() - 1;
        let e_table = &self.tables[last];
        let permuted_col = &self.cols[last];
        let half = if s.undirected { 0.5 } else { 1.0 };
        // m[p][q]: people of profile p in the place of someone of profile q.
        let mut m = vec![0.0f64; pp * pp];
        for (i, &t) in perm.iter().enumerate() {
            m[s.prof[i] as usize * pp + s.prof[t as usize] as usize] += 1.0;
        }
        let mut cross = vec![0.0f64; last];
        let mut k = vec![0.0f64; pp * pp];
        for (c, acc) in cross.iter_mut().enumerate() {
            let t = &self.tables[c];
            if t.iter().all(|&v| v == 0.0) {
                continue;
            }
            // Σ_{p,q,p',q'} m[p][q] t[p][p'] m[p'][q'] e[q][q'], less the diagonal i = j.
            for a in 0..pp {
                for b in 0..pp {
                    k[a * pp + b] = (0..pp).map(|x| t[a * pp + x] * m[x * pp + b]).sum();
                }
            }
            let mut total = 0.0;
            for q in 0..pp {
                for q2 in 0..pp {
                    let e = e_table[q * pp + q2];
                    if e == 0.0 {
                        continue;
                    }
                    let h: f64 = (0..pp).map(|a| m[a * pp + q] * k[a * pp + q2]).sum();
                    total += h * e;
                }
            }
            for a in 0..pp {
                for q in 0..pp {
                    total -= m[a * pp + q] * t[a * pp + a] * e_table[q * pp + q];
                }
            }
            *acc = total;
        }
        let prof = |i: u32| s.prof[i as usize] as usize;
        let value_last = |u: u32, v: u32| {
            let (a, b) = (perm[u as usize], perm[v as usize]);
            (
                s.sparse_value(permuted_col, a, b),
                e_table[prof(a) * pp + prof(b)],
            )
        };
        let mut ye = 0.0;
        // Dyads with a tie in y or a fixed column: their tie parts.
        for (idx, &key) in s.listed.iter().enumerate() {
            let (u, v) = ((key >> 32) as u32, key as u32);
            let (es, eb) = value_last(u, v);
            let e = es + eb;
            let (pu, pv) = (prof(u), prof(v));
            for (c, acc) in cross.iter_mut().enumerate() {
                let x = self.listed_x[idx * self.cols.len() + c];
                *acc += x * e - self.tables[c][pu * pp + pv] * eb;
            }
            ye += self.listed_y[idx] * e;
        }
        // Dyads where only the permuted column has a tie.
        if !permuted_col.sparse.is_empty() {
            let mut inv = vec![0u32; s.n];
            for (i, &t) in perm.iter().enumerate() {
                inv[t as usize] = i as u32;
            }
            let mut extra: Vec<u64> = permuted_col
                .sparse
                .iter()
                .flat_map(|&(_, k)| {
                    s.sparse[k].arcs().map(|(a, b)| {
                        (u64::from(inv[a as usize]) << 32) | u64::from(inv[b as usize])
                    })
                })
                .filter(|key| s.listed.binary_search(key).is_err())
                .collect();
            extra.sort_unstable();
            extra.dedup();
            for key in extra {
                let (u, v) = ((key >> 32) as u32, key as u32);
                let (es, _) = value_last(u, v);
                let (pu, pv) = (prof(u), prof(v));
                for (c, acc) in cross.iter_mut().enumerate() {
                    *acc += self.tables[c][pu * pp + pv] * es;
                }
            }
        }
        for c in &mut cross {
            *c *= half;
        }
        Some((cross, ye * half))
    }

    /// The rows with the last column permuted by `perm` (person i takes the place of
    /// `perm[i]`: the permuted value at (i, j) is the value at (perm[i], perm[j])).
    fn rows(&self, perm: Option<&[u32]>) -> Rows {
        let s = self.space;
        let p = self.cols.len();
        let pp = s.prof_cats.len();
        let half = if s.undirected { 0.5 } else { 1.0 };
        let last = p - 1;
        let pi = |i: u32| perm.map_or(i, |q| q[i as usize]);
        let mut rows = Rows {
            x: Vec::with_capacity((s.listed.len() + 64) * p),
            y: Vec::with_capacity(s.listed.len() + 64),
            w: Vec::with_capacity(s.listed.len() + 64),
        };
        // Joint profiles: (own profile, profile of the person whose place one takes).
        let mut joint_id = vec![u32::MAX; pp * pp];
        let mut joint: Vec<(u32, u32)> = Vec::new();
        let mut joint_of = vec![0u32; s.n];
        let mut joint_n: Vec<f64> = Vec::new();
        for (i, slot) in joint_of.iter_mut().enumerate() {
            let key = s.prof[i] as usize * pp + s.prof[pi(i as u32) as usize] as usize;
            if joint_id[key] == u32::MAX {
                joint_id[key] = joint.len() as u32;
                joint.push((s.prof[i], s.prof[pi(i as u32) as usize]));
                joint_n.push(0.0);
            }
            let j = joint_id[key];
            *slot = j;
            joint_n[j as usize] += 1.0;
        }
        let jc = joint.len();
        let mut listed_in = vec![0.0f64; jc * jc];
        let permuted_col = &self.cols[last];
        let last_table = &self.tables[last];
        let value_last = |u: u32, v: u32| {
            let (a, b) = (pi(u), pi(v));
            s.sparse_value(permuted_col, a, b)
                + last_table[s.prof[a as usize] as usize * pp + s.prof[b as usize] as usize]
        };
        for (idx, &key) in s.listed.iter().enumerate() {
            let (u, v) = ((key >> 32) as u32, key as u32);
            rows.x
                .extend_from_slice(&self.listed_x[idx * p..idx * p + last]);
            rows.x.push(if perm.is_some() {
                value_last(u, v)
            } else {
                self.listed_x[idx * p + last]
            });
            rows.y.push(self.listed_y[idx]);
            rows.w.push(half);
            listed_in[joint_of[u as usize] as usize * jc + joint_of[v as usize] as usize] += 1.0;
        }
        // Dyads where only the permuted column has a tie.
        if let Some(q) = perm
            && !permuted_col.sparse.is_empty()
        {
            let mut inv = vec![0u32; s.n];
            for (i, &t) in q.iter().enumerate() {
                inv[t as usize] = i as u32;
            }
            let mut extra: Vec<u64> = permuted_col
                .sparse
                .iter()
                .flat_map(|&(_, k)| {
                    s.sparse[k].arcs().map(|(a, b)| {
                        (u64::from(inv[a as usize]) << 32) | u64::from(inv[b as usize])
                    })
                })
                .filter(|key| s.listed.binary_search(key).is_err())
                .collect();
            extra.sort_unstable();
            extra.dedup();
            for key in extra {
                let (u, v) = ((key >> 32) as u32, key as u32);
                let (pu, pv) = (s.prof[u as usize] as usize, s.prof[v as usize] as usize);
                for t in &self.tables[..last] {
                    rows.x.push(t[pu * pp + pv]);
                }
                rows.x.push(value_last(u, v));
                rows.y.push(self.y_table[pu * pp + pv]);
                rows.w.push(half);
                listed_in[joint_of[u as usize] as usize * jc + joint_of[v as usize] as usize] +=
                    1.0;
            }
        }
        // Every other dyad, by pair of joint profiles.
        for a in 0..jc {
            for b in 0..jc {
                let mut count = joint_n[a] * joint_n[b] - listed_in[a * jc + b];
                if a == b {
                    count -= joint_n[a];
                }
                if count <= 0.0 {
                    continue;
                }
                let (pa, qa) = (joint[a].0 as usize, joint[a].1 as usize);
                let (pb, qb) = (joint[b].0 as usize, joint[b].1 as usize);
                for t in &self.tables[..last] {
                    rows.x.push(t[pa * pp + pb]);
                }
                rows.x.push(last_table[qa * pp + qb]);
                rows.y.push(self.y_table[pa * pp + pb]);
                rows.w.push(count * half);
            }
        }
        rows
    }
}

/// Σ w·x_c·x_last for every column c but the last, and Σ w·y·x_last, from rows.
fn cross_from_rows(r: &Rows) -> (Vec<f64>, f64) {
    let p = r.x.len() / r.y.len().max(1);
    let last = p.saturating_sub(1);
    let mut cross = vec![0.0f64; last];
    let mut ye = 0.0;
    for i in 0..r.y.len() {
        let row = &r.x[i * p..(i + 1) * p];
        let we = r.w[i] * row[last];
        for (c, v) in cross.iter_mut().zip(&row[..last]) {
            *c += we * v;
        }
        ye += we * r.y[i];
    }
    (cross, ye)
}

/// Weighted sums for a correlation.
fn correlation_of(rows: &Rows) -> Option<f64> {
    let (mut sw, mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..rows.y.len() {
        let (w, x, y) = (rows.w[i], rows.x[i], rows.y[i]);
        sw += w;
        sx += w * x;
        sy += w * y;
        sxx += w * x * x;
        syy += w * y * y;
        sxy += w * x * y;
    }
    let vx = sxx - sx * sx / sw;
    let vy = syy - sy * sy / sw;
    (vx > 0.0 && vy > 0.0).then(|| (sxy - sx * sy / sw) / (vx * vy).sqrt())
}

/// Runs `stat(perm)` over every permutation of the people or `draws.count` random ones.
fn permutations<T: Send>(
    n: usize,
    draws: &Draws,
    control: Control<'_>,
    stat: impl Fn(&[u32]) -> T + Sync,
) -> Result<(Vec<T>, Sampling), InferenceError> {
    match factorial_at_most(n, EXACT_LIMIT) {
        Some(permutations) if draws.exact => {
            let all = all_permutations(n);
            Ok((
                enumerate(&all, control, |p| stat(p))?,
                Sampling::Exact { permutations },
            ))
        }
        _ => Ok((
            monte_carlo(draws.count, draws.seed, control, |rng: &mut ChaCha8Rng| {
                stat(&random_permutation(n, rng))
            })?,
            Sampling::MonteCarlo {
                draws: draws.count,
                seed: draws.seed,
            },
        )),
    }
}

fn correlation(
    space: &Space,
    y: &str,
    x: &DyadicTerm,
    draws: &Draws,
    control: Control<'_>,
) -> Result<QapCorrelation, InferenceError> {
    let builder = Builder::new(space, vec![space.x[1].clone()]);
    let observed = correlation_of(&builder.rows(None)).ok_or_else(|| {
        InferenceError::NotEnoughData(format!(
            "{y} or {} has no variation, so there is no correlation",
            x.name()
        ))
    })?;
    // Under permutation only Σ x·y changes; Σx and Σx² are the same over all dyads.
    let base = builder.rows(None);
    let (mut sw, mut sx, mut sy, mut sxx, mut syy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..base.y.len() {
        let (w, x, y) = (base.w[i], base.x[i], base.y[i]);
        sw += w;
        sx += w * x;
        sy += w * y;
        sxx += w * x * x;
        syy += w * y * y;
    }
    let denom = ((sxx - sx * sx / sw) * (syy - sy * sy / sw)).sqrt();
    let (null, sampling) = permutations(space.n, draws, control, |perm| {
        match builder.cross_last(perm) {
            Some((_, sxy)) => (sxy - sx * sy / sw) / denom,
            None => correlation_of(&builder.rows(Some(perm))).unwrap_or(0.0),
        }
    })?;
    let p = PValues::of(observed, &null)
        .ok_or_else(|| InferenceError::NotEnoughData("no permutations were drawn".to_string()))?;
    let method = format!(
        "Tested whether {y} and {} overlap more than chance (correlation {observed:.3} over {} dyads of {} people) \
         by relabelling the people of one network: {} of {} gave a correlation at least as large in size \
         ({}), {}.",
        x.name(),
        super::thousands(space.dyads() as usize),
        space.n,
        super::groups::percent(p.p_two_sided),
        sampling.describe("permutation"),
        format_p(p.p_two_sided, Some(&sampling)),
        reading(p.p_two_sided),
    );
    Ok(QapCorrelation {
        y: y.to_string(),
        x: x.name(),
        observed,
        p,
        sampling,
        nodes: space.n,
        dyads: space.dyads(),
        dropped: space.dropped,
        method,
    })
}

fn regression(
    space: &Space,
    y: &str,
    x: &[DyadicTerm],
    logit: bool,
    draws: &Draws,
    control: Control<'_>,
) -> Result<QapRegression, InferenceError> {
    let names: Vec<String> = std::iter::once(INTERCEPT.to_string())
        .chain(x.iter().map(DyadicTerm::name))
        .collect();
    let p = space.x.len();
    let collinear = |j: usize| {
        InferenceError::Collinear(format!(
            "{} is a combination of {}",
            names[j],
            names[..j].join(", ")
        ))
    };
    let base = Builder::new(space, space.x.clone());
    let rows = base.rows(None);
    let n_obs = space.dyads();
    // The observed fit.
    let (beta, stats, r_squared, deviance, null_deviance) = if logit {
        let f = linalg::logit(&rows.x, &rows.y, &rows.w, p).map_err(collinear)?;
        if f.separated {
            return Err(InferenceError::NotEnoughData(format!(
                "the logistic model of {y} does not converge: a predictor separates ties from non-ties"
            )));
        }
        let z: Vec<f64> = f.beta.iter().zip(&f.se).map(|(b, s)| b / s).collect();
        // sna's netlogit fits the intercept as one more column, so R's null model is a
        // probability of one half for every dyad.
        let half = 2.0 * std::f64::consts::LN_2 * space.dyads();
        (f.beta, z, None, Some(f.deviance), Some(half))
    } else {
        let f = linalg::weighted_ls(&rows.x, &rows.y, &rows.w, p).map_err(collinear)?;
        let df = n_obs - p as f64;
        let t: Vec<f64> = (0..p)
            .map(|j| f.beta[j] / (f.inv_diag[j] * f.rss / df).sqrt())
            .collect();
        let sw: f64 = rows.w.iter().sum();
        let ybar = rows.y.iter().zip(&rows.w).map(|(y, w)| y * w).sum::<f64>() / sw;
        let tss: f64 = rows
            .y
            .iter()
            .zip(&rows.w)
            .map(|(y, w)| w * (y - ybar) * (y - ybar))
            .sum();
        (f.beta, t, Some(1.0 - f.rss / tss), None, None)
    };
    let mut parts = Vec::with_capacity(p);
    for k in 0..p {
        parts.push(Part::partialled(space, &rows, k).map_err(collinear)?);
    }
    let df = n_obs - p as f64;
    let (null, sampling) = permutations(space.n, draws, control, |perm| {
        parts
            .iter()
            .map(|part| part.statistic(perm, logit, df))
            .collect::<Vec<f64>>()
    })?;
    let classical = |s: f64| -> f64 {
        if logit {
            Normal::new(0.0, 1.0).map_or(f64::NAN, |d| 2.0 * d.sf(s.abs()))
        } else {
            StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |d| 2.0 * d.sf(s.abs()))
        }
    };
    let mut coefficients = Vec::with_capacity(p);
    for j in 0..p {
        let dist: Vec<f64> = null.iter().map(|v| v[j]).collect();
        let pv = PValues::of(stats[j], &dist).ok_or_else(|| {
            InferenceError::NotEnoughData(format!("{} has no finite statistic", names[j]))
        })?;
        coefficients.push(QapCoefficient {
            term: names[j].clone(),
            estimate: beta[j],
            statistic: stats[j],
            classical_p: classical(stats[j]),
            p: pv,
        });
    }
    let significant: Vec<&str> = coefficients
        .iter()
        .skip(1)
        .filter(|c| c.p.p_two_sided < 0.05)
        .map(|c| c.term.as_str())
        .collect();
    let method = format!(
        "Regressed {y} on {} by {} over {} dyads of {} people and tested each coefficient by QAP with \
         double semi-partialling: the predictor's part not explained by the others had its people \
         relabelled, {}; a coefficient's p-value is the share of permutations with a {} at least as large \
         in size, so a small one means the association is unlikely to come from the network's structure \
         alone{}.",
        names[1..].join(", "),
        if logit {
            "logistic regression"
        } else {
            "least squares"
        },
        super::thousands(n_obs as usize),
        space.n,
        sampling.describe("permutation"),
        if logit { "z" } else { "t" },
        if significant.is_empty() {
            " (no predictor has p < 0.05)".to_string()
        } else {
            format!(" (p < 0.05: {})", significant.join(", "))
        }
    );
    Ok(QapRegression {
        y: y.to_string(),
        logit,
        coefficients,
        nodes: space.n,
        dropped: space.dropped,
        dyads: n_obs,
        r_squared,
        deviance,
        null_deviance,
        sampling,
        method,
    })
}

/// One term of an MRQAP model prepared for double semi-partialling: the design with the
/// term last, replaced by its residual on the other terms, and the products that do not
/// change when the residual's people are relabelled.
struct Part<'a> {
    builder: Builder<'a>,
    gram: Vec<f64>,
    xty: Vec<f64>,
    yty: f64,
}

impl<'a> Part<'a> {
    /// Term `k` of `space`'s design partialled on the others, from the observed `rows`;
    /// `Err(k)` when the term is a combination of the others.
    fn partialled(space: &'a Space, rows: &Rows, k: usize) -> Result<Part<'a>, usize> {
        let p = space.x.len();
        let others: Vec<Column> = (0..p)
            .filter(|&j| j != k)
            .map(|j| space.x[j].clone())
            .collect();
        let xr: Vec<f64> = rows
            .x
            .chunks(p)
            .flat_map(|r| {
                r.iter()
                    .enumerate()
                    .filter(|(j, _)| *j != k)
                    .map(|(_, v)| *v)
            })
            .collect();
        let xk: Vec<f64> = rows.x.chunks(p).map(|r| r[k]).collect();
        let fit = linalg::weighted_ls(&xr, &xk, &rows.w, p - 1).map_err(|_| k)?;
        let mut resid = space.x[k].clone();
        for (c, g) in others.iter().zip(&fit.beta) {
            resid.add(c, -g);
        }
        let mut cols = others;
        cols.push(resid);
        let builder = Builder::new(space, cols);
        // What does not change under permutation: the others' Gram matrix, their products
        // with y, the residual's own square, y's square.
        let r0 = builder.rows(None);
        let mut gram = vec![0.0f64; p * p];
        let mut xty = vec![0.0f64; p];
        let mut yty = 0.0;
        for i in 0..r0.y.len() {
            let row = &r0.x[i * p..(i + 1) * p];
            let w = r0.w[i];
            for a in 0..p {
                for b in 0..p {
                    gram[a * p + b] += w * row[a] * row[b];
                }
                xty[a] += w * row[a] * r0.y[i];
            }
            yty += w * r0.y[i] * r0.y[i];
        }
        Ok(Part {
            builder,
            gram,
            xty,
            yty,
        })
    }

    /// The term's t (least squares) or z (logistic) statistic with the residual's people
    /// relabelled by `perm`; `df` is the residual degrees of freedom.
    fn statistic(&self, perm: &[u32], logit: bool, df: f64) -> f64 {
        let p = self.gram.len().isqrt(); // the Gram matrix is p by p
        if logit {
            let r = self.builder.rows(Some(perm));
            return linalg::logit(&r.x, &r.y, &r.w, p).map_or(0.0, |f| f.beta[p - 1] / f.se[p - 1]);
        }
        // Only the permuted column's products change.
        let mut gram = self.gram.clone();
        let mut xty = self.xty.clone();
        let last = p - 1;
        let (cross, ye) = self
            .builder
            .cross_last(perm)
            .unwrap_or_else(|| cross_from_rows(&self.builder.rows(Some(perm))));
        for a in 0..last {
            gram[a * p + last] = cross[a];
            gram[last * p + a] = cross[a];
        }
        xty[last] = ye;
        match linalg::cholesky_last(&gram, &xty, p) {
            Some((b, v)) => {
                let bx: f64 = b.iter().zip(&xty).map(|(b, c)| b * c).sum();
                let rss = (self.yty - bx).max(0.0);
                b[last] / (v * rss / df).sqrt()
            }
            None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_read() {
        assert_eq!(
            DyadicTerm::parse("advice"),
            DyadicTerm::Relation("advice".into())
        );
        assert_eq!(
            DyadicTerm::parse(" same:gender"),
            DyadicTerm::Same("gender".into())
        );
        assert_eq!(DyadicTerm::parse("diff:age_band").name(), "diff:age_band");
    }
}
