//! `kith render FILE -o OUT.(svg|png|pdf|tif|jpg|webp)`: a publication figure of a network.
//!
//! From a `.kith` project it draws a view exactly as saved: `--view NAME` for a saved view,
//! `--all-views` for every saved view (`-o fig.pdf` writes `fig-<slug>.pdf` for each),
//! and the current view otherwise.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use super::InputArgs;
use crate::layout::{self, Kind};
use crate::render::{self, FigureFormat};
use crate::scene::{self, Callout, Canvas, Filter, FilterMode, Highlight, Labels, View};
use crate::session::project::{self, Project};
pub use crate::session::project::{slug, view_files};

/// Arguments of `kith render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The network file, or a .kith project.
    pub file: PathBuf,
    /// The figure to write: .png, .svg, .pdf, .tif, .jpg or .webp (and .gif with
    /// --animate). With --all-views, each view's figure is
    /// written beside it with the view's name added: fig.pdf -> fig-<view>.pdf.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Draw this saved view of a .kith project (default: the project's current view).
    #[arg(long, value_name = "NAME", conflicts_with = "all_views")]
    pub view: Option<String>,
    /// Draw every saved view of a .kith project, one file each.
    #[arg(long)]
    pub all_views: bool,
    #[command(flatten)]
    input: InputArgs,
    /// Draw only the ties of these relations (comma separated), e.g. `--relation rely_on`,
    /// as `kith metrics --relation` counts them.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub relation: Vec<String>,
    /// Draw only the ties of these waves (comma separated); one wave of a study that
    /// records who answered which wave is drawn as it was, without the people who took no
    /// part in it.
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        conflicts_with = "waves"
    )]
    pub wave: Vec<String>,
    /// Draw the projection of a two-mode network instead: people tied by shared places
    /// and groups, or places by shared people (node kinds tell them apart).
    #[arg(long, value_name = "people|places")]
    pub projection: Option<String>,
    /// Colour nodes by a node attribute or a metric (degree, betweenness, ...).
    #[arg(long, visible_alias = "colour-by", value_name = "ATTR")]
    pub color_by: Option<String>,
    /// Size nodes by a metric or numeric attribute.
    #[arg(long, value_name = "METRIC")]
    pub size_by: Option<String>,
    /// Show only nodes whose ATTR is one of the values (ATTR=V1,V2), or within a range
    /// (ATTR=MIN..MAX, either end optional). Repeat for several conditions.
    #[arg(long, value_name = "ATTR=V1,V2")]
    pub filter: Vec<String>,
    /// Fade the nodes the filters leave out instead of hiding them.
    #[arg(long)]
    pub fade: bool,
    /// Mark isolates, brokers, cutpoints, bridges or ego:ID (repeat or separate by commas).
    #[arg(long, value_name = "SET", value_delimiter = ',')]
    pub highlight: Vec<String>,
    /// Which nodes get names: none, all, or top:N by the size metric (or degree).
    #[arg(long, value_name = "none|all|top:N")]
    pub labels: Option<String>,
    /// The metric that ranks nodes for top:N labels.
    #[arg(long, value_name = "METRIC")]
    pub label_by: Option<String>,
    /// Title above the figure.
    #[arg(long)]
    pub title: Option<String>,
    /// Caption below the figure (data source, n, date); by default the counts.
    #[arg(long)]
    pub caption: Option<String>,
    /// A note pointing at a node (ID=TEXT); repeat for more.
    #[arg(long, value_name = "ID=TEXT")]
    pub callout: Vec<String>,
    /// Replace every person's name with a stable pseudonym (P001, ...).
    #[arg(long, visible_alias = "anonymize")]
    pub anonymise: bool,
    /// Layout: fa2 (ForceAtlas2, the default), circular, or grouped:ATTR (one box per
    /// category).
    #[arg(long)]
    pub layout: Option<String>,
    /// Seed of the layout's starting positions: the same seed gives the same figure
    /// (default 1).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Most layout iterations (default 1000).
    #[arg(long)]
    pub iterations: Option<usize>,
    /// Image width in pixels (with --height), instead of a page.
    #[arg(long, requires = "height", conflicts_with = "page")]
    pub width: Option<u32>,
    /// Image height in pixels (with --width).
    #[arg(long, requires = "width")]
    pub height: Option<u32>,
    /// Page size: a4 or a5 (landscape).
    #[arg(long, value_name = "a4|a5")]
    pub page: Option<String>,
    /// Resolution of a raster image (PNG, TIFF, JPEG, WebP) of a page, in dots per inch (default 300, or for a project the
    /// DPI of its export settings).
    #[arg(long)]
    pub dpi: Option<f32>,
    // --- waves (small multiples) ---
    /// Draw one panel per wave, side by side, ties coloured by change since the previous
    /// panel: wave names as in the file, comma-separated and in the order to show them, or
    /// `all` (in the order the file first names them).
    #[arg(long, value_name = "W1,W2|all")]
    pub waves: Option<String>,
    /// Positions of the wave panels: `shared` (laid out once on the ties of all waves, the
    /// same in every panel) or `anchored` (each wave's own ties, starting from the previous
    /// wave's positions).
    #[arg(
        long,
        value_name = "shared|anchored",
        default_value = "shared",
        requires = "waves"
    )]
    pub wave_layout: String,
    /// With --waves A,B and an output ending .gif: an animation of the change from wave A
    /// to wave B (ties fading in and out, everyone in place), two seconds at 12 frames a
    /// second, at most 1280 pixels wide.
    #[arg(long, requires = "waves")]
    pub animate: bool,
    // --- end waves ---
}

