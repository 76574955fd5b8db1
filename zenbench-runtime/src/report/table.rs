//! Aligned text columns with optional ANSI colour, for the pretty report.
//!
//! Widths are counted in `char`s of the visible text, before any escape code
//! is added, so colour never disturbs alignment. Columns whose data cells are
//! all empty are left out; when a width limit is given, droppable columns go
//! (lowest rank first) until the table fits.

/// How a piece of text is coloured when colour is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paint {
    Plain,
    Bold,
    Dim,
    Green,
    Red,
    RedBold,
}

impl Paint {
    fn code(self) -> Option<&'static str> {
        match self {
            Paint::Plain => None,
            Paint::Bold => Some("\x1b[1m"),
            Paint::Dim => Some("\x1b[2m"),
            Paint::Green => Some("\x1b[32m"),
            Paint::Red => Some("\x1b[31m"),
            Paint::RedBold => Some("\x1b[1;31m"),
        }
    }

    /// `text` wrapped in this paint's escape codes when `color`, else as is.
    pub(crate) fn apply(self, text: &str, color: bool) -> String {
        match self.code() {
            Some(code) if color && !text.is_empty() => format!("{code}{text}\x1b[0m"),
            _ => text.to_string(),
        }
    }
}

/// Visible width of plain text.
pub(crate) fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to at most `max` visible characters, ending in `…` when cut.
pub(crate) fn fit(s: &str, max: Option<usize>) -> String {
    match max {
        Some(max) if width(s) > max => {
            let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
            out.push('…');
            out
        }
        _ => s.to_string(),
    }
}

/// Greedy word wrap to `max` columns; continuation lines start with `indent`.
pub(crate) fn wrap(text: &str, max: Option<usize>, indent: &str) -> Vec<String> {
    let Some(max) = max else {
        return vec![text.to_string()];
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let prefix_only = line.is_empty() || line == indent;
        if !prefix_only && width(&line) + 1 + width(word) > max {
            lines.push(std::mem::replace(&mut line, indent.to_string()));
        }
        if !(line.is_empty() || line == indent) {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Horizontal alignment of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A column: alignment, spaces before it, and when it may be dropped to fit
/// a width (lower ranks go first; `None` never goes).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    pub align: Align,
    pub gap: usize,
    pub drop_rank: Option<u8>,
}

impl Column {
    /// A column three spaces after the previous one.
    pub(crate) const fn spaced(align: Align, drop_rank: Option<u8>) -> Column {
        Column {
            align,
            gap: 3,
            drop_rank,
        }
    }
}

/// One cell of text and its paint.
#[derive(Clone, Debug, Default)]
pub(crate) struct Cell {
    pub text: String,
    pub paint: Option<Paint>,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>, paint: Paint) -> Cell {
        Cell {
            text: text.into(),
            paint: Some(paint),
        }
    }
    pub(crate) fn plain(text: impl Into<String>) -> Cell {
        Cell::new(text, Paint::Plain)
    }
    pub(crate) fn empty() -> Cell {
        Cell::default()
    }
    /// A table's label row: each text dim.
    pub(crate) fn labels(texts: &[&str]) -> Vec<Cell> {
        let mut cells = Vec::with_capacity(texts.len());
        for t in texts {
            cells.push(Cell::new(*t, Paint::Dim));
        }
        cells
    }
}

/// A table row.
#[derive(Clone, Debug)]
pub(crate) enum Row {
    /// One cell per column.
    Cells(Vec<Cell>),
    /// `lead` cells in the first columns, then free text starting where the
    /// next shown column starts (a failure message under the numbers).
    Spanning { lead: Vec<Cell>, rest: Cell },
}

/// Columns, an optional label row, and data rows.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub label: Option<Vec<Cell>>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Which columns are shown, and their widths.
    fn layout(&self, max_width: Option<usize>) -> (Vec<bool>, Vec<usize>) {
        let n = self.columns.len();
        let mut shown = vec![false; n];
        let mut widths = vec![0; n];
        let mut measure = |cells: &[Cell], data: bool| {
            for (i, c) in cells.iter().enumerate() {
                if i == n {
                    break;
                }
                widths[i] = widths[i].max(width(&c.text));
                shown[i] |= data && !c.text.is_empty();
            }
        };
        for r in &self.rows {
            match r {
                Row::Cells(cells) | Row::Spanning { lead: cells, .. } => measure(cells, true),
            }
        }
        if let Some(label) = &self.label {
            measure(label, false);
        }
        if let Some(max) = max_width {
            while self.total_width(&shown, &widths) > max {
                // The shown droppable column of the lowest rank (the first
                // of equals) goes.
                let mut victim: Option<(u8, usize)> = None;
                for (i, col) in self.columns.iter().enumerate() {
                    if let (true, Some(r)) = (shown[i], col.drop_rank) {
                        match victim {
                            Some((best, _)) if best <= r => {}
                            _ => victim = Some((r, i)),
                        }
                    }
                }
                match victim {
                    Some((_, i)) => shown[i] = false,
                    None => break,
                }
            }
        }
        (shown, widths)
    }

    fn total_width(&self, shown: &[bool], widths: &[usize]) -> usize {
        let mut total = 0;
        let mut first = true;
        for i in 0..self.columns.len() {
            if shown[i] {
                total += widths[i] + if first { 0 } else { self.columns[i].gap };
                first = false;
            }
        }
        total
    }

    /// Renders every row (label first) as one line each, without trailing
    /// spaces.
    pub(crate) fn render(&self, color: bool, max_width: Option<usize>) -> Vec<String> {
        let (shown, widths) = self.layout(max_width);
        let mut out = Vec::new();
        if let Some(label) = &self.label {
            out.push(self.render_cells(label, &shown, &widths, color, false));
        }
        for row in &self.rows {
            out.push(match row {
                Row::Cells(cells) => self.render_cells(cells, &shown, &widths, color, false),
                Row::Spanning { lead, rest } => {
                    let mut line = self.render_cells(lead, &shown, &widths, color, true);
                    let start = self.span_start(lead.len(), &shown, &widths);
                    let used = self.total_width(&shown_prefix(&shown, lead.len()), &widths);
                    line.push_str(&" ".repeat(start.saturating_sub(used)));
                    let avail = max_width.map(|m| m.saturating_sub(start).max(8));
                    let text = fit(&rest.text, avail);
                    line.push_str(&rest.paint.unwrap_or(Paint::Plain).apply(&text, color));
                    line
                }
            });
        }
        out
    }

    /// Where the first shown column at or after `from` starts.
    fn span_start(&self, from: usize, shown: &[bool], widths: &[usize]) -> usize {
        let before = self.total_width(&shown_prefix(shown, from), widths);
        let mut gap = 2;
        let mut i = from;
        while i < self.columns.len() {
            if shown[i] {
                gap = self.columns[i].gap;
                break;
            }
            i += 1;
        }
        if before == 0 {
            0
        } else {
            before + gap
        }
    }

    /// Renders cells; `pad_all` pads the last cell too (a spanning row's
    /// text follows it).
    fn render_cells(
        &self,
        cells: &[Cell],
        shown: &[bool],
        widths: &[usize],
        color: bool,
        pad_all: bool,
    ) -> String {
        let n = self.columns.len().min(cells.len());
        let mut last = n;
        if !pad_all {
            while last > 0 && (!shown[last - 1] || cells[last - 1].text.is_empty()) {
                last -= 1;
            }
            if last == 0 {
                return String::new();
            }
        }
        let mut line = String::new();
        let mut first = true;
        for i in 0..last {
            if !shown[i] {
                continue;
            }
            let col = self.columns[i];
            if !first {
                line.push_str(&" ".repeat(col.gap));
            }
            first = false;
            let cell = &cells[i];
            let pad = " ".repeat(widths[i] - width(&cell.text));
            let text = cell.paint.unwrap_or(Paint::Plain).apply(&cell.text, color);
            let is_last = i + 1 == last && !pad_all;
            match col.align {
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(&text);
                }
                Align::Left => {
                    line.push_str(&text);
                    if !is_last {
                        line.push_str(&pad);
                    }
                }
            }
        }
        line
    }
}

