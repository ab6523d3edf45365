//! A bounded undo history of inverse commands (as in helix's `history.rs`): undoing applies
//! the inverse of the last edit, whose own inverse goes on the redo stack.

use std::collections::VecDeque;

use super::Command;

/// Undo and redo stacks of inverse commands, at most `limit` deep.
#[derive(Debug, Clone)]
pub struct History {
    undo: VecDeque<Command>,
    redo: Vec<Command>,
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

    /// Records the inverse of a fresh edit; the redo stack is dropped, as in every editor.
    pub fn record(&mut self, inverse: Command) {
        self.redo.clear();
        self.push_undo(inverse);
    }

    /// Pushes an inverse without touching the redo stack (used by redo).
    pub fn push_undo(&mut self, inverse: Command) {
        self.undo.push_back(inverse);
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }

    /// Pushes the command that redoes an undone edit.
    pub fn push_redo(&mut self, command: Command) {
        self.redo.push(command);
    }

    /// Takes the inverse of the last edit.
    pub fn undo(&mut self) -> Option<Command> {
        self.undo.pop_back()
    }

    /// Takes the last undone edit.
    pub fn redo(&mut self) -> Option<Command> {
        self.redo.pop()
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
