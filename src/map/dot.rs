//! The map as Graphviz DOT: a column (cluster) per layer, left to right,
//! and a legend of the transfer colours.

use std::fmt::Write;

use super::{
    FLOW_COLOUR, Flow, INVALID_COLOUR, Layer, Map, MechanismClass, transfer_caption,
    transfer_description, wrap,
};

/// Edge labels are wrapped at this many characters, so that a long reason
/// does not stretch the whole map.
const LABEL_WIDTH: usize = 48;
/// Node labels are wrapped at this many characters.
const NODE_WIDTH: usize = 32;

/// The map in the DOT language, for `dot -Tsvg` or any Graphviz viewer.
pub fn dot(map: &Map) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_dot(map, &mut out);
    out
}

fn write_dot(map: &Map, out: &mut String) -> std::fmt::Result {
    writeln!(
        out,
        "digraph {} {{",
        quote(&format!("map:{}", map.organization))
    )?;
    writeln!(
        out,
        "  graph [rankdir=LR, newrank=true, ranksep=1.2, nodesep=0.25, fontname=\"Helvetica\", labelloc=t, label={}];",
        quote(&format!(
            "Data flows of {} as of {}",
            map.subject(),
            map.as_of
        ))
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];"
    )?;
    writeln!(
        out,
        "  edge [color=\"{FLOW_COLOUR}\", fontname=\"Helvetica\", fontsize=9];"
    )?;
    for layer in Layer::ALL {
        let nodes: Vec<_> = map
            .nodes
            .iter()
            .filter(|node| node.layer == layer)
            .collect();
        if nodes.is_empty() {
            continue;
        }
        writeln!(out, "  subgraph cluster_{} {{", layer.word())?;
        writeln!(
            out,
            "    label={}; style=dashed; color=\"#bdbdbd\"; rank=same;",
            quote(layer.title())
        )?;
        for node in nodes {
            let fill = match layer {
                Layer::Source => "#fff8e1",
                Layer::Activity => "#e3f2fd",
                Layer::Recipient => "#f3e5f5",
                Layer::Country => "#e8f5e9",
            };
            writeln!(
                out,
                "    {} [label={}, fillcolor=\"{fill}\"{}];",
                quote(&node.id),
                quote(&wrap(&node.label, NODE_WIDTH)),
                if layer == Layer::Country {
                    ", shape=ellipse"
                } else {
                    ""
                }
            )?;
        }
        writeln!(out, "  }}")?;
    }
    for edge in &map.edges {
        let attributes = match &edge.flow {
            Flow::Supplies | Flow::Discloses => String::new(),
            Flow::LocatedIn => " [style=dotted, arrowhead=none]".to_owned(),
            Flow::Transfer(transfer) => {
                let label = quote(&wrap(&transfer_caption(transfer, map.as_of), LABEL_WIDTH));
                let tooltip = quote(&transfer_description(transfer, map.as_of));
                if transfer.is_valid() {
                    let colour = transfer.class.colour();
                    format!(
                        " [label={label}, tooltip={tooltip}, color=\"{colour}\", fontcolor=\"{colour}\", penwidth=2]"
                    )
                } else {
                    format!(
                        " [label={label}, tooltip={tooltip}, color=\"{INVALID_COLOUR}\", fontcolor=\"{INVALID_COLOUR}\", penwidth=2, style=dashed]"
                    )
                }
            }
        };
        writeln!(
            out,
            "  {} -> {}{attributes};",
            quote(&edge.from),
            quote(&edge.to)
        )?;
    }
    write_legend(map, out)?;
    writeln!(out, "}}")
}

/// A line per mechanism in its colour, and the mark of an invalid transfer.
fn write_legend(map: &Map, out: &mut String) -> std::fmt::Result {
    writeln!(out, "  subgraph cluster_legend {{")?;
    writeln!(
        out,
        "    label=\"Transfer mechanisms\"; style=solid; color=\"#bdbdbd\"; fontsize=10;"
    )?;
    writeln!(
        out,
        "    node [shape=point, width=0.05, style=filled, fillcolor=\"#9e9e9e\", color=\"#9e9e9e\"];"
    )?;
    let mut entries: Vec<(String, String, &str, &str)> = MechanismClass::ALL
        .iter()
        .map(|class| {
            (
                class.key().to_owned(),
                class.legend().to_owned(),
                class.colour(),
                "solid",
            )
        })
        .collect();
    entries.push((
        "invalid".to_owned(),
        format!("not valid on {}", map.as_of),
        INVALID_COLOUR,
        "dashed",
    ));
    for (name, label, colour, style) in entries {
        writeln!(
            out,
            "    {} -> {} [label={}, color=\"{colour}\", fontcolor=\"{colour}\", style={style}, penwidth=2];",
            quote(&format!("legend:{name}:from")),
            quote(&format!("legend:{name}:to")),
            quote(&label)
        )?;
    }
    writeln!(out, "  }}")
}

/// `text` as a DOT double-quoted string: quotes and backslashes escaped
/// (so that `\N` and the like stay literal), line breaks as `\n`.
fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => {}
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::map::{Edge, Node};

    #[test]
    fn quotes_backslashes_and_line_breaks_are_escaped() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("C:\\N"), "\"C:\\\\N\"");
        assert_eq!(quote("one\r\ntwo"), "\"one\\ntwo\"");
        assert_eq!(quote("ends with \\"), "\"ends with \\\\\"");
    }

    #[test]
    fn hostile_names_cannot_break_out_of_their_strings() {
        let map = Map {
            organization: "acme".into(),
            organization_name: "Acme \"Quotes\" \\ Co".into(),
            activity: None,
            as_of: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            nodes: vec![
                Node {
                    id: "activity:a".into(),
                    layer: Layer::Activity,
                    key: "a".into(),
                    label: "x\"]; evil -> node; \"".into(),
                },
                Node {
                    id: "source:s".into(),
                    layer: Layer::Source,
                    key: "s".into(),
                    label: "line\nbreak".into(),
                },
            ],
            edges: vec![Edge {
                from: "source:s".into(),
                to: "activity:a".into(),
                flow: Flow::Supplies,
            }],
        };
        let text = dot(&map);
        assert!(
            text.contains("label=\"x\\\"]; evil -> node; \\\"\""),
            "{text}"
        );
        assert!(text.contains("label=\"line\\nbreak\""), "{text}");
        assert!(text.contains("Acme \\\"Quotes\\\" \\\\ Co"), "{text}");
        // Every line is a statement or a brace: no label ran onto a new line.
        for line in text.lines() {
            let line = line.trim();
            assert!(
                line.ends_with(';') || line.ends_with('{') || line == "}",
                "{line}"
            );
        }
    }
}
