//! Is the difference real? Permutation tests for network data, whose observations are not
//! independent: group comparisons ([`groups`]), node-level regression with Freedman-Lane
//! permutations ([`regress`]), QAP correlation and MRQAP regression with Dekker's double
//! semi-partialling ([`qap`]) and conditional uniform graph tests ([`cug`]).
//!
//! Every test is seeded and reproducible: draws are split into fixed blocks, each with its
//! own ChaCha stream, so the result does not depend on the number of threads. When the
//! permutations are few enough to list (at most [`EXACT_LIMIT`]), every one is visited and
//! the p-value is exact.
//!
//! P-values follow statnet's `sna`: the share of permutations (or random graphs) whose
//! statistic is at least as large as the observed one (`p_greater`), at most as large
//! (`p_less`), and at least as large in absolute value (`p_two_sided`). The identity is one
//! of the enumerated permutations, so an exact p-value is never 0. Statistics within
//! [`TIE_TOLERANCE`] (relative) of the observed one count as equal, so that rounding does not
//! decide a tie. The expected values are made by `tests/reference/make_inference_expected.R`.

pub mod cug;
pub mod groups;
mod linalg;
pub mod qap;
pub mod regress;
pub mod table;

use std::sync::atomic::{AtomicUsize, Ordering};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::{AnalysisError, UnknownName};

/// Permutations drawn when none are asked for.
pub const DEFAULT_PERMUTATIONS: usize = 5_000;
/// Seed used when none is given.
pub const DEFAULT_SEED: u64 = 15;
/// Permutations are enumerated instead of drawn when there are at most this many.
pub const EXACT_LIMIT: usize = 50_000;
/// Relative distance within which a permuted statistic counts as equal to the observed one.
pub const TIE_TOLERANCE: f64 = 1e-9;
/// Draws per block: each block has its own random stream and is one unit of progress.
const BLOCK: usize = 50;

/// A test the data cannot answer, or a request that names something unknown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InferenceError {
    /// An attribute, relation or wave that the study does not have.
    #[error(transparent)]
    Analysis(#[from] AnalysisError),
    /// A model term that is neither a measure nor an attribute.
    #[error("unknown term \"{term}\": not a measure ({measures}) nor an attribute ({attributes})")]
    UnknownTerm {
        /// The term as written.
        term: String,
        /// The measures a model may use.
        measures: String,
        /// The study's node attributes.
        attributes: String,
    },
    /// A model formula that cannot be read.
    #[error("cannot read the model \"{formula}\": {reason}")]
    Formula {
        /// The formula as written.
        formula: String,
        /// What is wrong.
        reason: String,
    },
    /// Too few complete observations, or no variation, to fit or test.
    #[error("{0}")]
    NotEnoughData(String),
    /// Predictors that are linear combinations of each other.
    #[error("the predictors are collinear ({0}): drop one of them")]
    Collinear(String),
    /// A statistic that the network cannot give (reciprocity of undirected ties).
    #[error("{0}")]
    Undefined(String),
    /// The user stopped the run.
    #[error("cancelled")]
    Cancelled,
}

impl From<UnknownName> for InferenceError {
    fn from(e: UnknownName) -> Self {
        InferenceError::Analysis(AnalysisError::UnknownName(e))
    }
}

/// How many permutations (or random graphs) and from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Draws {
    /// Monte Carlo draws, when the permutations are too many to enumerate.
    pub count: usize,
    /// Seed of the random streams.
    pub seed: u64,
    /// Enumerate every permutation when there are at most [`EXACT_LIMIT`].
    pub exact: bool,
}

impl Default for Draws {
    fn default() -> Self {
        Draws {
            count: DEFAULT_PERMUTATIONS,
            seed: DEFAULT_SEED,
            exact: true,
        }
    }
}

impl Draws {
    /// `count` draws from `seed`, enumerating when possible.
    pub fn new(count: usize, seed: u64) -> Self {
        Draws {
            count,
            seed,
            exact: true,
        }
    }
}

