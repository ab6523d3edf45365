//! Work that must not freeze the window: a background job with progress and cancel, and
//! the layout worker that animates ForceAtlas2 and sends positions back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use crate::layout::{ForceAtlas2, LayoutGraph, Point, Settings};

/// Shared progress and cancel flags between a job and the window.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Done, in thousandths.
    permille: Arc<AtomicU32>,
    cancel: Arc<AtomicBool>,
}

impl Progress {
    /// Reports `done` of `total`.
    pub fn set(&self, done: usize, total: usize) {
        let p = (done.min(total) * 1000).checked_div(total).unwrap_or(0) as u32;
        self.permille.store(p, Ordering::Relaxed);
    }

    /// The share done, 0 to 1.
    pub fn fraction(&self) -> f32 {
        self.permille.load(Ordering::Relaxed) as f32 / 1000.0
    }

    /// Asks the job to stop; it checks [`Progress::cancelled`] between steps.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the job was asked to stop.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A computation on its own named thread; poll it once a frame.
#[derive(Debug)]
pub struct Job<T> {
    /// What it is doing, for the progress bar ("Importing survey.csv").
    pub what: String,
    /// Its progress and cancel switch.
    pub progress: Progress,
    result: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread named `thread_name`.
    pub fn spawn(
        thread_name: &str,
        what: impl Into<String>,
        work: impl FnOnce(&Progress) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress = Progress::default();
        let (tx, rx) = mpsc::channel();
        let p = progress.clone();
        thread::Builder::new()
            .name(thread_name.to_string())
            .spawn(move || {
                let out = work(&p);
                // The window may have gone or given up on the job; nothing to do then.
                let _ = tx.send(out);
            })?;
        Ok(Job {
            what: what.into(),
            progress,
            result: rx,
        })
    }

    /// The result, once the job has finished; `Err(())` when the thread ended without one.
    pub fn poll(&self) -> Option<Result<T, ()>> {
        match self.result.try_recv() {
            Ok(t) => Some(Ok(t)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(())),
        }
    }

    /// Waits for the result (tests and the command line).
    pub fn wait(self) -> Option<T> {
        self.result.recv().ok()
    }
}

/// Messages to the layout worker.
#[derive(Debug, Clone)]
enum ToLayout {
    Pause,
    Resume,
    Pin(usize, Point),
    Unpin(usize),
    Restart {
        graph: LayoutGraph,
        radii: Vec<f32>,
        seed: u64,
        start: Option<Vec<Point>>,
        pinned: Vec<(usize, Point)>,
    },
}

/// A snapshot of the running layout.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutFrame {
    /// Positions in node order, in layout units.
    pub positions: Vec<Point>,
    /// Iterations run since the start.
    pub iterations: usize,
    /// Whether it has settled (or hit the iteration limit).
    pub settled: bool,
    /// Which run this belongs to, so that frames of an old study are ignored.
    pub generation: u64,
}

/// Iterations per frame sent: enough to move visibly, few enough to stay smooth.
const BATCH: usize = 4;
/// A layout stops here even if it still moves a little.
pub const MAX_ITERATIONS: usize = 1500;

/// The ForceAtlas2 worker thread ("kith-layout").
#[derive(Debug)]
pub struct LayoutWorker {
    to: Sender<ToLayout>,
    from: Receiver<LayoutFrame>,
    generation: u64,
    paused: bool,
    settled: bool,
    iterations: usize,
}

impl LayoutWorker {
    /// Starts the worker thread, idle.
    pub fn start() -> std::io::Result<Self> {
        let (to, rx) = mpsc::channel::<ToLayout>();
        let (tx, from) = mpsc::channel::<LayoutFrame>();
        thread::Builder::new()
            .name("kith-layout".into())
            .spawn(move || layout_loop(&rx, &tx))?;
        Ok(LayoutWorker {
            to,
            from,
            generation: 0,
            paused: false,
            settled: true,
            iterations: 0,
        })
    }

    /// Lays out `graph` afresh from `start` (or from seeded positions), keeping `pinned`.
    pub fn restart(
        &mut self,
        graph: LayoutGraph,
        radii: Vec<f32>,
        seed: u64,
        start: Option<Vec<Point>>,
        pinned: Vec<(usize, Point)>,
    ) {
        self.generation += 1;
        self.settled = false;
        self.iterations = 0;
        let _ = self.to.send(ToLayout::Restart {
            graph,
            radii,
            seed,
            start,
            pinned,
        });
        if self.paused {
            let _ = self.to.send(ToLayout::Pause);
        }
    }

