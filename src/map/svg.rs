//! The map as SVG, laid out by the `layout-rs` crate and drawn by a canvas
//! of our own: the crate's SVG writer begins with an XML prolog, orders its
//! styles by a hash map and has no place for a title, and the map is
//! embedded in web pages, where it must be a bare, accessible `<svg>`
//! element that is the same, byte for byte, for the same graph.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::{
    FLOW_COLOUR, Flow, INVALID_COLOUR, Layer, Map, MechanismClass, transfer_caption,
    transfer_description, wrap,
};
use crate::error::{Error, Result};

const NODE_FONT: usize = 13;
const EDGE_FONT: usize = 11;
/// Edge labels are wrapped narrower than in DOT: the layout reserves a
/// whole font size of width for each character.
const LABEL_WIDTH: usize = 36;
const NODE_WIDTH: usize = 28;
const TEXT_COLOUR: &str = "#212121";
const BORDER_COLOUR: &str = "#757575";

/// The map as a bare `<svg>` element, fit to be embedded in an HTML page or
/// saved as an `.svg` file: no XML prolog, a `<title>` and `<desc>` it is
/// labelled by (`role="img"`), ids prefixed by the organisation's key, the
/// legend of transfer colours below the flows.
pub fn svg(map: &Map) -> Result<String> {
    let prefix = id_prefix(&map.organization);
    let mut canvas = Canvas::new(&prefix, titles(map), label_colours(map));
    if !map.nodes.is_empty() {
        let mut graph = layout_graph(map);
        // The crate asserts rather than returning errors; a graph it cannot
        // lay out is an internal error, not a crash of the server.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            graph.do_it(false, false, false, &mut canvas);
        }))
        .map_err(|_| {
            Error::Io(std::io::Error::other(format!(
                "the map of `{}` could not be laid out",
                map.organization
            )))
        })?;
    } else {
        canvas.note("No processing activities.");
    }
    Ok(canvas.finish(map))
}

/// The full name of each node and transfer by its id, shown on hover and
/// read by screen readers where the drawn label is wrapped.
fn titles(map: &Map) -> HashMap<String, String> {
    let nodes = map
        .nodes
        .iter()
        .map(|node| (node.id.clone(), node.label.clone()));
    let transfers = map.edges.iter().filter_map(|edge| match &edge.flow {
        Flow::Transfer(transfer) => Some((
            transfer_id(&transfer.key),
            transfer_description(transfer, map.as_of).replace('\n', "; "),
        )),
        _ => None,
    });
    nodes.chain(transfers).collect()
}

fn transfer_id(key: &str) -> String {
    format!("transfer:{key}")
}

/// The colour of each edge label's text. The layout may hand a label to
/// another of the edge's connectors, with another style, on the way to the
/// canvas; the text says which it is.
fn label_colours(map: &Map) -> HashMap<String, &'static str> {
    map.edges
        .iter()
        .filter_map(|edge| match &edge.flow {
            Flow::Transfer(transfer) => Some((
                wrap(&transfer_caption(transfer, map.as_of), LABEL_WIDTH),
                transfer_colour(transfer),
            )),
            _ => None,
        })
        .collect()
}

fn transfer_colour(transfer: &super::TransferFlow) -> &'static str {
    if transfer.is_valid() {
        transfer.class.colour()
    } else {
        INVALID_COLOUR
    }
}

/// Ids are unique in a page that embeds several maps.
fn id_prefix(organization: &str) -> String {
    let key: String = organization
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("ropa-map-{key}")
}

