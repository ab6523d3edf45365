//! The names the bundled sample's people are drawn from, shared by the sample study
//! ([`crate::sample`]) and its waves ([`crate::waves::sample`]); a mix of the backgrounds
//! of the neighbourhoods these studies run in.

/// First names the sample neighbourhood's people are drawn from.
pub const FIRST: [&str; 40] = [
    "Aisha", "Amara", "Andrzej", "Bilal", "Chen", "Chloe", "Darren", "David", "Fatima", "Grace",
    "Hassan", "Hui", "Ifeoma", "Jack", "Joanne", "José", "Kerry", "Kofi", "Leon", "Łucja",
    "Manjit", "Maria", "Michael", "Mohammed", "Nadia", "Ngozi", "Olivia", "Patrick", "Priya",
    "Rachel", "Renée", "Sarah", "Siobhan", "Steve", "Tomasz", "Tunde", "Yasmin", "Zainab", "Zoë",
    "Emma",
];
/// Last names the sample neighbourhood's people are drawn from.
pub const LAST: [&str; 24] = [
    "Adeyemi", "Ali", "Begum", "Brown", "Campbell", "Davies", "Evans", "Hughes", "Jones", "Khan",
    "Kowalski", "Mensah", "Murphy", "Nowak", "Nguyen", "O'Neill", "Okafor", "Osei", "Patel",
    "Smith", "Taylor", "Walker", "Williams", "Wright",
];
