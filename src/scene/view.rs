//! A view: what to show and how: canvas, style rules, filters, highlights, labels and
//! annotations. Plain data, so the workbench can store it with the project and the command
//! line can build it from options.

/// The drawing surface.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Canvas {
    /// A printed page, in millimetres; the scene's units are points (1/72 inch), so text
    /// sizes are real point sizes.
    Page {
        /// Page width in mm.
        width_mm: f32,
        /// Page height in mm.
        height_mm: f32,
    },
    /// A screen image, in pixels; text grows with the image so it reads the same.
    Pixels {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

impl Canvas {
    /// A4 landscape, the usual page for a full-page network figure.
    pub const A4: Canvas = Canvas::Page {
        width_mm: 297.0,
        height_mm: 210.0,
    };
    /// A5 landscape.
    pub const A5: Canvas = Canvas::Page {
        width_mm: 210.0,
        height_mm: 148.0,
    };

    /// Width and height in scene units (points for a page, pixels for an image).
    pub fn size(&self) -> (f32, f32) {
        match *self {
            Canvas::Page {
                width_mm,
                height_mm,
            } => (width_mm * 72.0 / 25.4, height_mm * 72.0 / 25.4),
            Canvas::Pixels { width, height } => (width as f32, height as f32),
        }
    }

    /// Scene units per typographic point: 1 on a page; on an image, enough that text keeps
    /// its share of the picture (as on an A4 page) and never drops below screen size.
    pub fn unit(&self) -> f32 {
        match *self {
            Canvas::Page { .. } => 1.0,
            Canvas::Pixels { width, height } => (width.min(height) as f32 / 595.0).max(96.0 / 72.0),
        }
    }
}

/// Whether nodes a filter leaves out disappear or stay as faint context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterMode {
    /// Leave them (and their ties) out.
    #[default]
    Hide,
    /// Draw them faint and grey.
    Fade,
}

/// A condition a node must meet to be shown in full.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// The node attribute's value (as text) is one of these.
    Values {
        /// Attribute name.
        attribute: String,
        /// Accepted values.
        values: Vec<String>,
    },
    /// The metric or numeric attribute lies in `[min, max]` (either bound optional).
    Range {
        /// Metric or attribute name.
        name: String,
        /// Lowest accepted value.
        min: Option<f64>,
        /// Highest accepted value.
        max: Option<f64>,
    },
}

/// A set of nodes or ties to mark.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Highlight {
    /// Nodes without ties: dashed ring.
    Isolates,
    /// Brokers: heavy ring, always labelled.
    Brokers,
    /// Cut points: ring.
    CutPoints,
    /// Bridges: dark, heavy ties.
    Bridges,
    /// One person's ego network (node id): the ego ringed, its ties dark, everything
    /// outside faded.
    Ego(String),
}

/// Which nodes get a name.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Labels {
    /// No names.
    None,
    /// Every node that fits.
    All,
    /// The `k` nodes highest on the label metric.
    Top(usize),
    /// All when there are few nodes (40 or fewer), otherwise the top 15.
    #[default]
    Auto,
}

/// A note pointing at a node.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Callout {
    /// The node's id.
    pub node: String,
    /// The note.
    pub text: String,
}

/// Everything that decides what the figure shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct View {
    /// The drawing surface.
    pub canvas: Canvas,
    /// Categorical or numeric attribute, or metric, that colours nodes.
    pub color_by: Option<String>,
    /// Metric or numeric attribute that sizes nodes.
    pub size_by: Option<String>,
    /// Draw respondents, alters and places/groups with different marks.
    pub shape_by_kind: bool,
    /// Draw heavier ties wider.
    pub width_by_weight: bool,
    /// Conditions a node must meet to be shown in full.
    pub filters: Vec<Filter>,
    /// What happens to nodes the filters leave out.
    pub filter_mode: FilterMode,
    /// Sets to mark.
    pub highlights: Vec<Highlight>,
    /// Which nodes get a name.
    pub labels: Labels,
    /// Metric ranking nodes for [`Labels::Top`]; the size metric, else degree, by default.
    pub label_by: Option<String>,
    /// Title above the figure.
    pub title: Option<String>,
    /// Caption below the figure (data source, n, date); when absent a caption with the
    /// counts is written.
    pub caption: Option<String>,
    /// Notes pointing at nodes.
    pub callouts: Vec<Callout>,
    /// Replace every person's name with a stable pseudonym (P001, ...).
    pub anonymise: bool,
    /// Draw the legend (colours, sizes, marks and highlights explained) beside the network.
    pub legend: bool,
    /// How far the ego network of [`Highlight::Ego`] reaches: 1, the ego's contacts; 2,
    /// their contacts too.
    #[serde(default = "one_step", skip_serializing_if = "is_one_step")]
    pub ego_steps: u8,
}

impl View {
    /// The view as figures draw it: without the ego highlight the selection adds, which is
    /// a screen aid, not part of the document (every exported figure and saved project
    /// starts from this).
    pub fn for_export(&self) -> View {
        let mut v = self.clone();
        v.highlights.retain(|h| !matches!(h, Highlight::Ego(_)));
        v
    }

    /// Whether drawing the view needs the costly metrics (betweenness, brokers, cut points,
    /// bridges) rather than degree alone: a highlight, a style rule or a range filter that
    /// reads them.
    pub fn needs_full_metrics(&self) -> bool {
        let costly = |n: &Option<String>| n.as_deref() == Some("betweenness");
        self.highlights.iter().any(|h| {
            matches!(
                h,
                Highlight::Brokers | Highlight::CutPoints | Highlight::Bridges
            )
        }) || costly(&self.color_by)
            || costly(&self.size_by)
            || costly(&self.label_by)
            || self
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Range { name, .. } if name == "betweenness"))
    }
}

fn one_step() -> u8 {
    1
}

fn is_one_step(steps: &u8) -> bool {
    *steps == 1
}

impl Default for View {
    fn default() -> Self {
        View {
            canvas: Canvas::A4,
            color_by: None,
            size_by: None,
            shape_by_kind: true,
            width_by_weight: true,
            filters: Vec::new(),
            filter_mode: FilterMode::Hide,
            highlights: Vec::new(),
            labels: Labels::Auto,
            label_by: None,
            title: None,
            caption: None,
            callouts: Vec::new(),
            anonymise: false,
            legend: true,
            ego_steps: 1,
        }
    }
}
