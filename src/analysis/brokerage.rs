//! Gould and Fernandez's brokerage roles (1989) for a grouping attribute.
//!
//! A vertex b brokers on every open two-step path a → b → c: a ≠ c and no tie a → c. The
//! role depends on the groups of the three (as in UCINET and statnet's `brokerage`):
//!
//! | role | groups | statnet |
//! | --- | --- | --- |
//! | coordinator | a, b and c in one group | w_I |
//! | itinerant (consultant) | a and c in one group, b in another | w_O |
//! | representative | a and b in one group, c in another | b_IO |
//! | gatekeeper | b and c in one group, a in another | b_OI |
//! | liaison | three different groups | b_O |
//!
//! In an undirected graph every tie counts as two arcs, so an open path a – b – c counts
//! once each way. Paths through a vertex whose group is missing are not counted.

use super::Grouping;
use super::graph::Graph;

/// Counts of the five roles for every vertex.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Roles {
    /// Open paths where all three are in one group.
    pub coordinator: Vec<u64>,
    /// Open paths from and to one group through an outsider.
    pub itinerant: Vec<u64>,
    /// Open paths from the broker's group out to another.
    pub representative: Vec<u64>,
    /// Open paths from another group into the broker's.
    pub gatekeeper: Vec<u64>,
    /// Open paths across three groups.
    pub liaison: Vec<u64>,
}

/// The role column names, in the order `kith metrics` writes them.
pub const ROLE_NAMES: [&str; 5] = [
    "coordinator",
    "itinerant",
    "gatekeeper",
    "representative",
    "liaison",
];

impl Roles {
    /// The counts of every role for vertex `v`, in [`ROLE_NAMES`] order.
    pub fn of(&self, v: usize) -> [u64; 5] {
        [
            self.coordinator[v],
            self.itinerant[v],
            self.gatekeeper[v],
            self.representative[v],
            self.liaison[v],
        ]
    }
}

/// Brokerage roles of every vertex of `graph`, by `groups`.
pub fn brokerage(graph: &Graph, groups: &Grouping) -> Roles {
    let n = graph.node_count();
    let out = graph.out();
    let incoming = graph.incoming();
    let mut roles = Roles {
        coordinator: vec![0; n],
        itinerant: vec![0; n],
        representative: vec![0; n],
        gatekeeper: vec![0; n],
        liaison: vec![0; n],
    };
    // sends[c] is true while c is an out-neighbour of the current a.
    let mut sends = vec![false; n];
    for b in 0..n {
        let Some(gb) = groups.of(b) else { continue };
        let targets = out.neighbors(b);
        for &a in incoming.neighbors(b) {
            let a = a as usize;
            let Some(ga) = groups.of(a) else { continue };
            for &c in out.neighbors(a) {
                sends[c as usize] = true;
            }
            for &c in targets {
                let c = c as usize;
                if c == a || sends[c] {
                    continue;
                }
                let Some(gc) = groups.of(c) else { continue };
                let slot = match (ga == gb, gb == gc, ga == gc) {
                    (true, true, _) => &mut roles.coordinator,
                    (false, false, true) => &mut roles.itinerant,
                    (true, false, _) => &mut roles.representative,
                    (false, true, _) => &mut roles.gatekeeper,
                    (false, false, false) => &mut roles.liaison,
                };
                slot[b] += 1;
            }
            for &c in out.neighbors(a) {
                sends[c as usize] = false;
            }
        }
    }
    roles
}
