//! Placing text so that it overlaps neither other text nor nodes: each label tries spots
//! around its node in a fixed order of preference and takes the first free one; a label
//! with no free spot is left out (and counted) rather than drawn over something.

use std::collections::HashMap;

use crate::layout::Point;
use crate::layout::Rect;

/// Obstacles on the page, bucketed in a grid so a test looks only at nearby ones.
#[derive(Debug, Default)]
pub(crate) struct Occupancy {
    cell: f32,
    rects: Vec<Rect>,
    discs: Vec<(Point, f32)>,
    // Looked up by key only, never iterated, so its order cannot reach the output.
    grid: HashMap<(i32, i32), Vec<Obstacle>>,
}

#[derive(Debug, Clone, Copy)]
enum Obstacle {
    Rect(usize),
    Disc(usize),
}

impl Occupancy {
    /// An empty page bucketed in cells of `cell` units.
    pub(crate) fn new(cell: f32) -> Self {
        Occupancy {
            cell: cell.max(1.0),
            ..Default::default()
        }
    }

    fn cells(&self, r: &Rect) -> impl Iterator<Item = (i32, i32)> + use<> {
        let c = self.cell;
        let (x0, x1) = ((r.min.x / c).floor() as i32, (r.max.x / c).floor() as i32);
        let (y0, y1) = ((r.min.y / c).floor() as i32, (r.max.y / c).floor() as i32);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Marks a rectangle as taken.
    pub(crate) fn add_rect(&mut self, r: Rect) {
        let id = self.rects.len();
        self.rects.push(r);
        for k in self.cells(&r).collect::<Vec<_>>() {
            self.grid.entry(k).or_default().push(Obstacle::Rect(id));
        }
    }

    /// Marks a disc as taken.
    pub(crate) fn add_disc(&mut self, centre: Point, radius: f32) {
        let id = self.discs.len();
        self.discs.push((centre, radius));
        let r = Rect {
            min: Point::new(centre.x - radius, centre.y - radius),
            max: Point::new(centre.x + radius, centre.y + radius),
        };
        for k in self.cells(&r).collect::<Vec<_>>() {
            self.grid.entry(k).or_default().push(Obstacle::Disc(id));
        }
    }

    /// How many obstacles `r` touches.
    pub(crate) fn hits(&self, r: &Rect) -> usize {
        let mut seen_rects: Vec<usize> = Vec::new();
        let mut seen_discs: Vec<usize> = Vec::new();
        for k in self.cells(r) {
            let Some(list) = self.grid.get(&k) else {
                continue;
            };
            for o in list {
                match *o {
                    Obstacle::Rect(i) => {
                        let q = &self.rects[i];
                        let touch = q.min.x < r.max.x
                            && q.max.x > r.min.x
                            && q.min.y < r.max.y
                            && q.max.y > r.min.y;
                        if touch && !seen_rects.contains(&i) {
                            seen_rects.push(i);
                        }
                    }
                    Obstacle::Disc(i) => {
                        let (c, rad) = self.discs[i];
                        let nx = c.x.clamp(r.min.x, r.max.x);
                        let ny = c.y.clamp(r.min.y, r.max.y);
                        let touch = (c.x - nx).powi(2) + (c.y - ny).powi(2) < rad * rad;
                        if touch && !seen_discs.contains(&i) {
                            seen_discs.push(i);
                        }
                    }
                }
            }
        }
        seen_rects.len() + seen_discs.len()
    }
}

/// Where a label ended up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    /// The text's box.
    pub rect: Rect,
    /// Whether a leader line is needed (the label sits away from its node).
    pub leader: bool,
}

/// Finds a free spot for a `w` by `h` box next to a node at `c` with radius `r`, inside
/// `bounds`; `pad` is the gap between node and text. Nearer spots first, right of the node
/// before left, above and below.
pub(crate) fn place(
    occ: &Occupancy,
    bounds: &Rect,
    c: Point,
    r: f32,
    w: f32,
    h: f32,
    pad: f32,
) -> Option<Placed> {
    for (ring, leader) in [(0.0f32, false), (h * 1.2, true), (h * 2.6, true)] {
        let d = r + pad + ring;
        let diag = d * std::f32::consts::FRAC_1_SQRT_2;
        // Top-left corners of the candidate boxes.
        let candidates = [
            (c.x + d, c.y - h * 0.5),
            (c.x - d - w, c.y - h * 0.5),
            (c.x - w * 0.5, c.y - d - h),
            (c.x - w * 0.5, c.y + d),
            (c.x + diag, c.y - diag - h),
            (c.x + diag, c.y + diag),
            (c.x - diag - w, c.y - diag - h),
            (c.x - diag - w, c.y + diag),
        ];
        for (x, y) in candidates {
            let rect = Rect {
                min: Point::new(x, y),
                max: Point::new(x + w, y + h),
            };
            let inside = rect.min.x >= bounds.min.x
                && rect.max.x <= bounds.max.x
                && rect.min.y >= bounds.min.y
                && rect.max.y <= bounds.max.y;
            if inside && occ.hits(&rect) == 0 {
                return Some(Placed { rect, leader });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_avoid_nodes_and_each_other() {
        let mut occ = Occupancy::new(10.0);
        let bounds = Rect {
            min: Point::new(0.0, 0.0),
            max: Point::new(200.0, 200.0),
        };
        occ.add_disc(Point::new(100.0, 100.0), 5.0);
        occ.add_disc(Point::new(125.0, 100.0), 5.0);
        let a = place(&occ, &bounds, Point::new(100.0, 100.0), 5.0, 30.0, 8.0, 2.0).unwrap();
        // Right is blocked by the second node, so the label goes left.
        assert!(a.rect.max.x <= 100.0);
        occ.add_rect(a.rect);
        let b = place(&occ, &bounds, Point::new(100.0, 100.0), 5.0, 30.0, 8.0, 2.0).unwrap();
        assert_eq!(occ.hits(&b.rect), 0);
        assert_ne!(a.rect, b.rect);
    }
}