/// Seed of the layout when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 1;
/// Layout iterations when `--iterations` is not given.
pub const DEFAULT_ITERATIONS: usize = 1000;
/// PNG resolution of a page when `--dpi` is not given.
pub const DEFAULT_DPI: f32 = 300.0;

fn parse_filter(s: &str) -> anyhow::Result<Filter> {
    let Some((name, values)) = s.split_once('=') else {
        bail!("--filter {s}: write ATTR=V1,V2 or ATTR=MIN..MAX");
    };
    let name = name.trim().to_string();
    if let Some((lo, hi)) = values.split_once("..") {
        let bound = |x: &str| -> anyhow::Result<Option<f64>> {
            let x = x.trim();
            if x.is_empty() {
                return Ok(None);
            }
            x.parse::<f64>()
                .map(Some)
                .with_context(|| format!("--filter {s}: \"{x}\" is not a number"))
        };
        return Ok(Filter::Range {
            name,
            min: bound(lo)?,
            max: bound(hi)?,
        });
    }
    Ok(Filter::Values {
        attribute: name,
        values: values.split(',').map(|v| v.trim().to_string()).collect(),
    })
}

fn parse_highlight(s: &str) -> anyhow::Result<Highlight> {
    let t = s.trim();
    if let Some(id) = t.strip_prefix("ego:") {
        return Ok(Highlight::Ego(id.to_string()));
    }
    Ok(
        match t.to_lowercase().replace(['-', '_', ' '], "").as_str() {
            "isolates" => Highlight::Isolates,
            "brokers" => Highlight::Brokers,
            "cutpoints" => Highlight::CutPoints,
            "bridges" => Highlight::Bridges,
            _ => bail!("--highlight {s}: use isolates, brokers, cutpoints, bridges or ego:ID"),
        },
    )
}

fn parse_labels(s: &str) -> anyhow::Result<Labels> {
    let t = s.trim().to_lowercase();
    Ok(match t.as_str() {
        "none" => Labels::None,
        "all" => Labels::All,
        "auto" => Labels::Auto,
        _ => match t.strip_prefix("top:").map(str::parse::<usize>) {
            Some(Ok(k)) => Labels::Top(k),
            _ => bail!("--labels {s}: use none, all or top:N"),
        },
    })
}

