//! A Barnes-Hut quadtree for the repulsion of ForceAtlas2.
//!
//! Written here rather than taken from a crate because the force law is ForceAtlas2's own
//! (mass-weighted, with the prevent-overlap variant for nearby nodes) and because the tree
//! must be walked in one fixed order so that layouts are the same on every machine. Cells
//! are stored depth-first with a skip index, so a walk is one forward loop over an array:
//! descend to the next cell, or jump past a whole subtree that is far enough away.

use super::Point;

/// Bodies in a leaf before it is split; a few direct interactions cost less than deeper
/// cells.
const LEAF_SIZE: usize = 6;
/// Depth at which splitting stops, so that many nodes on one spot end in one leaf.
const MAX_DEPTH: u32 = 24;

/// One square cell of the tree.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cell {
    /// Centre of mass.
    cx: f32,
    cy: f32,
    /// Total mass of the bodies inside.
    mass: f32,
    /// Lower corner and side length of the square.
    x0: f32,
    y0: f32,
    size: f32,
    /// Index of the first cell after this cell's subtree.
    next: u32,
    /// For a leaf, its bodies are `order[first..first + count]`; `count == 0` for an
    /// inner cell.
    first: u32,
    count: u32,
}

/// A quadtree over points with masses, built once per layout iteration.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuadTree {
    cells: Vec<Cell>,
    order: Vec<u32>,
}

/// How two bodies push each other apart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Repulsion {
    /// ForceAtlas2's scaling ratio (kr).
    pub scaling: f32,
    /// Barnes-Hut accuracy: a cell counts as one body when its side is less than `theta`
    /// times its distance. 0 computes every pair exactly.
    pub theta: f32,
    /// Treat nodes as discs of their radius and push overlapping ones apart strongly.
    pub prevent_overlap: bool,
}

impl QuadTree {
    /// Builds the tree over `points` with `masses` (same length).
    pub fn build(points: &[Point], masses: &[f32]) -> Self {
        let n = points.len().min(masses.len());
        let mut tree = QuadTree {
            cells: Vec::with_capacity(n / 2 + 8),
            order: (0..n as u32).collect(),
        };
        if n == 0 {
            return tree;
        }
        let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for p in &points[..n] {
            lo_x = lo_x.min(p.x);
            lo_y = lo_y.min(p.y);
            hi_x = hi_x.max(p.x);
            hi_y = hi_y.max(p.y);
        }
        let size = (hi_x - lo_x).max(hi_y - lo_y).max(1e-3) * 1.0001;
        let mut scratch = vec![0u32; n];
        tree.split(points, masses, 0, n, lo_x, lo_y, size, 0, &mut scratch);
        tree
    }

    #[allow(clippy::too_many_arguments)]
    fn split(
        &mut self,
        points: &[Point],
        masses: &[f32],
        start: usize,
        end: usize,
        x0: f32,
        y0: f32,
        size: f32,
        depth: u32,
        scratch: &mut [u32],
    ) {
        let at = self.cells.len();
        self.cells.push(Cell {
            cx: 0.0,
            cy: 0.0,
            mass: 0.0,
            x0,
            y0,
            size,
            next: 0,
            first: start as u32,
            count: 0,
        });
        let count = end - start;
        if count <= LEAF_SIZE || depth >= MAX_DEPTH {
            let (mut m, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32);
            for &b in &self.order[start..end] {
                let (p, w) = (points[b as usize], masses[b as usize]);
                m += w;
                sx += p.x * w;
                sy += p.y * w;
            }
            let next = self.cells.len() as u32;
            let cell = &mut self.cells[at];
            cell.mass = m;
            if m > 0.0 {
                cell.cx = sx / m;
                cell.cy = sy / m;
            }
            cell.count = count as u32;
            cell.next = next;
            return;
        }
        // Stable partition into the four quadrants, in a fixed quadrant order.
        let half = size * 0.5;
        let (mx, my) = (x0 + half, y0 + half);
        let quadrant = |b: u32| {
            let p = points[b as usize];
            usize::from(p.x >= mx) + 2 * usize::from(p.y >= my)
        };
        let mut counts = [0usize; 4];
        for &b in &self.order[start..end] {
            counts[quadrant(b)] += 1;
        }
        let mut offsets = [0usize; 4];
        for q in 1..4 {
            offsets[q] = offsets[q - 1] + counts[q - 1];
        }
        let mut fill = offsets;
        for &b in &self.order[start..end] {
            let q = quadrant(b);
            scratch[fill[q]] = b;
            fill[q] += 1;
        }
        self.order[start..end].copy_from_slice(&scratch[..count]);
        let (mut m, mut sx, mut sy) = (0.0f32, 0.0f32, 0.0f32);
        for q in 0..4 {
            if counts[q] == 0 {
                continue;
            }
            let child = self.cells.len();
            let (cx0, cy0) = (
                if q & 1 == 1 { mx } else { x0 },
                if q & 2 == 2 { my } else { y0 },
            );
            let s = start + offsets[q];
            self.split(
                points,
                masses,
                s,
                s + counts[q],
                cx0,
                cy0,
                half,
                depth + 1,
                scratch,
            );
            let c = self.cells[child];
            m += c.mass;
            sx += c.cx * c.mass;
            sy += c.cy * c.mass;
        }
        let next = self.cells.len() as u32;
        let cell = &mut self.cells[at];
        cell.mass = m;
        if m > 0.0 {
            cell.cx = sx / m;
            cell.cy = sy / m;
        }
        cell.next = next;
    }

