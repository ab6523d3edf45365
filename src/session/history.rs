//! A bounded undo history of inverse commands (as in helix's `history.rs`): undoing applies
//! the inverse of the last edit, whose own inverse goes on the redo stack.

use std::collections::VecDeque;

use super::Command;

/// Undo and redo stacks of inverse commands, each with what the edit was ("merge"), at
/// most `limit` deep.
#[derive(Debug, Clone)]
pub struct History {
    undo: VecDeque<(String, Command)>,
    redo: Vec<(String, Command)>,
    limit: usize,
}

impl History {
    /// An empty history keeping at most `limit` steps.
    pub fn new(limit: usize) -> Self {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Records the inverse of a fresh edit (`what` names the edit); the redo stack is
    /// dropped, as in every editor.
    pub fn record(&mut self, what: String, inverse: Command) {
        self.redo.clear();
        self.push_undo(what, inverse);
    }

    /// Pushes an inverse without touching the redo stack (used by redo).
    pub fn push_undo(&mut self, what: String, inverse: Command) {
        self.undo.push_back((what, inverse));
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }

    /// Pushes the command that redoes an undone edit.
    pub fn push_redo(&mut self, what: String, command: Command) {
        self.redo.push((what, command));
    }

    /// Takes the inverse of the last edit, with what the edit was.
    pub fn undo(&mut self) -> Option<(String, Command)> {
        self.undo.pop_back()
    }

    /// Takes the last undone edit, with what it was.
    pub fn redo(&mut self) -> Option<(String, Command)> {
        self.redo.pop()
    }

    /// What the edit that Undo would take back was ("merge"), if any.
    pub fn undo_name(&self) -> Option<&str> {
        self.undo.back().map(|(w, _)| w.as_str())
    }

    /// What the edit that Redo would make again was, if any.
    pub fn redo_name(&self) -> Option<&str> {
        self.redo.last().map(|(w, _)| w.as_str())
    }

    /// Whether there is anything to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is anything to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