/// The canvas `--width`/`--height` or `--page` ask for, if any.
fn canvas_of(args: &RenderArgs) -> anyhow::Result<Option<Canvas>> {
    Ok(match (args.width, args.height, args.page.as_deref()) {
        (Some(width), Some(height), _) => Some(Canvas::Pixels { width, height }),
        (_, _, None) => None,
        (_, _, Some(p)) => match p.to_lowercase().as_str() {
            "a4" => Some(Canvas::A4),
            "a5" => Some(Canvas::A5),
            _ => bail!("--page {p}: use a4 or a5"),
        },
    })
}

/// Turns the options into a view (without reading anything).
pub fn view_of(args: &RenderArgs) -> anyhow::Result<View> {
    let canvas = canvas_of(args)?.unwrap_or(Canvas::A4);
    let callouts = args
        .callout
        .iter()
        .map(|c| match c.split_once('=') {
            Some((node, text)) => Ok(Callout {
                node: node.trim().to_string(),
                text: text.trim().to_string(),
            }),
            None => bail!("--callout {c}: write ID=TEXT"),
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(View {
        canvas,
        color_by: args.color_by.clone(),
        size_by: args.size_by.clone(),
        filters: args
            .filter
            .iter()
            .map(|f| parse_filter(f))
            .collect::<anyhow::Result<_>>()?,
        filter_mode: if args.fade {
            FilterMode::Fade
        } else {
            FilterMode::Hide
        },
        highlights: args
            .highlight
            .iter()
            .filter(|h| !h.trim().is_empty())
            .map(|h| parse_highlight(h))
            .collect::<anyhow::Result<_>>()?,
        labels: match &args.labels {
            Some(l) => parse_labels(l)?,
            None => Labels::Auto,
        },
        label_by: args.label_by.clone(),
        title: args.title.clone(),
        caption: args.caption.clone(),
        callouts,
        anonymise: args.anonymise,
        ..View::default()
    })
}

/// The layout the options ask for.
pub fn layout_kind(args: &RenderArgs) -> anyhow::Result<Kind> {
    let l = args.layout.as_deref().unwrap_or("fa2").trim();
    let iterations = args.iterations.unwrap_or(DEFAULT_ITERATIONS);
    Ok(match l.to_lowercase().as_str() {
        "fa2" | "forceatlas2" => Kind::ForceAtlas2 { iterations },
        "circular" | "circle" => Kind::Circular,
        _ => match l.split_once(':') {
            Some((g, attr)) if g.eq_ignore_ascii_case("grouped") && !attr.is_empty() => {
                Kind::Grouped {
                    attribute: attr.to_string(),
                    iterations,
                }
            }
            _ => bail!("--layout {l}: use fa2, circular or grouped:ATTR"),
        },
    })
}

fn figure_format(output: &Path) -> anyhow::Result<FigureFormat> {
    FigureFormat::from_path(output).with_context(|| {
        format!(
            "{}: unknown figure format; use {}",
            crate::io::display_name(output),
            FigureFormat::known_extensions()
        )
    })
}

/// The format of the output, or `None` for the animated GIF of `--animate`.
fn output_format(args: &RenderArgs) -> anyhow::Result<Option<FigureFormat>> {
    let gif = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gif"));
    let name = crate::io::display_name(&args.output);
    match (args.animate, gif) {
        (true, true) => Ok(None),
        (true, false) => bail!("{name}: --animate writes a GIF; name the output .gif"),
        (false, true) => bail!(
            "{name}: a GIF is the animation of the change between two waves; use --waves A,B \
             --animate (or one of {} for a figure)",
            FigureFormat::known_extensions()
        ),
        (false, false) => figure_format(&args.output).map(Some),
    }
}

/// The two waves of `--animate`, from the waves asked for.
fn animated_pair(waves: &[String], spec: &str) -> anyhow::Result<(String, String)> {
    match waves {
        [a, b] => Ok((a.clone(), b.clone())),
        _ => bail!(
            "--waves {spec} --animate: name two waves, the one to start from and the one to \
             end at (e.g. --waves baseline,post)"
        ),
    }
}

/// Writes the frames as an animated GIF to `out`.
fn write_animation(scenes: &[scene::Scene], out: &Path) -> anyhow::Result<()> {
    render::write_file(out, &render::gif(scenes, render::GIF_MAX_WIDTH)?)?;
    Ok(())
}

/// Runs `kith render`.
pub fn run(args: &RenderArgs) -> anyhow::Result<()> {
    if project::is_project_path(&args.file) {
        return run_project(args);
    }
    if args.view.is_some() || args.all_views {
        bail!(
            "--view and --all-views draw the saved views of a .kith project; {} is not one",
            crate::io::display_name(&args.file)
        );
    }
    let format = output_format(args)?;
    let seed = args.seed.unwrap_or(DEFAULT_SEED);
    let view = view_of(args)?;
    let kind = layout_kind(args)?;
    let (study, join) = args.input.load(&args.file)?;
    if let (Some(report), Some(path)) = (&join, &args.input.attributes) {
        eprintln!("{}", report.summary(&crate::io::display_name(path)));
    }
    let (study, ties) = ties_in_view(study, &args.relation, &args.wave)?;
    let study = super::projection::for_render(study, args.projection.as_deref())?;
    if let Kind::Grouped { attribute, .. } = &kind
        && study.node_attribute(attribute).is_none()
    {
        bail!("--layout grouped:{attribute}: the network has no node attribute \"{attribute}\"");
    }
    let metrics = scene::metrics_input::compute(&study, view.needs_full_metrics());
    let radii = scene::relative_radii(&study, &metrics, &view)?;
    if let Some(spec) = &args.waves {
        return run_waves(args, spec, &study, view, &kind, &radii, format, seed);
    }
    let Some(format) = format else {
        bail!("--animate needs --waves A,B");
    };
    let layout = layout::compute(&study, &kind, &radii, seed);
    let mut view = view;
    if view.caption.is_none() {
        let method = match &kind {
            Kind::ForceAtlas2 { .. } => format!("ForceAtlas2, seed {seed}"),
            Kind::Circular => "circular".to_string(),
            Kind::Grouped { attribute, .. } => {
                format!("grouped by {attribute}, seed {seed}")
            }
        };
        view.caption = Some(format!(
            "{}{ties}. Layout: {method}.",
            scene::counts_sentence(&study, &view)
        ));
    }
    // The document the window would have (this study, view and layout), drawn along the
    // one path every figure takes: `kith render` of a saved project and the export dialog
    // give the same file.
    let canvas = view.canvas;
    let mut document = Project::new(study);
    document.view = view;
    document.layout = project::LayoutState {
        positions: layout.positions,
        pinned: Vec::new(),
        seed,
        groups: layout.groups,
    };
    let scene = document
        .scene_with(None, Some(canvas), Some(metrics))
        .map_err(|e| match e {
            // A file has no saved views: say what is wrong without naming one.
            project::ProjectError::Scene { source, .. } => anyhow::Error::from(source),
            other => other.into(),
        })?;
    write_figure(
        &scene,
        format,
        args.dpi.unwrap_or(DEFAULT_DPI),
        &args.output,
    )
}

/// `study` with only the ties of the relations and waves named (all when none are), as
/// the workbench's Data panel shows them, and the phrase the caption adds for them
/// ("; relation rely_on; wave baseline"). Unknown names are an error listing the known
/// ones.
fn ties_in_view(
    study: crate::model::Study,
    relations: &[String],
    waves: &[String],
) -> anyhow::Result<(crate::model::Study, String)> {
    let relations: Vec<String> = relations.iter().map(|r| r.trim().to_string()).collect();
    let waves: Vec<String> = waves.iter().map(|w| w.trim().to_string()).collect();
    if relations.is_empty() && waves.is_empty() {
        return Ok((study, String::new()));
    }
    // Checks the names, with the message `kith metrics` gives.
    crate::analysis::TieSelection::by_names(&study, &relations, &waves, false).map_err(|e| {
        let option = if e.what == "relation" {
            "--relation"
        } else {
            "--wave"
        };
        anyhow::anyhow!("{option}: {e}")
    })?;
    let set = |names: &[String]| -> Option<std::collections::BTreeSet<String>> {
        (!names.is_empty()).then(|| names.iter().cloned().collect())
    };
    // One wave of a study that says who answered it is that wave's network, and the
    // scene leaves out who took no part in it, as the workbench does.
    let shown = project::study_in_view(&study, set(&relations).as_ref(), set(&waves).as_ref());
    let mut phrase = String::new();
    for (names, one, many) in [
        (&relations, "relation", "relations"),
        (&waves, "wave", "waves"),
    ] {
        if !names.is_empty() {
            let what = if names.len() == 1 { one } else { many };
            phrase.push_str(&format!("; {what} {}", names.join(", ")));
        }
    }
    Ok((shown, phrase))
}

fn write_figure(
    scene: &scene::Scene,
    format: FigureFormat,
    dpi: f32,
    out: &Path,
) -> anyhow::Result<()> {
    if scene.labels_dropped > 0 {
        eprintln!(
            "{} label(s) did not fit without overlapping and were left out",
            scene.labels_dropped
        );
    }
    render::write(scene, format, dpi, out)?;
    Ok(())
}

// --- waves (small multiples) ---

/// Writes the small-multiples figure of `kith render --waves`.
#[allow(clippy::too_many_arguments)]
fn run_waves(
    args: &RenderArgs,
    spec: &str,
    study: &crate::model::Study,
    mut view: View,
    kind: &Kind,
    radii: &[f32],
    format: Option<FigureFormat>,
    seed: u64,
) -> anyhow::Result<()> {
    let waves = scene::waves::parse_waves(study, spec)
        .map_err(|e| anyhow::anyhow!("--waves {spec}: {e}"))?;
    let anchored = match args.wave_layout.trim().to_lowercase().as_str() {
        "shared" => false,
        "anchored" => true,
        other => bail!("--wave-layout {other}: use shared or anchored"),
    };
    if anchored && format.is_none() {
        bail!("--animate keeps everyone in place; use --wave-layout shared");
    }
    let (layouts, placed) = if anchored {
        let Kind::ForceAtlas2 { iterations } = kind else {
            bail!("--wave-layout anchored needs --layout fa2");
        };
        (
            layout::anchored::follow(
                &waves
                    .iter()
                    .map(|w| scene::waves::wave_study(study, w))
                    .collect::<Result<Vec<_>, _>>()?,
                radii,
                seed,
                *iterations,
            ),
            format!(
                "ForceAtlas2, seed {}, each wave starting from the one before",
                seed
            ),
        )
    } else {
        let method = match kind {
            Kind::ForceAtlas2 { .. } => format!("ForceAtlas2, seed {}", seed),
            Kind::Circular => "circular".to_string(),
            Kind::Grouped { attribute, .. } => {
                format!("grouped by {attribute}, seed {}", seed)
            }
        };
        (
            vec![layout::compute(study, kind, radii, seed)],
            format!("{method}, on the ties of all waves"),
        )
    };
    if view.caption.is_none() {
        view.caption = Some(format!(
            "{}. Layout: {placed}.",
            scene::waves::counts_sentence(study, &view, &waves),
        ));
    }
    let Some(format) = format else {
        let (a, b) = animated_pair(&waves, spec)?;
        let layout = layouts.first().cloned().unwrap_or_default();
        let scenes = render::animation_times(render::GIF_FRAMES)
            .into_iter()
            .map(|t| scene::waves::transition_scene(study, &layout, &view, &a, &b, t))
            .collect::<Result<Vec<_>, _>>()?;
        return write_animation(&scenes, &args.output);
    };
    let figure = scene::build_panels(study, &layouts, &view, &waves)?;
    write_figure(
        &figure.scene,
        format,
        args.dpi.unwrap_or(DEFAULT_DPI),
        &args.output,
    )
}

// --- end waves ---

/// `kith render project.kith`: the project's views as saved.
fn run_project(args: &RenderArgs) -> anyhow::Result<()> {
    let given: Vec<&str> = [
        (args.color_by.is_some(), "--color-by"),
        (args.size_by.is_some(), "--size-by"),
        (!args.filter.is_empty(), "--filter"),
        (args.fade, "--fade"),
        (!args.highlight.is_empty(), "--highlight"),
        (args.labels.is_some(), "--labels"),
        (args.label_by.is_some(), "--label-by"),
        (args.title.is_some(), "--title"),
        (args.caption.is_some(), "--caption"),
        (!args.callout.is_empty(), "--callout"),
        (args.anonymise, "--anonymise"),
        (args.layout.is_some(), "--layout"),
        (args.seed.is_some(), "--seed"),
        (args.iterations.is_some(), "--iterations"),
        (args.input.directed, "--directed"),
        (args.input.two_mode, "--two-mode"),
        (args.input.attributes.is_some(), "--attributes"),
        (args.wave_layout != "shared", "--wave-layout"),
        (!args.relation.is_empty(), "--relation"),
        (!args.wave.is_empty(), "--wave"),
    ]
    .into_iter()
    .filter_map(|(on, name)| on.then_some(name))
    .collect();
    if !given.is_empty() {
        bail!(
            "{} cannot be used with a .kith project: a project is drawn as saved (its view, \
             positions and pseudonyms); change the view in the workbench, or choose a saved \
             view with --view. Only --waves, --page, --width/--height and --dpi apply",
            given.join(", ")
        );
    }
    let format = output_format(args)?;
    let project = Project::load(&args.file)?;
    let canvas = canvas_of(args)?;
    let dpi = args.dpi.unwrap_or(project.export.dpi);
    let file = crate::io::display_name(&args.file);
    if let Some(spec) = &args.waves {
        if args.all_views {
            bail!("--waves draws one figure; choose its style with --view NAME");
        }
        let waves = scene::waves::parse_waves(&project.study, spec)
            .map_err(|e| anyhow::anyhow!("--waves {spec}: {e}"))?;
        let Some(format) = format else {
            let (a, b) = animated_pair(&waves, spec)?;
            let times = render::animation_times(render::GIF_FRAMES);
            let scenes = project
                .transition_scenes(args.view.as_deref(), &a, &b, canvas, &times)
                .with_context(|| file.clone())?;
            return write_animation(&scenes, &args.output);
        };
        let scene = project
            .waves_scene(args.view.as_deref(), &waves, canvas)
            .with_context(|| file.clone())?;
        return write_figure(&scene, format, dpi, &args.output);
    }
    let Some(format) = format else {
        bail!("--animate needs --waves A,B");
    };
    if !args.all_views {
        let scene = project
            .scene(args.view.as_deref(), canvas)
            .with_context(|| file.clone())?;
        return write_figure(&scene, format, dpi, &args.output);
    }
    if project.saved_views.is_empty() {
        bail!("{file} has no saved views; without --all-views the current view is drawn");
    }
    let names: Vec<&str> = project
        .saved_views
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    for (name, out) in names.iter().zip(view_files(&args.output, &names)) {
        let scene = project
            .scene(Some(name), canvas)
            .with_context(|| file.clone())?;
        write_figure(&scene, format, dpi, &out)?;
        eprintln!("{name}: {}", crate::io::display_name(&out));
    }
    Ok(())
}
