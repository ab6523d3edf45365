//! Tidy placement of disconnected parts: components side by side in rows under the
//! largest one, isolates in a grid below them, and a final pass that pushes apart any
//! nodes that still overlap.

use super::{LayoutGraph, Point};

/// An axis-aligned box in layout units.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rect {
    /// Left and top edge.
    pub min: Point,
    /// Right and bottom edge.
    pub max: Point,
}

impl Rect {
    /// Width of the box.
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height of the box.
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// The bounding box of discs at `points` with `radii` (index by `nodes`).
    pub fn around(nodes: &[usize], points: &[Point], radii: &[f32]) -> Rect {
        let mut r = Rect {
            min: Point::new(f32::MAX, f32::MAX),
            max: Point::new(f32::MIN, f32::MIN),
        };
        for &i in nodes {
            let (p, s) = (points[i], radii.get(i).copied().unwrap_or(1.0));
            r.min.x = r.min.x.min(p.x - s);
            r.min.y = r.min.y.min(p.y - s);
            r.max.x = r.max.x.max(p.x + s);
            r.max.y = r.max.y.max(p.y + s);
        }
        if nodes.is_empty() {
            r = Rect::default();
        }
        r
    }
}

/// Places boxes of the given sizes in rows (largest first, as given), each row centred, no
/// row wider than `width` unless one box is. Returns each box's top-left corner.
pub fn shelves(sizes: &[(f32, f32)], width: f32, gap: f32) -> Vec<Point> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row_width = 0.0f32;
    for (i, &(w, _)) in sizes.iter().enumerate() {
        match rows.last_mut() {
            Some(row) if row_width + gap + w <= width => {
                row.push(i);
                row_width += gap + w;
            }
            _ => {
                rows.push(vec![i]);
                row_width = w;
            }
        }
    }
    let mut corners = vec![Point::default(); sizes.len()];
    let mut y = 0.0f32;
    for row in &rows {
        let total: f32 =
            row.iter().map(|&i| sizes[i].0).sum::<f32>() + gap * (row.len() as f32 - 1.0);
        let height = row.iter().map(|&i| sizes[i].1).fold(0.0f32, f32::max);
        let mut x = (width - total).max(0.0) * 0.5;
        for &i in row {
            // Shorter boxes sit in the middle of their row's height.
            corners[i] = Point::new(x, y + (height - sizes[i].1) * 0.5);
            x += sizes[i].0 + gap;
        }
        y += height + gap;
    }
    corners
}

/// Moves each connected component of `graph` as a whole so that components sit in rows
/// under the largest, and isolates in a grid below them. Components keep their shape.
pub fn pack(graph: &LayoutGraph, positions: &mut [Point], radii: &[f32]) {
    let n = graph.node_count().min(positions.len());
    if n == 0 {
        return;
    }
    let (comp, count) = graph.components();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &c) in comp.iter().enumerate().take(n) {
        members[c as usize].push(i);
    }
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut isolates: Vec<usize> = Vec::new();
    // An isolate of radius 0 is not drawn (it takes no part in the network shown): it gets
    // no cell, and no say in where the picture's centre is.
    let mut undrawn: Vec<usize> = Vec::new();
    for m in members {
        if m.len() == 1 {
            if radii.get(m[0]).is_some_and(|r| *r <= 0.0) {
                undrawn.extend(m);
            } else {
                isolates.extend(m);
            }
        } else {
            parts.push(m);
        }
    }
    // Largest first; ties in order of first node, so the result never depends on sorting
    // details.
    parts.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    for m in &parts {
        orient(m, positions);
    }
    let mean_r = radii.iter().take(n).sum::<f32>() / n as f32;
    let gap = (mean_r * 4.0).max(1.0);
    let boxes: Vec<Rect> = parts
        .iter()
        .map(|m| Rect::around(m, positions, radii))
        .collect();
    let sizes: Vec<(f32, f32)> = boxes.iter().map(|b| (b.width(), b.height())).collect();
    let area: f32 = sizes.iter().map(|(w, h)| (w + gap) * (h + gap)).sum();
    let iso_cell = isolates
        .iter()
        .map(|&i| radii.get(i).copied().unwrap_or(1.0))
        .fold(0.0f32, f32::max)
        * 2.0
        + gap * 0.5;
    let iso_area = isolates.len() as f32 * iso_cell * iso_cell;
    let width = sizes
        .first()
        .map(|s| s.0)
        .unwrap_or(0.0)
        .max((area + iso_area).sqrt() * 1.2);
    let corners = shelves(&sizes, width, gap);
    let mut bottom = 0.0f32;
    for ((m, b), c) in parts.iter().zip(&boxes).zip(&corners) {
        let (dx, dy) = (c.x - b.min.x, c.y - b.min.y);
        for &i in m {
            positions[i].x += dx;
            positions[i].y += dy;
        }
        bottom = bottom.max(c.y + b.height());
    }
    if !isolates.is_empty() {
        let top = if parts.is_empty() { 0.0 } else { bottom + gap };
        grid(&isolates, positions, 0.0, width, top, iso_cell);
    }
    // Centre the whole picture on the origin.
    let all: Vec<usize> = (0..n).filter(|i| !undrawn.contains(i)).collect();
    let b = Rect::around(&all, positions, radii);
    let (cx, cy) = ((b.min.x + b.max.x) * 0.5, (b.min.y + b.max.y) * 0.5);
    for p in positions.iter_mut().take(n) {
        p.x -= cx;
        p.y -= cy;
    }
    for &i in &undrawn {
        positions[i] = Point::new(0.0, 0.0);
    }
}

