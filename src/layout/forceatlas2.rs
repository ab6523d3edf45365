//! ForceAtlas2 (Jacomy et al. 2014), the force-directed layout Gephi made familiar:
//! attraction along ties, repulsion between all nodes weighted by degree, gravity towards
//! the centre, optional LinLog attraction and prevent-overlap, and the adaptive speed that
//! lets it settle quickly.
//!
//! Written by hand because no maintained crate offers ForceAtlas2 with a Barnes-Hut
//! approximation, pinned nodes, stepping, and results that do not depend on the number of
//! threads. Determinism comes from three rules: starting positions come from a seeded
//! ChaCha generator; every node's force is computed on its own (a tree walk and a sum over
//! its neighbours in a fixed order), so parallel work never races on a sum; and global sums
//! are taken over fixed-size chunks whose partial results are added in chunk order.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::barnes_hut::{QuadTree, Repulsion};
use super::{LayoutGraph, Point};

/// Nodes per unit of parallel work. Fixed, so that partial sums are the same whatever the
/// number of threads.
const CHUNK: usize = 512;

/// ForceAtlas2's parameters. [`Settings::for_graph`] gives Gephi's defaults for a graph's
/// size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Repulsion strength (kr): larger spreads the layout out.
    pub scaling: f32,
    /// Pull towards the centre, which keeps components from drifting apart.
    pub gravity: f32,
    /// Gravity that grows with the distance from the centre (a tighter, rounder layout).
    pub strong_gravity: bool,
    /// LinLog attraction (logarithmic in distance), which separates clusters more clearly.
    pub lin_log: bool,
    /// Treat nodes as discs of their radius and keep them from overlapping.
    pub prevent_overlap: bool,
    /// Divide attraction by degree, so that hubs go to the centre less and authorities
    /// spread out.
    pub dissuade_hubs: bool,
    /// How much tie weight strengthens attraction: 0 ignores weights, 1 is linear.
    pub edge_weight_influence: f32,
    /// How much swinging is tolerated before the speed drops; higher is faster but less
    /// precise.
    pub jitter_tolerance: f32,
    /// Barnes-Hut accuracy (Gephi's default 1.2); 0 computes every pair exactly.
    pub theta: f32,
    /// Seed of the starting positions.
    pub seed: u64,
}

impl Settings {
    /// Gephi's defaults for a graph of `n` nodes, with `seed`.
    pub fn for_graph(n: usize, seed: u64) -> Self {
        Settings {
            scaling: if n >= 100 { 2.0 } else { 10.0 },
            gravity: 1.0,
            strong_gravity: false,
            lin_log: false,
            prevent_overlap: false,
            dissuade_hubs: false,
            edge_weight_influence: 1.0,
            jitter_tolerance: 1.0,
            theta: 1.2,
            seed,
        }
    }
}

/// What one call of [`ForceAtlas2::step`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// Iterations run so far in total.
    pub iterations: usize,
    /// Mean distance a free node moved in the last iteration, divided by the layout's RMS
    /// radius: below about 0.001 the picture no longer changes visibly.
    pub movement: f32,
    /// The adaptive global speed.
    pub speed: f32,
}

impl Step {
    /// True when the layout has settled enough to stop.
    pub fn converged(&self) -> bool {
        self.movement < 1e-3
    }
}

/// A ForceAtlas2 layout in progress: call [`step`](Self::step) until
/// [`Step::converged`], reading [`positions`](Self::positions) in between to animate.
#[derive(Debug, Clone)]
pub struct ForceAtlas2 {
    graph: LayoutGraph,
    settings: Settings,
    positions: Vec<Point>,
    masses: Vec<f32>,
    radii: Vec<f32>,
    pinned: Vec<bool>,
    forces: Vec<(f32, f32)>,
    old_forces: Vec<(f32, f32)>,
    speed: f32,
    speed_efficiency: f32,
    iterations: usize,
    last: Option<Step>,
}

impl ForceAtlas2 {
    /// A layout of `graph` starting from seeded random positions. `radii` (layout units)
    /// are the node discs for prevent-overlap; missing ones count as 1.
    pub fn new(graph: LayoutGraph, radii: &[f32], settings: Settings) -> Self {
        let n = graph.node_count();
        let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
        let half = 10.0 * (n as f32).sqrt().max(1.0);
        let positions = (0..n)
            .map(|_| Point::new(rng.random_range(-half..half), rng.random_range(-half..half)))
            .collect();
        Self::with_positions(graph, positions, radii, settings)
    }