fn layout_graph(map: &Map) -> VisualGraph {
    // Nodes are laid out top to bottom and the whole turned, as the crate's
    // own DOT reader does it for rankdir=LR.
    let turned = Orientation::LeftToRight.flip();
    let mut graph = VisualGraph::new(Orientation::LeftToRight);
    let mut handles = HashMap::new();
    for node in &map.nodes {
        let label = wrap(&node.label, NODE_WIDTH);
        let fill = match node.layer {
            Layer::Source => "#fff8e1",
            Layer::Activity => "#e3f2fd",
            Layer::Recipient => "#f3e5f5",
            Layer::Country => "#e8f5e9",
        };
        let look = StyleAttr::new(colour(BORDER_COLOUR), 1, Some(colour(fill)), 6, NODE_FONT);
        let shape = match node.layer {
            Layer::Country => ShapeKind::new_circle(&label),
            _ => ShapeKind::new_box(&label),
        };
        let size = node_size(&label, node.layer == Layer::Country);
        let element = Element::create_with_properties(shape, look, turned, size, node.id.clone());
        handles.insert(node.id.as_str(), graph.add_node(element));
    }
    // A transfer's label is drawn on its first edge only: one that many
    // activities make would otherwise repeat down the whole map, each copy
    // taking room of its own. Every edge has the full text as its title.
    let mut labelled = BTreeSet::new();
    for edge in &map.edges {
        let (Some(&from), Some(&to)) = (
            handles.get(edge.from.as_str()),
            handles.get(edge.to.as_str()),
        ) else {
            continue;
        };
        let (text, line_colour, width, style, end, id) = match &edge.flow {
            Flow::Supplies | Flow::Discloses => (
                String::new(),
                FLOW_COLOUR,
                1,
                LineStyleKind::Normal,
                LineEndKind::Arrow,
                None,
            ),
            Flow::LocatedIn => (
                String::new(),
                FLOW_COLOUR,
                1,
                LineStyleKind::Normal,
                LineEndKind::None,
                None,
            ),
            Flow::Transfer(transfer) => (
                if labelled.insert(transfer.key.as_str()) {
                    wrap(&transfer_caption(transfer, map.as_of), LABEL_WIDTH)
                } else {
                    String::new()
                },
                transfer_colour(transfer),
                2,
                if transfer.is_valid() {
                    LineStyleKind::Normal
                } else {
                    LineStyleKind::Dashed
                },
                LineEndKind::Arrow,
                Some(transfer_id(&transfer.key)),
            ),
        };
        let look = StyleAttr::new(colour(line_colour), width, None, 0, EDGE_FONT);
        let mut arrow = Arrow::new(LineEndKind::None, end, style, &text, &look, &None, &None);
        arrow.properties = id;
        graph.add_edge(arrow, from, to);
    }
    hold_layers_in_columns(map, &mut graph, &handles);
    graph
}

/// The crate puts each node one column after its furthest predecessor, so
/// an activity with no source would stand among the sources, and a country
/// reached only from a recipient's location one column before the others.
/// Invisible anchors, one per column, each with invisible edges to the
/// nodes that must not come sooner, keep every layer in its own column.
fn hold_layers_in_columns(
    map: &Map,
    graph: &mut VisualGraph,
    handles: &HashMap<&str, layout::adt::dag::NodeHandle>,
) {
    // Labelled edges (transfers) pass through a column of their own.
    let labelled = map
        .edges
        .iter()
        .any(|edge| matches!(edge.flow, Flow::Transfer(_)));
    let country_column: usize = if labelled { 4 } else { 3 };
    let column_of = |layer: Layer| match layer {
        Layer::Source => 0,
        Layer::Activity => 1,
        Layer::Recipient => 2,
        Layer::Country => country_column,
    };
    let anchor = || {
        Element::create(
            ShapeKind::None,
            StyleAttr::simple(),
            Orientation::TopToBottom,
            Point::new(1., 1.),
        )
    };
    let mut anchors = vec![graph.add_node(anchor())];
    for _ in 1..country_column {
        let next = graph.add_node(anchor());
        if let Some(&previous) = anchors.last() {
            graph.add_edge(Arrow::invisible(), previous, next);
        }
        anchors.push(next);
    }
    for node in &map.nodes {
        let column = column_of(node.layer);
        if let (Some(&handle), Some(&before)) = (
            handles.get(node.id.as_str()),
            column.checked_sub(1).and_then(|at| anchors.get(at)),
        ) {
            graph.add_edge(Arrow::invisible(), before, handle);
        }
    }
}

/// The size of a node's shape: the crate would give each character a
/// whole font size of width, twice what it takes.
fn node_size(label: &str, round: bool) -> Point {
    let columns = label
        .lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(1);
    let rows = label.lines().count().max(1);
    let width = columns as f64 * NODE_FONT as f64 * 0.6 + 20.;
    let height = rows as f64 * NODE_FONT as f64 * 1.25 + 14.;
    if round {
        Point::new(width.max(height) + 16., height + 10.)
    } else {
        Point::new(width, height)
    }
}

fn colour(web: &str) -> Color {
    Color::from_name(web).unwrap_or_else(|| Color::fast("black"))
}