    /// Pauses or resumes the animation.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        let _ = self.to.send(if paused {
            ToLayout::Pause
        } else {
            ToLayout::Resume
        });
    }

    /// Fixes node `i` at `at` (the layout keeps running around it).
    pub fn pin(&mut self, i: usize, at: Point) {
        self.settled = false;
        let _ = self.to.send(ToLayout::Pin(i, at));
    }

    /// Lets node `i` move again.
    pub fn unpin(&mut self, i: usize) {
        self.settled = false;
        let _ = self.to.send(ToLayout::Unpin(i));
    }

    /// Whether the animation is paused.
    pub fn paused(&self) -> bool {
        self.paused
    }

    /// Whether the current run has settled.
    pub fn settled(&self) -> bool {
        self.settled
    }

    /// Iterations of the current run so far.
    pub fn iterations(&self) -> usize {
        self.iterations
    }

    /// The newest frame of the current run, if one arrived since the last call.
    pub fn latest(&mut self) -> Option<LayoutFrame> {
        let mut last = None;
        while let Ok(f) = self.from.try_recv() {
            if f.generation == self.generation {
                last = Some(f);
            }
        }
        if let Some(f) = &last {
            self.settled = f.settled;
            self.iterations = f.iterations;
        }
        last
    }

    /// Blocks until the current run settles and returns its last frame (tests, benchmarks).
    pub fn wait_settled(&mut self) -> Option<LayoutFrame> {
        // A settled frame already taken in by `latest` will not come again.
        if self.settled {
            return None;
        }
        loop {
            let f = self.from.recv().ok()?;
            if f.generation == self.generation && f.settled {
                self.settled = true;
                self.iterations = f.iterations;
                return Some(f);
            }
        }
    }
}

/// The positions to show: the simulation's, with unpinned isolates in a grid under the
/// network (as the exported figure places them) rather than wherever repulsion left them.
fn shown_positions(f: &ForceAtlas2, shape: Option<&(LayoutGraph, Vec<f32>)>) -> Vec<Point> {
    let mut positions = f.positions().to_vec();
    if let Some((graph, radii)) = shape {
        crate::layout::packing::isolates_below(graph, &mut positions, radii, &|i| f.is_pinned(i));
    }
    positions
}

fn layout_loop(rx: &Receiver<ToLayout>, tx: &Sender<LayoutFrame>) {
    let mut fa: Option<ForceAtlas2> = None;
    // The graph and radii of the current run, to place isolates in every frame sent.
    let mut shape: Option<(LayoutGraph, Vec<f32>)> = None;
    let mut generation = 0u64;
    let mut paused = false;
    let mut iterations = 0usize;
    let mut settled = true;
    loop {
        // Idle (settled or paused): block until told something; running: just drain.
        let msg = if settled || paused {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return,
            }
        } else {
            match rx.try_recv() {
                Ok(m) => Some(m),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => return,
            }
        };
        if let Some(m) = msg {
            match m {
                ToLayout::Pause => paused = true,
                ToLayout::Resume => paused = false,
                ToLayout::Pin(i, p) => {
                    if let Some(f) = fa.as_mut() {
                        f.pin(i, p);
                        settled = false;
                        iterations = iterations.min(MAX_ITERATIONS - 200);
                    }
                }
                ToLayout::Unpin(i) => {
                    if let Some(f) = fa.as_mut() {
                        f.unpin(i);
                        settled = false;
                        iterations = iterations.min(MAX_ITERATIONS - 200);
                    }
                }
                ToLayout::Restart {
                    graph,
                    radii,
                    seed,
                    start,
                    pinned,
                } => {
                    // The settings of exported figures (Gephi's defaults): strong gravity
                    // would squeeze every network into one round ball and hide its
                    // clusters. Isolates sit in a grid under the network in every frame.
                    let settings = Settings::for_graph(graph.node_count(), seed);
                    shape = Some((graph.clone(), radii.clone()));
                    let mut f = match start {
                        Some(p) if p.len() == graph.node_count() => {
                            ForceAtlas2::with_positions(graph, p, &radii, settings)
                        }
                        _ => ForceAtlas2::new(graph, &radii, settings),
                    };
                    for (i, p) in pinned {
                        f.pin(i, p);
                    }
                    generation += 1;
                    iterations = 0;
                    settled = false;
                    let _ = tx.send(LayoutFrame {
                        positions: shown_positions(&f, shape.as_ref()),
                        iterations,
                        settled,
                        generation,
                    });
                    fa = Some(f);
                }
            }
            continue;
        }
        let Some(f) = fa.as_mut() else {
            settled = true;
            continue;
        };
        let step = f.step(BATCH);
        // As in exported figures, components sit side by side under the largest and
        // isolates in a grid below, instead of drifting apart; once someone has placed a
        // node by hand, nothing is moved as a block any more.
        if !f.any_pinned()
            && let Some((graph, radii)) = shape.as_ref()
        {
            let mut packed = f.positions().to_vec();
            crate::layout::packing::pack(graph, &mut packed, radii);
            f.set_positions(&packed);
        }
        iterations += step.iterations;
        settled = step.converged() || iterations >= MAX_ITERATIONS;
        if tx
            .send(LayoutFrame {
                positions: shown_positions(f, shape.as_ref()),
                iterations,
                settled,
                generation,
            })
            .is_err()
        {
            return;
        }
    }
}
