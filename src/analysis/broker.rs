//! Who counts as a broker and who as an isolate, each as a documented rule with a
//! one-sentence explanation to show beside the flag.

/// The sentence shown wherever isolates are flagged.
pub const ISOLATE_EXPLANATION: &str =
    "An isolate has no tie at all in the relations and waves being viewed.";

/// The rule that flags a person as a broker: a cut point, or high betweenness with low
/// constraint (someone many shortest paths run through, whose contacts are not tied to one
/// another).
///
/// The default is a cut point, or betweenness in the top 5% with constraint below the
/// median.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BrokerRule {
    /// Every cut point (articulation point) is a broker.
    pub cut_points: bool,
    /// Share of vertices with the highest betweenness that qualify (0.05 for the top 5%);
    /// `None` leaves betweenness out of the rule. Vertices tied with the last one in are in;
    /// betweenness 0 never qualifies.
    pub top_betweenness: Option<f64>,
    /// With the betweenness clause, constraint must also be below this quantile of the
    /// constraint of the vertices that have one (0.5: below the median); `None` drops the
    /// condition.
    pub constraint_below: Option<f64>,
}

impl Default for BrokerRule {
    fn default() -> Self {
        BrokerRule {
            cut_points: true,
            top_betweenness: Some(0.05),
            constraint_below: Some(0.5),
        }
    }
}

impl BrokerRule {
    /// The rule in one sentence, for the table, the legend and `--help`.
    pub fn explanation(&self) -> String {
        let mut clauses = Vec::new();
        if self.cut_points {
            clauses
                .push("is a cut point (without them, part of the network falls apart)".to_string());
        }
        if let Some(share) = self.top_betweenness {
            let mut s = format!(
                "is in the top {} by betweenness (many shortest paths between others run through them)",
                percent(share)
            );
            if let Some(q) = self.constraint_below {
                let which = if (q - 0.5).abs() < 1e-12 {
                    "the median".to_string()
                } else {
                    format!("the {} percentile", percent(q).trim_end_matches('%'))
                };
                s.push_str(&format!(
                    " with constraint below {which} (their contacts are not tied to each other)"
                ));
            }
            clauses.push(s);
        }
        if clauses.is_empty() {
            return "No one is flagged as a broker: the rule has no clause.".to_string();
        }
        format!("A broker {}.", clauses.join(", or "))
    }

    /// The rule in a few words, for a legend: "cut point, or top 5% betweenness with
    /// constraint below median".
    pub fn short(&self) -> String {
        let mut parts = Vec::new();
        if self.cut_points {
            parts.push("cut point".to_string());
        }
        if let Some(share) = self.top_betweenness {
            let mut s = format!("top {} betweenness", percent(share));
            if let Some(q) = self.constraint_below {
                if (q - 0.5).abs() < 1e-12 {
                    s.push_str(" with constraint below median");
                } else {
                    s.push_str(&format!(
                        " with constraint below {} percentile",
                        percent(q).trim_end_matches('%')
                    ));
                }
            }
            parts.push(s);
        }
        parts.join(", or ")
    }

    /// Applies the rule to per-vertex cut points, betweenness and constraint.
    pub fn apply(
        &self,
        cut_point: &[bool],
        betweenness: &[f64],
        constraint: &[Option<f64>],
    ) -> Vec<bool> {
        let n = betweenness.len();
        let threshold = self.top_betweenness.and_then(|share| {
            let mut sorted: Vec<f64> = betweenness.to_vec();
            sorted.sort_by(|a, b| b.total_cmp(a));
            let take = ((share * n as f64).ceil() as usize).min(n);
            (take > 0).then(|| sorted[take - 1])
        });
        let limit = self.constraint_below.and_then(|q| {
            let mut known: Vec<f64> = constraint.iter().flatten().copied().collect();
            known.sort_by(f64::total_cmp);
            quantile(&known, q)
        });
        (0..n)
            .map(|v| {
                let cut = self.cut_points && cut_point.get(v).copied().unwrap_or(false);
                let central =
                    threshold.is_some_and(|t| betweenness[v] > 0.0 && betweenness[v] >= t);
                let open = match (self.constraint_below, limit) {
                    (None, _) => true,
                    (Some(_), Some(limit)) => constraint[v].is_some_and(|c| c < limit),
                    (Some(_), None) => false,
                };
                cut || (central && open)
            })
            .collect()
    }
}

/// "5%", "12.5%".
fn percent(share: f64) -> String {
    let p = share * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{}%", p.round() as i64)
    } else {
        format!("{p}%")
    }
}

/// The `q` quantile of sorted values, interpolating linearly between order statistics
/// (the median of an even count is the mean of the middle two).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rule_reads_as_one_sentence() {
        let s = BrokerRule::default().explanation();
        assert!(s.starts_with("A broker is a cut point"), "{s}");
        assert!(s.contains("top 5% by betweenness"), "{s}");
        assert!(s.contains("below the median"), "{s}");
        assert_eq!(s.matches('.').count(), 1, "{s}");
    }

    #[test]
    fn cut_points_and_central_open_vertices_are_brokers() {
        let cut = [false, true, false, false];
        let b = [10.0, 0.0, 3.0, 0.0];
        let c = [Some(0.2), Some(0.9), Some(0.5), None];
        let rule = BrokerRule {
            top_betweenness: Some(0.25),
            ..BrokerRule::default()
        };
        assert_eq!(rule.apply(&cut, &b, &c), vec![true, true, false, false]);
        let closed = [Some(0.9), Some(0.2), Some(0.5), None];
        assert_eq!(
            rule.apply(&cut, &b, &closed),
            vec![false, true, false, false]
        );
    }

    #[test]
    fn quantiles_interpolate() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.5));
        assert_eq!(quantile(&[1.0], 0.5), Some(1.0));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