/// Progress and cancellation of a long run.
#[derive(Clone, Copy)]
pub struct Control<'a> {
    /// Called with (done, total) as blocks of draws finish, from any thread.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Polled between blocks; true stops the run with [`InferenceError::Cancelled`].
    pub cancelled: &'a (dyn Fn() -> bool + Sync),
}

impl std::fmt::Debug for Control<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Control")
    }
}

fn no_progress(_: usize, _: usize) {}
fn never() -> bool {
    false
}

impl Control<'static> {
    /// No progress report and no way to cancel (tests, small runs).
    pub fn none() -> Self {
        Control {
            progress: &no_progress,
            cancelled: &never,
        }
    }
}

/// How the null distribution was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Sampling {
    /// Every permutation was visited.
    Exact {
        /// How many there are.
        permutations: usize,
    },
    /// Random permutations (or graphs).
    MonteCarlo {
        /// How many were drawn.
        draws: usize,
        /// The seed.
        seed: u64,
    },
}

impl Sampling {
    /// Permutations or draws behind the p-value.
    pub fn count(&self) -> usize {
        match *self {
            Sampling::Exact { permutations } => permutations,
            Sampling::MonteCarlo { draws, .. } => draws,
        }
    }

    /// "all 5,040 permutations" or "5,000 random permutations (seed 15)".
    pub fn describe(&self, what: &str) -> String {
        match *self {
            Sampling::Exact { permutations } => {
                format!("all {} {what}s", thousands(permutations))
            }
            Sampling::MonteCarlo { draws, seed } => {
                format!("{} random {what}s (seed {seed})", thousands(draws))
            }
        }
    }
}

/// `12345` as "12,345".
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The three p-values of a permutation test.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PValues {
    /// Share of draws at least as large as observed.
    pub p_greater: f64,
    /// Share of draws at most as large as observed.
    pub p_less: f64,
    /// Share of draws at least as large in absolute value.
    pub p_two_sided: f64,
}

impl PValues {
    /// The p-values of `observed` against the null `draws`; `None` without draws.
    pub fn of(observed: f64, draws: &[f64]) -> Option<PValues> {
        if draws.is_empty() || !observed.is_finite() {
            return None;
        }
        let tol = TIE_TOLERANCE * observed.abs().max(1.0);
        let (mut ge, mut le, mut abs) = (0usize, 0usize, 0usize);
        for &d in draws {
            if d >= observed - tol {
                ge += 1;
            }
            if d <= observed + tol {
                le += 1;
            }
            if d.abs() >= observed.abs() - tol {
                abs += 1;
            }
        }
        let n = draws.len() as f64;
        Some(PValues {
            p_greater: ge as f64 / n,
            p_less: le as f64 / n,
            p_two_sided: abs as f64 / n,
        })
    }
}

/// Formats a p-value for people: "p < 0.001" or "p = 0.042"; from zero draws at least as
/// extreme, "p < 1/N".
pub fn format_p(p: f64, sampling: Option<&Sampling>) -> String {
    match sampling {
        Some(Sampling::MonteCarlo { draws, .. }) if p == 0.0 => {
            format!("p < {}", format_number(1.0 / *draws as f64))
        }
        _ if p < 0.001 => "p < 0.001".to_string(),
        _ => format!("p = {p:.3}"),
    }
}

fn format_number(x: f64) -> String {
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Runs `draw` `count` times in parallel, each with a random stream fixed by the seed and the
/// draw's block, and returns the results in draw order.
pub(crate) fn monte_carlo<T: Send>(
    count: usize,
    seed: u64,
    control: Control<'_>,
    draw: impl Fn(&mut ChaCha8Rng) -> T + Sync,
) -> Result<Vec<T>, InferenceError> {
    let blocks = count.div_ceil(BLOCK);
    let done = AtomicUsize::new(0);
    (control.progress)(0, blocks);
    let parts: Vec<Option<Vec<T>>> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            if (control.cancelled)() {
                return None;
            }
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(b as u64);
            let len = BLOCK.min(count - b * BLOCK);
            let out: Vec<T> = (0..len).map(|_| draw(&mut rng)).collect();
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            (control.progress)(d, blocks);
            Some(out)
        })
        .collect();
    let mut out = Vec::with_capacity(count);
    for p in parts {
        out.extend(p.ok_or(InferenceError::Cancelled)?);
    }
    Ok(out)
}