/// "#2e7d32" for the crate's "#2e7d32ff": opaque colours without alpha.
fn web(colour: Color) -> String {
    let rgba = colour.to_web_color();
    match rgba.strip_suffix("ff") {
        Some(rgb) if rgba.len() == 9 => rgb.to_owned(),
        _ => rgba,
    }
}

/// Collects what the layout draws, as SVG.
struct Canvas {
    prefix: String,
    titles: HashMap<String, String>,
    label_colours: HashMap<String, &'static str>,
    body: String,
    clips: Vec<String>,
    markers: BTreeSet<String>,
    width: f64,
    height: f64,
}

impl Canvas {
    fn new(
        prefix: &str,
        titles: HashMap<String, String>,
        label_colours: HashMap<String, &'static str>,
    ) -> Self {
        Canvas {
            prefix: prefix.to_owned(),
            titles,
            label_colours,
            body: String::new(),
            clips: Vec::new(),
            markers: BTreeSet::new(),
            width: 0.,
            height: 0.,
        }
    }

    /// Opens a group for a shape drawn for a node or transfer: its id, and
    /// its full name as a title. Returns what closes it.
    fn open(&mut self, properties: Option<String>) -> &'static str {
        let Some(id) = properties else {
            return "";
        };
        let _ = write!(self.body, "<g data-id=\"{}\">", escape(&id));
        if let Some(title) = self.titles.get(&id) {
            let _ = write!(self.body, "<title>{}</title>", escape(title));
        }
        "</g>"
    }

    fn grow(&mut self, point: Point) {
        self.width = self.width.max(point.x);
        self.height = self.height.max(point.y);
    }

    fn note(&mut self, text: &str) {
        let _ = writeln!(
            self.body,
            "<text x=\"10\" y=\"24\" font-size=\"{NODE_FONT}\" fill=\"{TEXT_COLOUR}\">{}</text>",
            escape(text)
        );
        self.grow(Point::new(300., 40.));
    }

    /// Centred lines of text; `halo` outlines them in white, so that an
    /// edge label stays legible where other edges cross it.
    fn lines(&mut self, center: Point, text: &str, font: usize, fill: &str, halo: bool) {
        let lines: Vec<&str> = text.lines().collect();
        let step = font as f64 * 1.2;
        let top = center.y - step * (lines.len().saturating_sub(1)) as f64 / 2.;
        let _ = write!(
            self.body,
            "<text text-anchor=\"middle\" dominant-baseline=\"central\" font-size=\"{font}\" fill=\"{fill}\"{}>",
            if halo {
                " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""
            } else {
                ""
            }
        );
        for (at, line) in lines.iter().enumerate() {
            let _ = write!(
                self.body,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(center.x),
                num(top + step * at as f64),
                escape(line)
            );
        }
        self.body.push_str("</text>\n");
    }

    fn finish(mut self, map: &Map) -> String {
        let legend_top = self.height + 20.;
        let legend = self.legend(map, legend_top);
        let width = self.width.max(360.) + 10.;
        let height = self.height + 10.;
        let prefix = &self.prefix;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{prefix}-title {prefix}-desc\" font-family=\"Helvetica, Arial, sans-serif\">",
            w = num(width),
            h = num(height),
        );
        let _ = writeln!(
            out,
            "<title id=\"{prefix}-title\">{}</title>",
            escape(&format!(
                "Data flows of {} as of {}",
                map.subject(),
                map.as_of
            ))
        );
        let _ = writeln!(
            out,
            "<desc id=\"{prefix}-desc\">{}</desc>",
            escape(&summary(map))
        );
        out.push_str("<defs>\n");
        for marker in &self.markers {
            let _ = writeln!(
                out,
                "<marker id=\"{prefix}-arrow-{}\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"7\" refX=\"10\" refY=\"3.5\" orient=\"auto\"><polygon points=\"0 0, 10 3.5, 0 7\" fill=\"#{marker}\"/></marker>",
                marker
            );
        }
        for clip in &self.clips {
            out.push_str(clip);
        }
        out.push_str("</defs>\n");
        out.push_str(&self.body);
        out.push_str(&legend);
        out.push_str("</svg>\n");
        out
    }

    /// A sample line per mechanism in its colour, and the mark of a
    /// transfer not valid on the map's date.
    fn legend(&mut self, map: &Map, top: f64) -> String {
        let mut entries: Vec<(String, &str, bool)> = MechanismClass::ALL
            .iter()
            .map(|class| (class.legend().to_owned(), class.colour(), false))
            .collect();
        entries.push((format!("not valid on {}", map.as_of), INVALID_COLOUR, true));
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<g class=\"legend\"><text x=\"10\" y=\"{}\" font-size=\"{EDGE_FONT}\" font-weight=\"bold\" fill=\"{TEXT_COLOUR}\">Transfer mechanisms</text>",
            num(top)
        );
        let mut y = top;
        for (label, line_colour, dashed) in entries {
            y += 18.;
            let _ = writeln!(
                out,
                "<line x1=\"10\" y1=\"{y}\" x2=\"50\" y2=\"{y}\" stroke=\"{line_colour}\" stroke-width=\"2\"{}/><text x=\"58\" y=\"{y}\" dominant-baseline=\"central\" font-size=\"{EDGE_FONT}\" fill=\"{line_colour}\">{}</text>",
                if dashed {
                    " stroke-dasharray=\"6,4\""
                } else {
                    ""
                },
                escape(&label),
                y = num(y),
            );
        }
        out.push_str("</g>\n");
        self.grow(Point::new(360., y + 10.));
        out
    }
}

