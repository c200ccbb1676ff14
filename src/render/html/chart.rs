//! The per-class bar chart of the overview, as inline SVG.

use super::escape::escape;
use crate::diagnostic::Class;
use std::fmt::Write;

const ROW: usize = 26;
const LABEL: usize = 110;
const BAR: usize = 360;

/// A horizontal bar per class with its count written beside the bar, so the
/// chart reads without colour.
pub fn class_chart(counts: &[(Class, usize)]) -> String {
    let max = counts.iter().map(|c| c.1).max().unwrap_or(0).max(1);
    let height = ROW * counts.len() + 8;
    let width = LABEL + BAR + 60;
    let total: usize = counts.iter().map(|c| c.1).sum();
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title\">\
         <title id=\"chart-title\">Findings per class: {}</title>",
        escape(
            &counts
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    for (row, (class, count)) in counts.iter().enumerate() {
        let y = row * ROW + 4;
        let bar = if *count == 0 {
            0
        } else {
            (count * BAR / max).max(2)
        };
        let _ = write!(
            svg,
            "<g class=\"bar c-{class}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{class}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{bar}\" height=\"{}\" rx=\"2\"/>\
             <text x=\"{}\" y=\"{}\">{count}</text></g>",
            LABEL - 8,
            y + 15,
            ROW - 8,
            LABEL + bar + 6,
            y + 15,
        );
    }
    let _ = write!(svg, "<desc>{total} findings in all</desc></svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_count() {
        let svg = class_chart(&[(Class::Name, 4), (Class::Title, 2), (Class::Style, 0)]);
        assert!(svg.contains("width=\"360\""), "{svg}");
        assert!(svg.contains("width=\"180\""), "{svg}");
        assert!(svg.contains("width=\"0\""), "{svg}");
        assert!(svg.contains("Findings per class: name 4, title 2, style 0"));
        assert_eq!(svg.matches("<g class=\"bar").count(), 3);
    }
}