/// Runs `visit` over every item of `items` in parallel (the enumerated permutations), with
/// progress and cancel, results in item order.
pub(crate) fn enumerate<I: Sync, T: Send>(
    items: &[I],
    control: Control<'_>,
    visit: impl Fn(&I) -> T + Sync,
) -> Result<Vec<T>, InferenceError> {
    let chunks: Vec<&[I]> = items.chunks(BLOCK * 4).collect();
    let done = AtomicUsize::new(0);
    (control.progress)(0, chunks.len());
    let parts: Vec<Option<Vec<T>>> = chunks
        .par_iter()
        .map(|c| {
            if (control.cancelled)() {
                return None;
            }
            let out: Vec<T> = c.iter().map(&visit).collect();
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            (control.progress)(d, chunks.len());
            Some(out)
        })
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for p in parts {
        out.extend(p.ok_or(InferenceError::Cancelled)?);
    }
    Ok(out)
}

/// n! when it is at most `limit`.
pub(crate) fn factorial_at_most(n: usize, limit: usize) -> Option<usize> {
    let mut f: usize = 1;
    for k in 2..=n {
        f = f.checked_mul(k)?;
        if f > limit {
            return None;
        }
    }
    Some(f)
}

/// Every permutation of 0..n in lexicographic order (n small).
pub(crate) fn all_permutations(n: usize) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut p: Vec<u32> = (0..n as u32).collect();
    loop {
        out.push(p.clone());
        // Next permutation in lexicographic order.
        let Some(i) = (1..n).rev().find(|&i| p[i - 1] < p[i]) else {
            break;
        };
        let Some(j) = (i..n).rev().find(|&j| p[j] > p[i - 1]) else {
            break;
        };
        p.swap(i - 1, j);
        p[i..].reverse();
    }
    out
}

/// A uniformly random permutation of 0..n.
pub(crate) fn random_permutation(n: usize, rng: &mut ChaCha8Rng) -> Vec<u32> {
    let mut p: Vec<u32> = (0..n as u32).collect();
    p.shuffle(rng);
    p
}

/// The sentence's reading of a p-value: "a difference this large would be rare", or not.
pub(crate) fn reading(p: f64) -> &'static str {
    if p < 0.05 {
        "so a result this extreme would be unlikely if there were no real effect"
    } else {
        "so a result like this could easily arise by chance"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_all_there_once() {
        let all = all_permutations(4);
        assert_eq!(all.len(), 24);
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 24);
        assert_eq!(all[0], vec![0, 1, 2, 3]);
        assert_eq!(all[23], vec![3, 2, 1, 0]);
        assert_eq!(factorial_at_most(8, EXACT_LIMIT), Some(40_320));
        assert_eq!(factorial_at_most(9, EXACT_LIMIT), None);
    }

    #[test]
    fn p_values_count_ties_and_both_sides() {
        let p = PValues::of(2.0, &[1.0, 2.0, -3.0, 0.5]).unwrap();
        assert_eq!(p.p_greater, 0.25);
        assert_eq!(p.p_less, 1.0);
        assert_eq!(p.p_two_sided, 0.5);
        assert!(PValues::of(1.0, &[]).is_none());
    }

    #[test]
    fn draws_do_not_depend_on_threads_and_stop_on_cancel() {
        use rand::Rng;
        let a = monte_carlo(333, 7, Control::none(), |r| r.random::<u64>()).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = pool
            .install(|| monte_carlo(333, 7, Control::none(), |r| r.random::<u64>()))
            .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 333);
        let stop = Control {
            progress: &|_, _| {},
            cancelled: &|| true,
        };
        assert_eq!(
            monte_carlo(10, 7, stop, |r| r.random::<u64>()),
            Err(InferenceError::Cancelled)
        );
        assert_eq!(thousands(5040), "5,040");
        assert_eq!(thousands(100), "100");
    }
}