/// Places the isolates of `graph` (except those `keep` says stay put) in a centred grid
/// just below the other nodes, leaving every other position alone. The live layout calls
/// this on each frame, so isolates sit tidily under the network while it settles instead of
/// being pushed to the edges of the canvas by repulsion.
pub fn isolates_below(
    graph: &LayoutGraph,
    positions: &mut [Point],
    radii: &[f32],
    keep: &dyn Fn(usize) -> bool,
) {
    let n = graph.node_count().min(positions.len());
    // An isolate of radius 0 is not drawn: it keeps no cell in the grid.
    let undrawn = |i: usize| radii.get(i).is_some_and(|r| *r <= 0.0);
    let (isolates, connected): (Vec<usize>, Vec<usize>) = (0..n)
        .filter(|&i| !(graph.degree(i) == 0 && undrawn(i)))
        .partition(|&i| graph.degree(i) == 0 && !keep(i));
    if isolates.is_empty() {
        return;
    }
    let radius = |i: usize| radii.get(i).copied().filter(|r| *r > 0.0).unwrap_or(1.0);
    let mean_r = (0..n).map(radius).sum::<f32>() / n as f32;
    let gap = (mean_r * 4.0).max(1.0);
    // On screen marks keep a readable size however far the view is zoomed out, with rings
    // around them: cells wider than the discs alone keep a row of isolates apart.
    let cell = isolates.iter().map(|&i| radius(i)).fold(0.0f32, f32::max) * 2.0 + gap * 2.0;
    let (left, right, top) = if connected.is_empty() {
        let w = (isolates.len() as f32).sqrt().ceil() * cell;
        (-w * 0.5, w * 0.5, 0.0)
    } else {
        let b = Rect::around(&connected, positions, radii);
        (b.min.x, b.max.x, b.max.y + gap)
    };
    let width = (right - left).max(cell);
    grid(&isolates, positions, left, width, top, cell);
}

/// Lays `nodes` out in rows of square cells across `width` starting at (`left`, `top`),
/// the last row centred like the rows above it.
fn grid(nodes: &[usize], positions: &mut [Point], left: f32, width: f32, top: f32, cell: f32) {
    let columns = ((width / cell).floor() as usize).clamp(1, nodes.len().max(1));
    let rows_used = nodes.len().div_ceil(columns);
    for (k, &i) in nodes.iter().enumerate() {
        let (row, col) = (k / columns, k % columns);
        let in_row = if row + 1 == rows_used {
            nodes.len() - row * columns
        } else {
            columns
        };
        let x0 = left + (width - in_row as f32 * cell).max(0.0) * 0.5;
        if let Some(p) = positions.get_mut(i) {
            *p = Point::new(
                x0 + (col as f32 + 0.5) * cell,
                top + (row as f32 + 0.5) * cell,
            );
        }
    }
}

