//! Nodes evenly spaced on a circle, in study order.

use super::Point;

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