    /// A layout of `graph` starting from the given positions (e.g. the previous layout,
    /// so that a small edit moves little). Positions beyond the graph are ignored.
    pub fn with_positions(
        graph: LayoutGraph,
        mut positions: Vec<Point>,
        radii: &[f32],
        settings: Settings,
    ) -> Self {
        let n = graph.node_count();
        positions.resize(n, Point::default());
        // An isolate of radius 0 is not drawn (it takes no part in the network shown): with
        // no mass it neither pushes nor is pushed, so it cannot bend the picture.
        let masses = (0..n)
            .map(|i| {
                let undrawn = radii.get(i).is_some_and(|r| *r <= 0.0) && graph.degree(i) == 0;
                if undrawn {
                    0.0
                } else {
                    1.0 + graph.degree(i) as f32
                }
            })
            .collect();
        let radii = (0..n)
            .map(|i| radii.get(i).copied().filter(|r| *r > 0.0).unwrap_or(1.0))
            .collect();
        ForceAtlas2 {
            graph,
            settings,
            positions,
            masses,
            radii,
            pinned: vec![false; n],
            forces: vec![(0.0, 0.0); n],
            old_forces: vec![(0.0, 0.0); n],
            speed: 1.0,
            speed_efficiency: 1.0,
            iterations: 0,
            last: None,
        }
    }

    /// Current positions, one per node.
    pub fn positions(&self) -> &[Point] {
        &self.positions
    }

    /// Takes the positions out, ending the layout.
    pub fn into_positions(self) -> Vec<Point> {
        self.positions
    }

    /// The parameters in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Changes parameters between steps (e.g. turning prevent-overlap on for the last
    /// iterations, as Gephi users do).
    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    /// Pins node `i` at `at`: it stays there, still pushing and pulling the others.
    pub fn pin(&mut self, i: usize, at: Point) {
        if let (Some(p), Some(flag)) = (self.positions.get_mut(i), self.pinned.get_mut(i)) {
            *p = at;
            *flag = true;
        }
    }

    /// Lets a pinned node move again.
    pub fn unpin(&mut self, i: usize) {
        if let Some(flag) = self.pinned.get_mut(i) {
            *flag = false;
        }
    }

    /// Moves the nodes to `positions` (e.g. components packed side by side), all but the
    /// pinned ones; the simulation goes on from there.
    pub fn set_positions(&mut self, positions: &[Point]) {
        for ((p, to), pinned) in self.positions.iter_mut().zip(positions).zip(&self.pinned) {
            if !pinned {
                *p = *to;
            }
        }
    }

    /// Whether any node is pinned.
    pub fn any_pinned(&self) -> bool {
        self.pinned.iter().any(|&p| p)
    }

    /// Whether node `i` is pinned.
    pub fn is_pinned(&self, i: usize) -> bool {
        self.pinned.get(i).copied().unwrap_or(false)
    }

    /// The result of the last iteration, if any ran.
    pub fn last_step(&self) -> Option<Step> {
        self.last
    }

    /// Runs `n` iterations (stopping early when settled) and reports the last one.
    pub fn step(&mut self, n: usize) -> Step {
        let mut report = self.last.unwrap_or(Step {
            iterations: self.iterations,
            movement: f32::INFINITY,
            speed: self.speed,
        });
        for _ in 0..n {
            report = self.iterate();
            if report.converged() {
                break;
            }
        }
        report
    }

    /// Runs until settled or `max_iterations` in total have run.
    pub fn run(&mut self, max_iterations: usize) -> Step {
        let left = max_iterations.saturating_sub(self.iterations);
        self.step(left)
    }