/// Turns the nodes `members` about their centre so that their longest spread runs
/// across: pages are wider than tall, and wide components pack into rows well.
pub fn orient(members: &[usize], positions: &mut [Point]) {
    if members.len() < 3 {
        return;
    }
    let k = members.len() as f64;
    let (mut mx, mut my) = (0.0f64, 0.0f64);
    for &i in members {
        mx += f64::from(positions[i].x);
        my += f64::from(positions[i].y);
    }
    (mx, my) = (mx / k, my / k);
    let (mut sxx, mut syy, mut sxy) = (0.0f64, 0.0f64, 0.0f64);
    for &i in members {
        let (dx, dy) = (
            f64::from(positions[i].x) - mx,
            f64::from(positions[i].y) - my,
        );
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    let (sin, cos) = (-angle).sin_cos();
    for &i in members {
        let (dx, dy) = (
            f64::from(positions[i].x) - mx,
            f64::from(positions[i].y) - my,
        );
        positions[i] = Point::new(
            (mx + dx * cos - dy * sin) as f32,
            (my + dx * sin + dy * cos) as f32,
        );
    }
}

/// Pushes apart discs that overlap (closer than the sum of their radii plus `gap`), in a
/// fixed order, until none do or 200 sweeps have run.
pub fn remove_overlaps(positions: &mut [Point], radii: &[f32], gap: f32) {
    let n = positions.len();
    if n < 2 {
        return;
    }
    let radius = |i: usize| radii.get(i).copied().unwrap_or(1.0);
    let max_r = (0..n).map(radius).fold(0.0f32, f32::max);
    let cell = (2.0 * max_r + gap).max(1e-3);
    for sweep in 0..200 {
        // A grid of cell-sized buckets: only neighbouring buckets can hold overlaps.
        let (mut lo_x, mut lo_y) = (f32::MAX, f32::MAX);
        for p in positions.iter() {
            lo_x = lo_x.min(p.x);
            lo_y = lo_y.min(p.y);
        }
        let key = |p: Point| {
            (
                ((p.x - lo_x) / cell).floor() as i64,
                ((p.y - lo_y) / cell).floor() as i64,
            )
        };
        let mut order: Vec<(i64, i64, usize)> = (0..n)
            .map(|i| {
                let (kx, ky) = key(positions[i]);
                (kx, ky, i)
            })
            .collect();
        order.sort_unstable();
        let mut moved = false;
        for a in 0..n {
            let (kx, ky) = key(positions[a]);
            for nx in kx - 1..=kx + 1 {
                let start = order.partition_point(|e| (e.0, e.1) < (nx, ky - 1));
                for &(ex, ey, b) in &order[start..] {
                    if ex != nx || ey > ky + 1 {
                        break;
                    }
                    if b <= a {
                        continue;
                    }
                    let (pa, pb) = (positions[a], positions[b]);
                    let need = radius(a) + radius(b) + gap;
                    let (mut dx, mut dy) = (pb.x - pa.x, pb.y - pa.y);
                    let mut d = (dx * dx + dy * dy).sqrt();
                    if d >= need {
                        continue;
                    }
                    if d < 1e-6 {
                        // Same spot: separate along a direction fixed by the pair.
                        let t = (a * 7 + b * 13) as f32;
                        (dx, dy, d) = (t.cos(), t.sin(), 1.0);
                    }
                    let push = (need - d.min(need)) * 0.5 + 1e-4;
                    let (ux, uy) = (dx / d, dy / d);
                    positions[a].x -= ux * push;
                    positions[a].y -= uy * push;
                    positions[b].x += ux * push;
                    positions[b].y += uy * push;
                    moved = true;
                }
            }
        }
        if !moved || sweep == 199 {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shelves_fill_rows_and_centre_them() {
        let c = shelves(&[(10.0, 10.0), (4.0, 4.0), (4.0, 2.0)], 10.0, 1.0);
        assert_eq!(c[0], Point::new(0.0, 0.0));
        assert_eq!(c[1].y, 11.0);
        assert_eq!(c[2].y, 12.0);
        assert!((c[1].x - 0.5).abs() < 1e-6);
    }

    #[test]
    fn overlaps_are_removed() {
        let mut p = vec![Point::new(0.0, 0.0); 30];
        for (i, q) in p.iter_mut().enumerate() {
            q.x = (i % 3) as f32 * 0.5;
        }
        let r = vec![1.0; 30];
        remove_overlaps(&mut p, &r, 0.1);
        for a in 0..30 {
            for b in (a + 1)..30 {
                assert!(p[a].distance(p[b]) >= 2.1 - 1e-3);
            }
        }
    }
}
