//! Review names in the workbench: the names matching leaves open in the study shown, most
//! important first, decided on one key like in the import wizard. Decisions are commands:
//! accepting merges (undoable, split again in the Inspector), "another person" records the
//! decision on the name's node.

use eframe::egui;

use super::import_wizard::{item_ui, queue_ui};
use crate::model::Value;
use crate::session::{Command, Session};
use crate::survey::review::{self, ANOTHER_PERSON, Decision, NAME_DECISION, ReviewItem};
use crate::survey::{Recipe, matching};

/// The review window's state.
pub struct ReviewWindow {
    queue: Vec<ReviewItem>,
    decided: usize,
}

impl ReviewWindow {
    /// The review queue of the session's study, matched with the study's recipe (if it
    /// came from a survey) or the default settings; names already decided are left out.
    pub fn new(session: &Session) -> Self {
        // Matching numbers people 0..: close the gaps deleted people left.
        let study = &session.base_study().compacted();
        let spec = session
            .source()
            .recipe
            .as_deref()
            .and_then(|t| Recipe::from_toml("recipe", t).ok())
            .map(|r| r.matching)
            .unwrap_or_default();
        let decided = study.node_attribute(NAME_DECISION);
        let keep_apart = study
            .node_ids()
            .filter(|n| {
                decided
                    .and_then(|a| a.value(n.index()))
                    .and_then(Value::as_text)
                    == Some(ANOTHER_PERSON)
            })
            .collect();
        let known = matching::Known {
            keep_apart,
            roster: Vec::new(),
        };
        let matches = matching::suggest_known(study, &spec, &known);
        ReviewWindow {
            queue: review::queue(study, study, &matches),
            decided: 0,
        }
    }

    /// The names left, most important first.
    pub fn queue(&self) -> &[ReviewItem] {
        &self.queue
    }

    /// Carries out a decision on the first name, as commands (tests and the keys).
    pub fn decide(&mut self, session: &Session, decision: Decision, commands: &mut Vec<Command>) {
        let Some(item) = self.queue.first_mut() else {
            return;
        };
        let decision = match decision {
            Decision::Reject => {
                item.candidates.remove(0);
                if !item.candidates.is_empty() {
                    return;
                }
                Decision::AnotherPerson
            }
            d => d,
        };
        let item = self.queue.remove(0);
        self.decided += 1;
        match decision {
            Decision::Accept => {
                if let Some(c) = item.candidates.first() {
                    commands.push(Command::MergeNodes {
                        keep: c.id.clone(),
                        absorb: vec![item.id.clone()],
                    });
                }
            }
            Decision::Reject | Decision::AnotherPerson => {
                let mut study = session.base_study().clone();
                let Some(node) = study.find(&item.id) else {
                    return;
                };
                let Ok(a) =
                    study.declare_node_attribute(NAME_DECISION, crate::model::AttrType::Text)
                else {
                    return;
                };
                study.set_node_value(a, node, Some(Value::Text(ANOTHER_PERSON.into())));
                commands.push(Command::UpdateStudy(Box::new(study)));
            }
        }
    }

    /// Draws the window; false when it is closed.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let mut decision = None;
        egui::Window::new("Review names")
            .open(&mut open)
            .default_size([720.0, 420.0])
            .show(ctx, |ui| {
                // Reviewing names means reading them: not while names are hidden (a
                // projected workshop, a shared screen).
                if session.names_hidden() {
                    ui.label(format!(
                        "{} names wait for review. Names are hidden: untick Hide names to \
                         review them.",
                        self.queue.len()
                    ));
                    return;
                }
                ui.label(format!(
                    "{} names wait for review, most important first ({} decided). Accepting \
                     merges them (Edit ▸ Undo, or split in the Inspector).",
                    self.queue.len(),
                    self.decided
                ));
                match self.queue.first() {
                    Some(first) => decision = item_ui(ui, first),
                    None => {
                        ui.label("Nothing left to review.");
                    }
                }
                queue_ui(ui, &self.queue);
            });
        if let Some(d) = decision {
            self.decide(session, d, commands);
        }
        open
    }
}