    fn iterate(&mut self) -> Step {
        let n = self.positions.len();
        std::mem::swap(&mut self.forces, &mut self.old_forces);
        if n == 0 {
            self.iterations += 1;
            let s = Step {
                iterations: self.iterations,
                movement: 0.0,
                speed: self.speed,
            };
            self.last = Some(s);
            return s;
        }
        let s = self.settings;
        let tree = QuadTree::build(&self.positions, &self.masses);
        let rule = Repulsion {
            scaling: s.scaling,
            theta: s.theta,
            prevent_overlap: s.prevent_overlap,
        };
        let positions = &self.positions;
        let masses = &self.masses;
        let radii = &self.radii;
        let graph = &self.graph;
        // Forces, one node at a time: no shared accumulators, so no races and no
        // thread-dependent rounding.
        self.forces
            .par_chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(c, out)| {
                for (k, f) in out.iter_mut().enumerate() {
                    let i = c * CHUNK + k;
                    *f = node_force(i, &tree, positions, masses, radii, graph, &rule, &s);
                }
            });
        // Swinging and traction, summed per chunk and then in chunk order.
        let pinned = &self.pinned;
        let partial: Vec<(f64, f64)> = self
            .forces
            .par_chunks(CHUNK)
            .zip(self.old_forces.par_chunks(CHUNK))
            .enumerate()
            .map(|(c, (now, old))| {
                let (mut sw, mut tr) = (0.0f64, 0.0f64);
                for (k, (f, o)) in now.iter().zip(old).enumerate() {
                    let i = c * CHUNK + k;
                    if pinned[i] {
                        continue;
                    }
                    let m = f64::from(masses[i]);
                    let (dx, dy) = (f64::from(f.0 - o.0), f64::from(f.1 - o.1));
                    let (sx, sy) = (f64::from(f.0 + o.0), f64::from(f.1 + o.1));
                    sw += m * (dx * dx + dy * dy).sqrt();
                    tr += 0.5 * m * (sx * sx + sy * sy).sqrt();
                }
                (sw, tr)
            })
            .collect();
        let (swinging, traction) = partial
            .iter()
            .fold((0.0f64, 0.0f64), |a, b| (a.0 + b.0, a.1 + b.1));
        let (speed, efficiency) = adapt_speed(
            self.speed,
            self.speed_efficiency,
            self.settings.jitter_tolerance,
            swinging,
            traction,
            n,
        );
        self.speed = speed;
        self.speed_efficiency = efficiency;
        // Move every free node; again per chunk, with the moved distance summed in order.
        let speed = self.speed;
        let prevent_overlap = s.prevent_overlap;
        let forces = &self.forces;
        let old = &self.old_forces;
        let moved: Vec<(f64, f64, usize)> = self
            .positions
            .par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(c, pts)| {
                let (mut dist, mut r2, mut free) = (0.0f64, 0.0f64, 0usize);
                for (k, p) in pts.iter_mut().enumerate() {
                    let i = c * CHUNK + k;
                    r2 += f64::from(p.x * p.x + p.y * p.y);
                    if pinned[i] {
                        continue;
                    }
                    let (f, o) = (forces[i], old[i]);
                    let swing = masses[i] * ((f.0 - o.0).powi(2) + (f.1 - o.1).powi(2)).sqrt();
                    let mut factor = speed / (1.0 + (speed * swing).sqrt());
                    let df = (f.0 * f.0 + f.1 * f.1).sqrt();
                    if prevent_overlap {
                        // Gephi's cap: small steps once nodes have sizes, so discs can
                        // slide past each other rather than jump.
                        factor *= 0.1;
                        if df > 0.0 {
                            factor = (factor * df).min(10.0) / df;
                        }
                    }
                    let (mx, my) = (f.0 * factor, f.1 * factor);
                    if mx.is_finite() && my.is_finite() {
                        p.x += mx;
                        p.y += my;
                        dist += f64::from((mx * mx + my * my).sqrt());
                    }
                    free += 1;
                }
                (dist, r2, free)
            })
            .collect();
        let (dist, r2, free) = moved.iter().fold((0.0f64, 0.0f64, 0usize), |a, b| {
            (a.0 + b.0, a.1 + b.1, a.2 + b.2)
        });
        let rms = (r2 / n as f64).sqrt().max(1e-9);
        let movement = if free == 0 {
            0.0
        } else {
            (dist / free as f64 / rms) as f32
        };
        self.iterations += 1;
        let step = Step {
            iterations: self.iterations,
            movement,
            speed: self.speed,
        };
        self.last = Some(step);
        step
    }
}