/// What a screen reader says of the map.
fn summary(map: &Map) -> String {
    let count = |layer: Layer| map.nodes.iter().filter(|node| node.layer == layer).count();
    let transfers: Vec<_> = map
        .edges
        .iter()
        .filter_map(|edge| match &edge.flow {
            Flow::Transfer(transfer) => Some(transfer),
            _ => None,
        })
        .collect();
    let invalid = transfers
        .iter()
        .filter(|transfer| !transfer.is_valid())
        .count();
    format!(
        "{} sources, {} processing activities, {} recipients and {} countries; {} transfer flows, {} of them not valid on {}.",
        count(Layer::Source),
        count(Layer::Activity),
        count(Layer::Recipient),
        count(Layer::Country),
        transfers.len(),
        invalid,
        map.as_of
    )
}

/// A coordinate, to a tenth of a pixel.
fn num(value: f64) -> String {
    format!("{value:.1}")
}

/// Text as XML character data or a double-quoted attribute value.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            // Not allowed in XML 1.0 at all.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => escaped.push(c),
        }
    }
    escaped
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
        clip: Option<ClipHandle>,
    ) {
        self.grow(xy.add(size));
        let fill = look.fill_color.map_or_else(|| "none".to_owned(), web);
        let clip = clip
            .map(|handle| format!(" clip-path=\"url(#{}-clip-{handle})\"", self.prefix))
            .unwrap_or_default();
        let close = self.open(properties);
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"{clip}/>{close}",
            num(xy.x),
            num(xy.y),
            num(size.x),
            num(size.y),
            look.rounded,
            web(look.line_color),
            look.line_width
        );
    }

    fn draw_line(
        &mut self,
        start: Point,
        stop: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.grow(start);
        self.grow(stop);
        let close = self.open(properties);
        let _ = writeln!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>{close}",
            num(start.x),
            num(start.y),
            num(stop.x),
            num(stop.y),
            web(look.line_color),
            look.line_width
        );
    }

    fn draw_circle(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.grow(xy.add(size.scale(0.5)));
        let fill = look.fill_color.map_or_else(|| "none".to_owned(), web);
        let close = self.open(properties);
        let _ = writeln!(
            self.body,
            "<ellipse cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"{}\"/>{close}",
            num(xy.x),
            num(xy.y),
            num(size.x / 2.),
            num(size.y / 2.),
            web(look.line_color),
            look.line_width
        );
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        // Node labels are dark; an edge's label takes the edge's colour.
        match self.label_colours.get(text).copied() {
            Some(colour) => self.lines(xy, text, EDGE_FONT, colour, true),
            None => self.lines(xy, text, look.font_size, TEXT_COLOUR, false),
        }
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        look: &StyleAttr,
        properties: Option<String>,
        text: &str,
    ) {
        // The path is the first point with its exit control point, then
        // each later point with its entry control point: a cubic Bézier
        // and smooth continuations.
        let [(start, exit), (second_control, second), rest @ ..] = path else {
            return;
        };
        for (point, control) in path {
            self.grow(*point);
            self.grow(*control);
        }
        let mut d = format!(
            "M {} {} C {} {}, {} {}, {} {}",
            num(start.x),
            num(start.y),
            num(exit.x),
            num(exit.y),
            num(second_control.x),
            num(second_control.y),
            num(second.x),
            num(second.y)
        );
        for (control, point) in rest {
            let _ = write!(
                d,
                " S {} {}, {} {}",
                num(control.x),
                num(control.y),
                num(point.x),
                num(point.y)
            );
        }
        let stroke = web(look.line_color);
        let marker_colour = stroke.trim_start_matches('#').to_owned();
        let end = if head.1 {
            let end = format!(
                " marker-end=\"url(#{}-arrow-{marker_colour})\"",
                self.prefix
            );
            self.markers.insert(marker_colour);
            end
        } else {
            String::new()
        };
        let close = self.open(properties);
        let _ = writeln!(
            self.body,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\"{}{end}/>{close}",
            look.line_width,
            if dashed {
                " stroke-dasharray=\"6,4\""
            } else {
                ""
            }
        );
        // Labelled edges are drawn through a connector that carries their
        // text, so this is empty but for edges the layout kept whole.
        if !text.is_empty()
            && let Some((middle, _)) = path.get(path.len() / 2)
        {
            self.lines(*middle, text, look.font_size, &stroke, true);
        }
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        let handle = self.clips.len();
        self.clips.push(format!(
            "<clipPath id=\"{}-clip-{handle}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{rounded_px}\"/></clipPath>\n",
            self.prefix,
            num(xy.x),
            num(xy.y),
            num(size.x),
            num(size.y)
        ));
        handle
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::map::{Edge, Node, TransferFlow};

    fn map() -> Map {
        let node = |layer: Layer, key: &str, label: &str| Node {
            id: format!("{}:{key}", layer.word()),
            layer,
            key: key.into(),
            label: label.into(),
        };
        Map {
            organization: "acme".into(),
            organization_name: "Acme & <Sons>".into(),
            activity: None,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            nodes: vec![
                node(Layer::Source, "form", "Sign-up form"),
                node(Layer::Activity, "crm", "Customer \"relations\""),
                node(Layer::Recipient, "cloud", "Cloud Inc."),
                node(Layer::Country, "US", "United States (US)"),
            ],
            edges: vec![
                Edge {
                    from: "source:form".into(),
                    to: "activity:crm".into(),
                    flow: Flow::Supplies,
                },
                Edge {
                    from: "activity:crm".into(),
                    to: "recipient:cloud".into(),
                    flow: Flow::Discloses,
                },
                Edge {
                    from: "recipient:cloud".into(),
                    to: "country:US".into(),
                    flow: Flow::Transfer(TransferFlow {
                        key: "shield".into(),
                        name: "Shield".into(),
                        mechanism: Some(entity::enums::TransferMechanism::PrivacyShield),
                        class: MechanismClass::Historical,
                        invalid_because: vec!["relies on the EU-US Privacy Shield".into()],
                        notes: Vec::new(),
                    }),
                },
            ],
        }
    }

    #[test]
    fn the_svg_is_a_bare_labelled_element_with_escaped_text() {
        let svg = svg(&map()).unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(
            svg.contains("role=\"img\" aria-labelledby=\"ropa-map-acme-title ropa-map-acme-desc\"")
        );
        assert!(svg.contains("<title id=\"ropa-map-acme-title\">Data flows of Acme &amp; &lt;Sons&gt; as of 2026-12-01</title>"));
        assert!(svg.contains("Customer &quot;relations&quot;"));
        assert!(svg.contains("not valid on 2026-12-01"));
        assert!(svg.contains(&format!("stroke=\"{INVALID_COLOUR}\"")));
        assert!(svg.contains("stroke-dasharray"));
        assert!(svg.contains("data-id=\"transfer:shield\""));
        assert_eq!(
            svg,
            super::svg(&map()).unwrap(),
            "the same map, the same bytes"
        );
    }

    #[test]
    fn an_empty_map_still_draws_its_legend() {
        let mut empty = map();
        empty.nodes.clear();
        empty.edges.clear();
        let svg = svg(&empty).unwrap();
        assert!(svg.contains("No processing activities."));
        assert!(svg.contains("Transfer mechanisms"));
    }

    #[test]
    fn escaping_covers_markup_and_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c'\u{7}"), "a&lt;b&gt;&amp;&quot;c&#39;");
    }
}
