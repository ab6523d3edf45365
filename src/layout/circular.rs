//! Nodes evenly spaced on a circle, in study order.

use super::{LayoutGraph, Point};

/// Places every node of `graph` on one circle in node order, the circle just large enough
/// that neighbouring discs of the given radii (layout units) do not touch.
pub fn layout(graph: &LayoutGraph, radii: &[f32]) -> Vec<Point> {
    let n = graph.node_count();
    let around: f32 = (0..n)
        .map(|i| 2.0 * radii.get(i).copied().unwrap_or(1.0) * 1.5)
        .sum();
    let radius = (around / std::f32::consts::TAU).max(10.0);
    circle(n, radius)
}

/// Places `n` nodes on a circle of the given radius, the first at the top, clockwise.
pub fn circle(n: usize, radius: f32) -> Vec<Point> {
    (0..n)
        .map(|i| {
            let a =
                std::f32::consts::TAU * i as f32 / n.max(1) as f32 - std::f32::consts::FRAC_PI_2;
            Point {
                x: radius * a.cos(),
                y: radius * a.sin(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_lie_on_the_circle_starting_at_the_top() {
        let p = circle(4, 10.0);
        assert_eq!(p.len(), 4);
        assert!((p[0].x).abs() < 1e-5 && (p[0].y + 10.0).abs() < 1e-5);
        for q in &p {
            assert!(((q.x * q.x + q.y * q.y).sqrt() - 10.0).abs() < 1e-4);
        }
    }
}