/// Gephi's adaptive speed: slow down when nodes swing back and forth, speed up while they
/// move steadily. Returns the new speed and speed efficiency.
fn adapt_speed(
    speed: f32,
    efficiency: f32,
    jitter_tolerance: f32,
    swinging: f64,
    traction: f64,
    n: usize,
) -> (f32, f32) {
    let n = n as f64;
    let jitter = f64::from(jitter_tolerance);
    let estimated = 0.05 * n.sqrt();
    let min_jt = estimated.sqrt();
    let max_jt: f64 = 10.0;
    let mut jt = jitter * min_jt.max(max_jt.min(estimated * traction / (n * n)));
    let min_efficiency = 0.05;
    let mut efficiency = f64::from(efficiency);
    if traction > 0.0 && swinging / traction > 2.0 {
        if efficiency > min_efficiency {
            efficiency *= 0.5;
        }
        jt = jt.max(jitter);
    }
    let mut speed = f64::from(speed);
    let target = if swinging > 0.0 {
        jt * efficiency * traction / swinging
    } else {
        speed * 1.5
    };
    if swinging > jt * traction {
        if efficiency > min_efficiency {
            efficiency *= 0.7;
        }
    } else if speed < 1000.0 {
        efficiency *= 1.3;
    }
    let max_rise = 0.5;
    speed += (target - speed).min(max_rise * speed);
    if !speed.is_finite() || speed <= 0.0 {
        speed = 1e-3;
    }
    (speed as f32, efficiency as f32)
}

/// The total force on node `i`: repulsion, gravity and attraction along its ties.
#[allow(clippy::too_many_arguments)]
fn node_force(
    i: usize,
    tree: &QuadTree,
    positions: &[Point],
    masses: &[f32],
    radii: &[f32],
    graph: &LayoutGraph,
    rule: &Repulsion,
    s: &Settings,
) -> (f32, f32) {
    let (mut fx, mut fy) = tree.repulsion(i, positions, masses, radii, rule);
    let p = positions[i];
    let m = masses[i];
    // Gravity towards the origin.
    let d = (p.x * p.x + p.y * p.y).sqrt();
    if d > 0.0 {
        let g = if s.strong_gravity {
            s.scaling * m * s.gravity
        } else {
            s.scaling * m * s.gravity / d
        };
        fx -= p.x * g;
        fy -= p.y * g;
    }
    // Attraction along ties.
    let hub = if s.dissuade_hubs { 1.0 / m } else { 1.0 };
    for &(j, w) in graph.neighbours(i) {
        let q = positions[j as usize];
        let (dx, dy) = (p.x - q.x, p.y - q.y);
        let weight = if s.edge_weight_influence == 0.0 {
            1.0
        } else if s.edge_weight_influence == 1.0 {
            w
        } else {
            w.powf(s.edge_weight_influence)
        };
        let mut dist = (dx * dx + dy * dy).sqrt();
        if s.prevent_overlap {
            dist -= radii[i] + radii[j as usize];
            if dist <= 0.0 {
                continue;
            }
        }
        let f = if s.lin_log {
            let raw = (dx * dx + dy * dy).sqrt();
            if raw <= 0.0 {
                continue;
            }
            -hub * weight * (1.0 + dist).ln() / raw
        } else if s.prevent_overlap {
            let raw = (dx * dx + dy * dy).sqrt();
            if raw <= 0.0 {
                continue;
            }
            -hub * weight * dist / raw
        } else {
            -hub * weight
        };
        fx += dx * f;
        fy += dy * f;
    }
    (fx, fy)
}