    /// Number of cells, for tests and statistics.
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// The repulsive force on body `i` from every other body, approximating far cells by
    /// their centre of mass. `radii` are only read with `prevent_overlap`.
    pub fn repulsion(
        &self,
        i: usize,
        points: &[Point],
        masses: &[f32],
        radii: &[f32],
        rule: &Repulsion,
    ) -> (f32, f32) {
        let p = points[i];
        let mi = masses[i];
        let ri = radii.get(i).copied().unwrap_or(0.0);
        let theta2 = rule.theta * rule.theta;
        let (mut fx, mut fy) = (0.0f32, 0.0f32);
        let mut c = 0usize;
        while let Some(cell) = self.cells.get(c) {
            if cell.count > 0 {
                let first = cell.first as usize;
                for &j in &self.order[first..first + cell.count as usize] {
                    let j = j as usize;
                    if j == i {
                        continue;
                    }
                    let q = points[j];
                    let (dx, dy) = (p.x - q.x, p.y - q.y);
                    let d2 = dx * dx + dy * dy;
                    if d2 <= 0.0 {
                        continue;
                    }
                    let f = if rule.prevent_overlap {
                        let rj = radii.get(j).copied().unwrap_or(0.0);
                        let d = d2.sqrt();
                        let gap = d - ri - rj;
                        if gap > 0.0 {
                            rule.scaling * mi * masses[j] / (gap * gap)
                        } else {
                            100.0 * rule.scaling * mi * masses[j]
                        }
                    } else {
                        rule.scaling * mi * masses[j] / d2
                    };
                    fx += dx * f;
                    fy += dy * f;
                }
                c = cell.next as usize;
                continue;
            }
            let (dx, dy) = (p.x - cell.cx, p.y - cell.cy);
            let d2 = dx * dx + dy * dy;
            let inside = p.x >= cell.x0
                && p.x <= cell.x0 + cell.size
                && p.y >= cell.y0
                && p.y <= cell.y0 + cell.size;
            if !inside && cell.size * cell.size < theta2 * d2 {
                let f = rule.scaling * mi * cell.mass / d2;
                fx += dx * f;
                fy += dy * f;
                c = cell.next as usize;
            } else {
                c += 1;
            }
        }
        (fx, fy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(i: usize, pts: &[Point], m: &[f32]) -> (f32, f32) {
        let (mut fx, mut fy) = (0.0, 0.0);
        for j in 0..pts.len() {
            if j == i {
                continue;
            }
            let (dx, dy) = (pts[i].x - pts[j].x, pts[i].y - pts[j].y);
            let d2 = dx * dx + dy * dy;
            fx += dx * m[i] * m[j] / d2;
            fy += dy * m[i] * m[j] / d2;
        }
        (fx, fy)
    }

    #[test]
    fn theta_zero_is_exact_and_theta_one_is_close() {
        let pts: Vec<Point> = (0..200)
            .map(|i| {
                let t = i as f32 * 0.37;
                Point::new(
                    t.sin() * (10.0 + i as f32),
                    t.cos() * (5.0 + i as f32 * 0.5),
                )
            })
            .collect();
        let m: Vec<f32> = (0..200).map(|i| 1.0 + (i % 5) as f32).collect();
        let tree = QuadTree::build(&pts, &m);
        assert!(tree.cell_count() > 10);
        for i in [0usize, 57, 199] {
            let (ex, ey) = exact(i, &pts, &m);
            let rule = Repulsion {
                scaling: 1.0,
                theta: 0.0,
                prevent_overlap: false,
            };
            let (ax, ay) = tree.repulsion(i, &pts, &m, &[], &rule);
            assert!((ax - ex).abs() < 1e-3 * ex.abs().max(1.0), "{ax} vs {ex}");
            assert!((ay - ey).abs() < 1e-3 * ey.abs().max(1.0));
            let rule = Repulsion { theta: 1.0, ..rule };
            let (bx, by) = tree.repulsion(i, &pts, &m, &[], &rule);
            let err = ((bx - ex).powi(2) + (by - ey).powi(2)).sqrt();
            let norm = (ex * ex + ey * ey).sqrt();
            assert!(err < 0.1 * norm, "error {err} of {norm}");
        }
    }

    #[test]
    fn coincident_points_end_in_one_leaf() {
        let pts = vec![Point::new(1.0, 1.0); 50];
        let m = vec![1.0; 50];
        let tree = QuadTree::build(&pts, &m);
        let rule = Repulsion {
            scaling: 1.0,
            theta: 1.2,
            prevent_overlap: false,
        };
        assert_eq!(tree.repulsion(3, &pts, &m, &[], &rule), (0.0, 0.0));
    }
}