fn shown_prefix(shown: &[bool], len: usize) -> Vec<bool> {
    let mut prefix = shown.to_vec();
    if let Some(rest) = prefix.get_mut(len..) {
        rest.fill(false);
    }
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        vec![
            Column {
                align: Align::Left,
                gap: 0,
                drop_rank: None,
            },
            Column {
                align: Align::Right,
                gap: 2,
                drop_rank: None,
            },
            Column {
                align: Align::Right,
                gap: 2,
                drop_rank: Some(1),
            },
            Column {
                align: Align::Left,
                gap: 1,
                drop_rank: None,
            },
        ]
    }

    fn table() -> Table {
        Table {
            columns: cols(),
            label: Some(vec![
                Cell::plain(""),
                Cell::plain("mean"),
                Cell::plain("min"),
            ]),
            rows: vec![
                Row::Cells(vec![
                    Cell::plain("a"),
                    Cell::plain("1.000 ns"),
                    Cell::plain("0.9 ns"),
                    Cell::new("fast", Paint::Green),
                ]),
                Row::Cells(vec![
                    Cell::plain("longer"),
                    Cell::plain("12 µs"),
                    Cell::plain("11 µs"),
                    Cell::empty(),
                ]),
                Row::Spanning {
                    lead: vec![Cell::plain("bad")],
                    rest: Cell::new("FAILED: boom", Paint::RedBold),
                },
            ],
        }
    }

    #[test]
    fn aligns_and_trims() {
        let lines = table().render(false, None);
        assert_eq!(
            lines,
            vec![
                "            mean     min",
                "a       1.000 ns  0.9 ns fast",
                "longer     12 µs   11 µs",
                "bad     FAILED: boom",
            ]
        );
    }

    #[test]
    fn colour_does_not_move_columns() {
        let lines = table().render(true, None);
        assert_eq!(lines[1], "a       1.000 ns  0.9 ns \x1b[32mfast\x1b[0m");
        assert_eq!(lines[3], "bad     \x1b[1;31mFAILED: boom\x1b[0m");
    }

    #[test]
    fn drops_columns_to_fit() {
        let lines = table().render(false, Some(22));
        assert_eq!(lines[1], "a       1.000 ns fast");
    }

    #[test]
    fn empty_columns_are_hidden() {
        let mut t = table();
        for row in &mut t.rows {
            if let Row::Cells(c) = row {
                c[3] = Cell::empty();
            }
        }
        assert!(t.render(false, None).iter().all(|l| !l.ends_with(' ')));
    }

    #[test]
    fn fit_and_wrap() {
        assert_eq!(fit("abcdef", Some(4)), "abc…");
        assert_eq!(fit("abc", Some(4)), "abc");
        assert_eq!(
            wrap("one two three four", Some(9), "  "),
            vec!["one two", "  three", "  four"]
        );
        assert_eq!(wrap("x y", None, "  "), vec!["x y"]);
    }
}