/// Lays out `graph` the way the exports do: isolates are left out of the simulation, the
/// rest runs with Gephi's defaults for up to `iterations` (prevent-overlap switched on for
/// the last quarter), then components and isolates are packed and any remaining overlap is
/// removed. Returns one position per node.
pub fn settle(graph: &LayoutGraph, radii: &[f32], seed: u64, iterations: usize) -> Vec<Point> {
    let n = graph.node_count();
    let radius = |i: usize| radii.get(i).copied().filter(|r| *r > 0.0).unwrap_or(1.0);
    let connected: Vec<usize> = (0..n).filter(|&i| graph.degree(i) > 0).collect();
    let mut positions = vec![Point::default(); n];
    if !connected.is_empty() {
        let sub = graph.subgraph(&connected);
        let sub_radii: Vec<f32> = connected.iter().map(|&i| radius(i)).collect();
        let mut settings = Settings::for_graph(connected.len(), seed);
        let mut fa2 = ForceAtlas2::new(sub, &sub_radii, settings);
        let free_phase = iterations - iterations / 4;
        fa2.run(free_phase);
        settings.prevent_overlap = true;
        fa2.set_settings(settings);
        fa2.step(iterations / 4);
        for (k, p) in fa2.into_positions().into_iter().enumerate() {
            positions[connected[k]] = p;
        }
    }
    let all_radii: Vec<f32> = (0..n).map(radius).collect();
    super::packing::pack(graph, &mut positions, &all_radii);
    super::packing::remove_overlaps(&mut positions, &all_radii, 0.25);
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undrawn_isolate_neither_pushes_nor_moves() {
        let start = vec![
            Point::new(-1.0, 0.0),
            Point::new(1.0, 0.5),
            Point::new(0.2, 0.3),
        ];
        // Exact forces (no Barnes-Hut cells, whose grouping the third body would change).
        let settings = Settings {
            theta: 0.0,
            ..Settings::for_graph(3, 1)
        };
        let pair = LayoutGraph::new(2, [(0, 1, 1.0)]);
        let mut alone =
            ForceAtlas2::with_positions(pair, start[..2].to_vec(), &[1.0, 1.0], settings);
        let with = LayoutGraph::new(3, [(0, 1, 1.0)]);
        let mut beside =
            ForceAtlas2::with_positions(with, start.clone(), &[1.0, 1.0, 0.0], settings);
        alone.step(20);
        beside.step(20);
        // Only the step size, which grows with the number of nodes, differs a little.
        for (a, b) in beside.positions()[..2].iter().zip(alone.positions()) {
            assert!(a.distance(*b) < 0.01, "{a:?} {b:?}");
        }
        assert_eq!(beside.positions()[2], start[2]);
    }

    fn ring_of_cliques() -> LayoutGraph {
        let mut edges = Vec::new();
        for c in 0..4u32 {
            for a in 0..6u32 {
                for b in (a + 1)..6 {
                    edges.push((c * 6 + a, c * 6 + b, 1.0));
                }
            }
            edges.push((c * 6, ((c + 1) % 4) * 6 + 1, 1.0));
        }
        LayoutGraph::new(24, edges)
    }

    #[test]
    fn same_seed_same_positions_whatever_the_thread_count() {
        let g = ring_of_cliques();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let mut fa2 = ForceAtlas2::new(g.clone(), &[], Settings::for_graph(24, 7));
                fa2.step(200);
                fa2.into_positions()
            })
        };
        assert_eq!(run(1), run(3));
        let mut other = ForceAtlas2::new(g.clone(), &[], Settings::for_graph(24, 8));
        other.step(200);
        assert_ne!(run(1), other.into_positions());
    }

    #[test]
    fn settles_and_keeps_cliques_together() {
        let g = ring_of_cliques();
        let mut fa2 = ForceAtlas2::new(g, &[], Settings::for_graph(24, 1));
        let first = fa2.step(1);
        let last = fa2.step(2000);
        assert!(last.movement < first.movement);
        let p = fa2.positions();
        let within = p[0].distance(p[3]) + p[6].distance(p[9]);
        let between = p[2].distance(p[14]) + p[8].distance(p[20]);
        assert!(within < between, "{within} vs {between}");
    }

    #[test]
    fn pinned_nodes_stay_put() {
        let g = ring_of_cliques();
        let mut fa2 = ForceAtlas2::new(g, &[], Settings::for_graph(24, 1));
        fa2.pin(5, Point::new(100.0, -40.0));
        fa2.step(50);
        assert_eq!(fa2.positions()[5], Point::new(100.0, -40.0));
        assert!(fa2.is_pinned(5));
        fa2.unpin(5);
        fa2.step(5);
        assert_ne!(fa2.positions()[5], Point::new(100.0, -40.0));
    }

    #[test]
    fn settle_packs_isolates_and_removes_overlap() {
        let mut edges: Vec<(u32, u32, f32)> = (0..10).map(|i| (i, (i + 1) % 10, 1.0)).collect();
        edges.push((10, 11, 1.0));
        let g = LayoutGraph::new(16, edges);
        let radii = vec![2.0; 16];
        let p = settle(&g, &radii, 3, 300);
        for a in 0..16 {
            assert!(p[a].x.is_finite() && p[a].y.is_finite());
            for b in (a + 1)..16 {
                assert!(p[a].distance(p[b]) >= 4.0 - 1e-3, "{a} {b}");
            }
        }
        // Isolates sit below the connected part, not scattered around it.
        let lowest_connected = (0..12).map(|i| p[i].y).fold(f32::MIN, f32::max);
        assert!((12..16).all(|i| p[i].y > lowest_connected));
    }
}
