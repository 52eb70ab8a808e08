//! Knuth–Plass total-fit line breaking (D. E. Knuth and M. F. Plass, "Breaking
//! Paragraphs into Lines", Software—Practice and Experience 11, 1981).
//!
//! This module owns one decision: where the lines of a paragraph end. It sees
//! the paragraph as the paper's abstract list of [`Item`]s — boxes of fixed
//! width, stretchable and shrinkable glue, and penalties — and knows nothing of
//! fonts, shaping, hyphenation dictionaries or PDF. Widths are plain numbers in
//! any unit, as long as the items and the line measures agree. Building the
//! items (measuring words, placing hyphenation points, splitting boxes wider
//! than the measure) and setting the resulting [`Line`]s belong to the caller.
//!
//! # Items and breaks
//!
//! - A line may end at a [`Item::Penalty`] whose cost is below +∞, or at an
//!   [`Item::Glue`] that immediately follows an [`Item::Box`] (so an infinite
//!   penalty before a glue makes an unbreakable space). The glue just before
//!   the paragraph's final break is never a break: breaking there would only
//!   leave an empty last line.
//! - The break item itself is not on either line, except that a penalty's
//!   `width` (a hyphen) is added to the line that ends there.
//! - After a break, glue and non-forced penalties are discarded up to the next
//!   box or forced penalty, which starts the next line. Nothing is discarded at
//!   the start of the paragraph: the first line starts at item 0.
//! - Glue whose stretch is `f32::INFINITY` is *fill*: a line that contains fill
//!   and is not too long gets ratio 0, the fill taking all the slack (TeX's
//!   `fil`). A large finite stretch (say 10⁶) works too and gives a tiny ratio.
//!
//! # The search
//!
//! Breaks are chosen to minimise the paragraph's total demerits. A line's
//! adjustment ratio `r` is its shortfall over its stretch (or its excess over
//! its shrink, negated); its badness is `100 |r|³`; its demerits are
//! `(line_penalty + badness)²`, plus the square of a positive penalty cost or
//! minus the square of a negative one (nothing for a forced break), plus
//! `flagged_demerits` when it and the previous line both end at flagged
//! penalties, plus `fitness_demerits` when its fitness class (tight, decent,
//! loose, very loose) is more than one class away from the previous line's.
//!
//! The search keeps the paper's list of *active* breakpoints: for every place a
//! line may still start from, the best way of reaching it. Cumulative sums of
//! width, stretch and shrink make each line's measurement O(1), so a pass costs
//! O(items × active breakpoints), and the active list stays small because a
//! breakpoint drops out as soon as the line from it becomes too long. Two
//! breakpoints at the same place stay distinct when what may follow differs:
//! their fitness class, their run of consecutive hyphenated lines (so that
//! [`Params::max_consecutive_hyphens`] is a hard rule of the search, not a
//! cost), or, while the line measure still varies, their line number.
//!
//! Each tolerance of [`Params::tolerances`] is tried in turn; a line is
//! feasible when `-1 ≤ r ≤ tolerance`, and the first pass that finds a
//! feasible paragraph wins. If none does, an emergency pass admits any line
//! that is not too long and, when every remaining path would need a line that
//! is too long (a box wider than the measure), breaks anyway where the line
//! overflows least. That pass always succeeds, so [`break_lines`] always
//! returns lines covering every item; but an over-full line is then
//! unavoidable, so callers should split over-wide boxes into breakable pieces
//! beforehand.

/// One element of a paragraph, in the Knuth–Plass model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item {
    /// Unbreakable material of a fixed width (a word or word fragment).
    Box { width: f32 },
    /// A space: natural width, how much it may stretch and shrink. A break may
    /// fall on a glue that follows a box. A stretch of `f32::INFINITY` is fill
    /// (see the module docs).
    Glue { width: f32, stretch: f32, shrink: f32 },
    /// A possible break. `cost` `f32::INFINITY` forbids a break here,
    /// `f32::NEG_INFINITY` forces one; `width` is added to the line only when
    /// it breaks here (a hyphen), `after` to the start of the next line (a
    /// hyphen repeated there, as Polish does at a compound's hyphen);
    /// `flagged` marks hyphen breaks.
    Penalty { width: f32, after: f32, cost: f32, flagged: bool },
}

/// One line of the broken paragraph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    /// Items `start..end` are on the line (`end` is the break item, excluded;
    /// leading glue and non-forced penalties after a break are discarded per
    /// Knuth–Plass, so `start` is the first box or forced item after the
    /// previous break; the first line starts at 0).
    pub start: usize,
    /// The index of the break item; for the last line, the paragraph's final
    /// forced penalty.
    pub end: usize,
    /// The adjustment ratio: glue grows by ratio × stretch (ratio > 0) or by
    /// ratio × shrink (ratio < 0). Within `-1..=tolerance` whenever a feasible
    /// paragraph exists. Otherwise (emergency pass) a line may be under-full
    /// (above every tolerance, `+∞` if it has no stretch at all) or over-full
    /// (below −1, `-∞` if it has no shrink at all): set such a line's glue at
    /// ratio −1 and let it stick out, as TeX does.
    pub ratio: f32,
    /// The line ends at a flagged penalty (a hyphen is to be drawn).
    pub hyphenated: bool,
}

/// What the breaker optimises, with the paper's (and TeX's) usual values as
/// [`Default`].
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Added to every line's badness before squaring: favours fewer lines. 10.
    pub line_penalty: f32,
    /// Charged when two lines in a row end at flagged penalties. 3000.
    pub flagged_demerits: f32,
    /// Charged when adjacent lines' fitness classes differ by more than one. 100.
    pub fitness_demerits: f32,
    /// At most this many consecutive lines may end hyphenated (hard limit,
    /// enforced in the search state, not just as demerits). 2.
    pub max_consecutive_hyphens: usize,
    /// Tolerances (maximum adjustment ratio) tried in turn; the first that
    /// admits a paragraph of feasible lines wins, and if none does an emergency
    /// pass runs (see the module docs). `[1.0, 2.0, 10.0]`.
    pub tolerances: &'static [f32],
}

impl Default for Params {
    fn default() -> Self {
        Self {
            line_penalty: 10.0,
            flagged_demerits: 3000.0,
            fitness_demerits: 100.0,
            max_consecutive_hyphens: 2,
            tolerances: &[1.0, 2.0, 10.0],
        }
    }
}

/// Breaks the paragraph; `width(line_number)` gives the measure of each line
/// (0-based; e.g. a first line indented).
///
/// The paragraph must end with the usual terminator, which the caller adds:
/// `Glue { width: 0.0, stretch: <fill>, shrink: 0.0 }` (fill being
/// `f32::INFINITY` or a large number) followed by
/// `Penalty { cost: f32::NEG_INFINITY, .. }`; a `Penalty { cost: f32::INFINITY }`
/// before the glue is customary and harmless. This is checked by a debug
/// assertion; in release builds a missing terminator makes the end of `items`
/// act as a forced break (the last line's `end` is then `items.len()`).
///
/// Every item is accounted for exactly once: on a line, as a line's break
/// item, or discarded after a break. A paragraph holding only the terminator
/// gives one empty line (`start` 0, `end` 1, ratio 0); an empty slice gives no
/// lines. `width` is called once per possible line number, up front.
pub fn break_lines(items: &[Item], width: impl Fn(usize) -> f32, params: &Params) -> Vec<Line> {
    debug_assert!(
        items.is_empty() || is_terminated(items),
        "a paragraph must end with fill glue and a forced penalty"
    );
    if items.is_empty() {
        return Vec::new();
    }
    let paragraph = Paragraph::new(items, width);
    params
        .tolerances
        .iter()
        .find_map(|&tolerance| paragraph.search(params, Some(tolerance)))
        .or_else(|| paragraph.search(params, None))
        // The emergency pass never fails (see `Paragraph::search`).
        .unwrap_or_default()
}

/// Whether `items` ends with glue that can stretch, then a forced penalty.
fn is_terminated(items: &[Item]) -> bool {
    matches!(
        items,
        [.., Item::Glue { stretch, .. }, Item::Penalty { cost, .. }]
            if *stretch > 0.0 && *cost == f32::NEG_INFINITY
    )
}

/// The most badness a line is charged, reached near ratio 46 and by lines with
/// no stretch at all (ratio +∞). Capping keeps demerits finite so that the
/// emergency pass can still compare such lines; it is far above what any
/// sensible tolerance admits (ratio 10 is badness 10⁵).
const MAX_BADNESS: f64 = 1e10;

/// Running totals of items `0..i`; a line's totals are a difference of two.
/// Sums are kept in f64 so that a large finite fill does not swamp the rest.
#[derive(Clone, Copy, Default)]
struct Totals {
    width: f64,
    stretch: f64,
    /// Glues with infinite stretch, counted apart since ∞ − ∞ has no value.
    fill: usize,
    shrink: f64,
}

/// A legal breakpoint.
#[derive(Clone, Copy)]
struct Break {
    /// The break item's index (`items.len()` for a missing terminator).
    at: usize,
    /// Added to the line ending here (a hyphen).
    width: f64,
    /// Added to the start of the line after it (a repeated hyphen).
    after: f64,
    cost: f64,
    flagged: bool,
}

impl Break {
    fn is_forced(&self) -> bool {
        self.cost == f64::NEG_INFINITY
    }
}

/// How a line fits its measure.
#[derive(Clone, Copy)]
struct Fit {
    ratio: f64,
    /// How far the line sticks out with all its glue fully shrunk (positive
    /// only when over-full).
    overflow: f64,
}

/// The paper's fitness classes. Adjacent lines whose classes are more than one
/// apart look uneven, which `fitness_demerits` discourages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fitness {
    Tight,
    Decent,
    Loose,
    VeryLoose,
}

impl Fitness {
    fn of(ratio: f64) -> Self {
        if ratio < -0.5 {
            Self::Tight
        } else if ratio <= 0.5 {
            Self::Decent
        } else if ratio <= 1.0 {
            Self::Loose
        } else {
            Self::VeryLoose
        }
    }

    fn is_far_from(self, other: Self) -> bool {
        (self as i8 - other as i8).abs() > 1
    }
}

/// A breakpoint reached by a best path; nodes live in an arena and point back
/// to their predecessor so the winning path can be read off at the end.
#[derive(Clone, Copy)]
struct Node {
    /// The break item (unused for the paragraph start).
    end: usize,
    /// The first item of the line after this break.
    start: usize,
    /// The number of the line after this break.
    line: usize,
    /// What the break adds at the start of the line after it.
    lead: f64,
    /// The class of the line ending here.
    fitness: Fitness,
    /// How many lines in a row, up to and including the one ending here, end
    /// hyphenated (0 if this one does not).
    streak: usize,
    ratio: f64,
    /// Total demerits of the path up to here.
    demerits: f64,
    prev: Option<usize>,
}

impl Node {
    /// The start of the paragraph, as if after a break: a decent line "ended"
    /// here, unhyphenated.
    const START: Node = Node {
        end: 0,
        start: 0,
        line: 0,
        lead: 0.0,
        fitness: Fitness::Decent,
        streak: 0,
        ratio: 0.0,
        demerits: 0.0,
        prev: None,
    };
}

/// Everything about the paragraph that the passes share.
struct Paragraph {
    /// `totals[i]` sums items `0..i`.
    totals: Vec<Totals>,
    /// `starts[i]`: the first item at or after `i` that is not discarded after
    /// a break (a box or a forced penalty), or `items.len()`.
    starts: Vec<usize>,
    /// Legal breakpoints in order; the last is the paragraph's final break.
    breaks: Vec<Break>,
    /// Line measures by line number; the last one holds for all later lines.
    measures: Vec<f64>,
}

impl Paragraph {
    /// Precomputes sums, breakpoints and measures for non-empty `items`.
    fn new(items: &[Item], width: impl Fn(usize) -> f32) -> Self {
        let n = items.len();
        let terminated =
            matches!(items.last(), Some(Item::Penalty { cost, .. }) if *cost == f32::NEG_INFINITY);
        let last = if terminated { n - 1 } else { n };

        let mut totals = Vec::with_capacity(n + 1);
        let mut breaks = Vec::new();
        let mut sum = Totals::default();
        for (i, item) in items.iter().enumerate() {
            totals.push(sum);
            match *item {
                Item::Box { width } => sum.width += f64::from(width),
                Item::Glue { width, stretch, shrink } => {
                    let after_box = i > 0 && matches!(items[i - 1], Item::Box { .. });
                    if after_box && i + 1 < last {
                        breaks.push(Break { at: i, width: 0.0, after: 0.0, cost: 0.0, flagged: false });
                    }
                    sum.width += f64::from(width);
                    if stretch == f32::INFINITY {
                        sum.fill += 1;
                    } else {
                        sum.stretch += f64::from(stretch);
                    }
                    sum.shrink += f64::from(shrink);
                }
                Item::Penalty { width, after, cost, flagged } => {
                    if cost < f32::INFINITY {
                        let (width, after, cost) = (f64::from(width), f64::from(after), f64::from(cost));
                        breaks.push(Break { at: i, width, after, cost, flagged });
                    }
                }
            }
        }
        totals.push(sum);
        if !terminated {
            breaks.push(Break { at: n, width: 0.0, after: 0.0, cost: f64::NEG_INFINITY, flagged: false });
        }

        // One past the end twice over, so that the item after any break
        // (even a virtual one at `n`) has an entry.
        let mut starts = vec![n; n + 2];
        for i in (0..n).rev() {
            starts[i] = match items[i] {
                Item::Box { .. } => i,
                Item::Penalty { cost, .. } if cost == f32::NEG_INFINITY => i,
                _ => starts[i + 1],
            };
        }

        // Lines end at distinct breaks, so there are at most `breaks.len()`.
        // Past the point where the measure stops changing, a breakpoint's line
        // number no longer matters to what follows; dropping the repeated tail
        // lets breakpoints there merge whatever their line (TeX's "easy line").
        let mut measures: Vec<f64> = (0..breaks.len()).map(|line| f64::from(width(line))).collect();
        while measures.len() > 1 && measures[measures.len() - 2] == measures[measures.len() - 1] {
            measures.pop();
        }

        Self { totals, starts, breaks, measures }
    }

    /// The line numbers that must be told apart; later ones share a measure.
    fn line_class(&self, line: usize) -> usize {
        line.min(self.measures.len() - 1)
    }

    fn measure(&self, line: usize) -> f64 {
        self.measures[self.line_class(line)]
    }

    /// How the line of items `start..brk.at`, plus the break's own width and
    /// `lead` (what the break before it adds at its start), fits `measure`.
    fn fit(&self, start: usize, lead: f64, brk: &Break, measure: f64) -> Fit {
        let (from, to) = (&self.totals[start], &self.totals[brk.at]);
        let width = to.width - from.width + brk.width + lead;
        let stretch = to.stretch - from.stretch;
        let shrink = to.shrink - from.shrink;
        let ratio = if width < measure {
            if to.fill > from.fill {
                0.0
            } else if stretch > 0.0 {
                (measure - width) / stretch
            } else {
                f64::INFINITY
            }
        } else if width > measure {
            if shrink > 0.0 { (measure - width) / shrink } else { f64::NEG_INFINITY }
        } else {
            0.0
        };
        Fit { ratio, overflow: width - shrink - measure }
    }

    /// The node reached by a line from `prev` (at `index` in the arena) to
    /// `brk`, with the paper's demerits.
    fn successor(&self, params: &Params, index: usize, prev: &Node, brk: &Break, ratio: f64) -> Node {
        let fitness = Fitness::of(ratio);
        let badness = (100.0 * ratio.abs().powi(3)).min(MAX_BADNESS);
        let mut demerits = (f64::from(params.line_penalty) + badness).powi(2);
        if brk.cost >= 0.0 {
            demerits += brk.cost.powi(2);
        } else if !brk.is_forced() {
            demerits -= brk.cost.powi(2);
        }
        if brk.flagged && prev.streak > 0 {
            demerits += f64::from(params.flagged_demerits);
        }
        if fitness.is_far_from(prev.fitness) {
            demerits += f64::from(params.fitness_demerits);
        }
        Node {
            end: brk.at,
            start: self.starts[brk.at + 1],
            line: prev.line + 1,
            lead: brk.after,
            fitness,
            streak: if brk.flagged { prev.streak + 1 } else { 0 },
            ratio,
            demerits: prev.demerits + demerits,
            prev: Some(index),
        }
    }

    /// Keeps `node` if it beats the best node found so far at this break with
    /// the same future: same line class, fitness class and hyphen streak.
    fn offer(&self, found: &mut Vec<Node>, node: Node) {
        let key = |n: &Node| (self.line_class(n.line), n.fitness, n.streak);
        match found.iter_mut().find(|f| key(f) == key(&node)) {
            Some(best) if node.demerits < best.demerits => *best = node,
            Some(_) => {}
            None => found.push(node),
        }
    }

    /// One pass: `Some(tolerance)`, or `None` for the emergency pass. Returns
    /// `None` when no paragraph of feasible lines exists, which the emergency
    /// pass never does: it keeps at least one active node after every break,
    /// and at the final (forced) break it always creates one.
    fn search(&self, params: &Params, tolerance: Option<f32>) -> Option<Vec<Line>> {
        let emergency = tolerance.is_none();
        let tolerance = tolerance.map_or(f64::INFINITY, f64::from);
        let max_streak = params.max_consecutive_hyphens;
        let may_hyphenate = |brk: &Break, node: &Node| !brk.flagged || node.streak < max_streak;

        let mut nodes = vec![Node::START];
        let mut active = vec![0];
        // Per break, reused: the best new node per key, and the active nodes
        // this break deactivated (the emergency pass's last resort).
        let mut found = Vec::new();
        let mut dropped: Vec<(usize, Fit)> = Vec::new();
        for brk in &self.breaks {
            found.clear();
            dropped.clear();
            active.retain(|&index| {
                let node = &nodes[index];
                if node.start > brk.at {
                    // A penalty among the items discarded after `node`'s own
                    // break: no line ends here from `node`.
                    return true;
                }
                let fit = self.fit(node.start, node.lead, brk, self.measure(node.line));
                if (-1.0..=tolerance).contains(&fit.ratio) && may_hyphenate(brk, node) {
                    self.offer(&mut found, self.successor(params, index, node, brk, fit.ratio));
                }
                // Lines from `node` only get longer at later breaks, so one
                // that is over-full now stays so; a forced break ends every
                // line that reaches it.
                let keep = !(fit.ratio < -1.0 || brk.is_forced());
                if !keep {
                    dropped.push((index, fit));
                }
                keep
            });

            if found.is_empty() && active.is_empty() {
                if !emergency {
                    return None;
                }
                // Every path is dead: its line to here is over-full (in this
                // pass any other line is feasible) or, at a forced break, would
                // exceed the hyphen limit. Break anyway after the node whose
                // line overflows least, fewest demerits first on a tie; all
                // later paths pass through this break, so it adds no demerits.
                // An unforced flagged break beyond the hyphen limit is still
                // refused: those nodes stay active and break at a later break.
                let least_bad = dropped
                    .iter()
                    .filter(|(index, _)| brk.is_forced() || may_hyphenate(brk, &nodes[*index]))
                    .min_by(|(a, x), (b, y)| {
                        x.overflow
                            .total_cmp(&y.overflow)
                            .then(nodes[*a].demerits.total_cmp(&nodes[*b].demerits))
                    });
                match least_bad {
                    Some(&(index, fit)) => {
                        let prev = &nodes[index];
                        found.push(Node {
                            demerits: prev.demerits,
                            ..self.successor(params, index, prev, brk, fit.ratio)
                        });
                    }
                    None => active.extend(dropped.iter().map(|&(index, _)| index)),
                }
            }

            for node in found.drain(..) {
                active.push(nodes.len());
                nodes.push(node);
            }
        }

        // The final break is forced, so only nodes ending there are active.
        let best = active.into_iter().min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
        let mut lines = Vec::new();
        let mut node = &nodes[best];
        while let Some(prev) = node.prev {
            lines.push(Line {
                start: nodes[prev].start,
                end: node.end,
                ratio: node.ratio as f32,
                hyphenated: node.streak > 0,
            });
            node = &nodes[prev];
        }
        lines.reverse();
        Some(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test paragraphs from plain text, in units where every character is 1
    /// wide:
    /// - a word is a box as wide as its character count;
    /// - a space is `Glue { width: 1, stretch: 1, shrink: 0.5 }` (binary
    ///   fractions keep the ratios exact);
    /// - `|` inside a word is a hyphenation point: a flagged penalty of cost 50
    ///   whose width 1 is the hyphen;
    /// - `~` joins two words with an unbreakable space (an infinite penalty
    ///   before the glue);
    /// - the word `\\` is a forced break, preceded by fill glue like the end of
    ///   the paragraph, which gets the usual terminator.
    struct Text {
        items: Vec<Item>,
        /// What each item prints: a box its fragment, a space " ", others "".
        labels: Vec<String>,
    }

    const SPACE: Item = Item::Glue { width: 1.0, stretch: 1.0, shrink: 0.5 };
    const HYPHEN: Item = Item::Penalty { width: 1.0, after: 0.0, cost: 50.0, flagged: true };
    /// A compound's hyphen, repeated at the start of the next line.
    const COMPOUND: Item = Item::Penalty { width: 1.0, after: 1.0, cost: 50.0, flagged: true };
    const TIE: Item = Item::Penalty { width: 0.0, after: 0.0, cost: f32::INFINITY, flagged: false };
    const FILL: Item = Item::Glue { width: 0.0, stretch: f32::INFINITY, shrink: 0.0 };
    const FORCE: Item = Item::Penalty { width: 0.0, after: 0.0, cost: f32::NEG_INFINITY, flagged: false };

    impl Text {
        fn new(src: &str) -> Self {
            let mut text = Text { items: Vec::new(), labels: Vec::new() };
            let mut after_word = false;
            for word in src.split_whitespace() {
                if word == r"\\" {
                    text.push(FILL, "");
                    text.push(FORCE, "");
                    after_word = false;
                    continue;
                }
                if after_word {
                    text.push(SPACE, " ");
                }
                for (i, part) in word.split('~').enumerate() {
                    if i > 0 {
                        text.push(TIE, "");
                        text.push(SPACE, " ");
                    }
                    for chunk in part.split_inclusive(['|', '^']) {
                        let fragment = chunk.trim_end_matches(['|', '^']);
                        text.push(Item::Box { width: fragment.chars().count() as f32 }, fragment);
                        match chunk.chars().last() {
                            Some('|') => text.push(HYPHEN, ""),
                            Some('^') => text.push(COMPOUND, ""),
                            _ => {}
                        }
                    }
                }
                after_word = true;
            }
            text.push(FILL, "");
            text.push(FORCE, "");
            text
        }

        fn push(&mut self, item: Item, label: &str) {
            self.items.push(item);
            self.labels.push(label.to_string());
        }

        /// Breaks with a fixed measure and checks the result's invariants.
        fn lines(&self, measure: f32, params: &Params) -> Vec<Line> {
            self.lines_with(|_| measure, params)
        }

        fn lines_with(&self, width: impl Fn(usize) -> f32 + Copy, params: &Params) -> Vec<Line> {
            let lines = break_lines(&self.items, width, params);
            check(&self.items, &lines, width);
            lines
        }

        /// Each line's text, with a hyphen where it ends hyphenated, and one
        /// at its start where the break before it repeats its hyphen.
        fn render(&self, lines: &[Line]) -> Vec<String> {
            let mut repeat = false;
            lines
                .iter()
                .map(|line| {
                    let lead = if repeat { "-" } else { "" };
                    repeat = self.items[line.end] == COMPOUND;
                    let text = format!("{lead}{}", self.labels[line.start..line.end].concat());
                    if line.hyphenated { text + "-" } else { text }
                })
                .collect()
        }

        /// The indices of the items the lines break at.
        fn ends(lines: &[Line]) -> Vec<usize> {
            lines.iter().map(|line| line.end).collect()
        }
    }

    /// Checks what every result must satisfy: the lines partition the items as
    /// documented, each ratio matches the line measured item by item, and the
    /// hyphen flag matches the break item.
    fn check(items: &[Item], lines: &[Line], width: impl Fn(usize) -> f32) {
        assert_eq!(lines.first().map(|l| l.start), Some(0));
        assert_eq!(lines.last().map(|l| l.end), Some(items.len() - 1));
        for pair in lines.windows(2) {
            let kept = (pair[0].end + 1..items.len())
                .find(|&i| matches!(items[i], Item::Box { .. } | FORCE))
                .unwrap_or(items.len());
            assert_eq!(pair[1].start, kept, "{lines:?}");
        }
        for (number, line) in lines.iter().enumerate() {
            assert!(line.start <= line.end);
            let (mut natural, mut stretch, mut shrink, mut fill) = (0.0, 0.0, 0.0, false);
            for item in &items[line.start..line.end] {
                match *item {
                    Item::Box { width } => natural += width,
                    Item::Glue { width, stretch: y, shrink: z } => {
                        natural += width;
                        fill |= y == f32::INFINITY;
                        if y.is_finite() {
                            stretch += y;
                        }
                        shrink += z;
                    }
                    Item::Penalty { .. } => {}
                }
            }
            let (hyphen, flagged) = match items[line.end] {
                Item::Penalty { width, flagged, .. } => (width, flagged),
                Item::Glue { .. } => (0.0, false),
                Item::Box { .. } => panic!("line {number} ends at a box"),
            };
            assert_eq!(line.hyphenated, flagged);
            natural += hyphen;
            // What the break before the line adds at its start.
            if let Some(Item::Penalty { after, .. }) = number.checked_sub(1).map(|p| items[lines[p].end]) {
                natural += after;
            }
            let measure = width(number);
            let expected = if natural < measure {
                if fill { 0.0 } else { (measure - natural) / stretch }
            } else if natural > measure {
                (measure - natural) / shrink
            } else {
                0.0
            };
            let close = line.ratio == expected || (line.ratio - expected).abs() < 1e-4;
            assert!(close, "line {number}: {line:?}, expected ratio {expected}");
        }
    }

    /// Breaks with the default parameters at a fixed measure; the lines' text.
    fn set(src: &str, measure: f32) -> Vec<String> {
        let text = Text::new(src);
        text.render(&text.lines(measure, &Params::default()))
    }

    #[test]
    fn demerits_follow_the_paper() {
        let paragraph = Paragraph::new(&Text::new("aa bb cc").items, |_| 10.0);
        let params = Params::default();
        let start = Node::START;
        let at = |cost: f32, flagged| Break { at: 1, width: 0.0, after: 0.0, cost: f64::from(cost), flagged };
        let demerits =
            |prev: &Node, brk: Break, ratio| paragraph.successor(&params, 0, prev, &brk, ratio).demerits;
        // (line_penalty + 100 |r|³)², decent after the decent start.
        assert_eq!(demerits(&start, at(0.0, false), 0.5), 22.5 * 22.5);
        // Tight after decent is one class away: no fitness demerits.
        assert_eq!(demerits(&start, at(0.0, false), -0.75), 52.1875 * 52.1875);
        // Very loose after decent is two away.
        assert_eq!(demerits(&start, at(0.0, false), 2.0), 810.0 * 810.0 + 100.0);
        // Penalties: plus p², minus p² when negative, nothing when forced.
        assert_eq!(demerits(&start, at(50.0, false), 0.0), 100.0 + 2500.0);
        assert_eq!(demerits(&start, at(-30.0, false), 0.0), 100.0 - 900.0);
        assert_eq!(demerits(&start, at(f32::NEG_INFINITY, false), 0.0), 100.0);
        // Two flagged lines in a row.
        let hyphenated = paragraph.successor(&params, 0, &start, &at(50.0, true), 0.0);
        assert_eq!((hyphenated.demerits, hyphenated.streak), (2600.0, 1));
        let again = paragraph.successor(&params, 0, &hyphenated, &at(50.0, true), 0.0);
        assert_eq!((again.demerits, again.streak), (2600.0 + 2600.0 + 3000.0, 2));
        // A line with no stretch at all has a large but finite badness.
        assert_eq!(demerits(&start, at(0.0, false), f64::INFINITY), (10.0 + MAX_BADNESS).powi(2) + 100.0);
    }

    #[test]
    fn total_fit_beats_first_fit() {
        let text = Text::new("the cat saw a quick brown fox");
        // First fit fills the first line exactly, then has to leave the second
        // one very loose (ratio 2) since "fox" does not fit after it.
        let first_fit = ["the cat saw a", "quick brown", "fox"];
        // Total fit moves "a" down: ratios 1 and 0 instead of 0 and 2. It does
        // so even with a tolerance that admits the first-fit answer.
        let total_fit = ["the cat saw", "a quick brown", "fox"];
        for tolerances in [&[1.0][..], &[2.0], &[1.0, 2.0, 10.0]] {
            let params = Params { tolerances, ..Params::default() };
            let lines = text.lines(13.0, &params);
            assert_ne!(text.render(&lines), first_fit);
            assert_eq!(text.render(&lines), total_fit);
            assert_eq!(lines.iter().map(|l| l.ratio).collect::<Vec<_>>(), [1.0, 0.0, 0.0]);
        }
    }

    #[test]
    fn last_line_is_not_stretched() {
        let text = Text::new("it was the best of times it was the worst of times");
        let lines = text.lines(17.0, &Params::default());
        assert_eq!(text.render(&lines), ["it was the best of", "times it was the", "worst of times"]);
        let (last, others) = lines.split_last().expect("three lines");
        assert_eq!(last.ratio, 0.0);
        assert!(others.iter().all(|l| l.ratio.abs() <= 1.0 && l.ratio != 0.0), "{lines:?}");

        // A large finite fill instead of an infinite one: the last line's
        // ratio is then merely tiny.
        let mut items = text.items.clone();
        let fill = items.len() - 2;
        items[fill] = Item::Glue { width: 0.0, stretch: 1e6, shrink: 0.0 };
        let finite = break_lines(&items, |_| 17.0, &Params::default());
        assert_eq!(Text::ends(&finite), Text::ends(&lines));
        assert!(finite[2].ratio > 0.0 && finite[2].ratio < 1e-4);
    }

    #[test]
    fn forced_breaks_are_honoured() {
        let text = Text::new(r"we fit \\ all the lines");
        let lines = text.lines(20.0, &Params::default());
        assert_eq!(text.render(&lines), ["we fit", "all the lines"]);
        assert_eq!(lines.iter().map(|l| l.ratio).collect::<Vec<_>>(), [0.0, 0.0]);

        // A bare forced break, without fill before it, leaves a line that no
        // tolerance admits (ratio 14): the emergency pass still breaks there.
        let mut items = Text::new("we fit all the lines").items;
        items[3] = FORCE;
        let lines = break_lines(&items, |_| 20.0, &Params::default());
        check(&items, &lines, |_| 20.0);
        assert_eq!(Text::ends(&lines), [3, 10]);
        assert_eq!(lines[0].ratio, 14.0);

        // Consecutive forced breaks give an empty line between them.
        let text = Text::new(r"we fit \\ \\ all the lines");
        let lines = text.lines(20.0, &Params::default());
        assert_eq!(text.render(&lines), ["we fit", "", "all the lines"]);
    }

    #[test]
    fn infinite_penalty_is_never_a_break() {
        assert_eq!(set("aa bb cc dd ee ff", 8.0), ["aa bb cc", "dd ee ff"]);
        // Tied, "cc dd" cannot be split, neither at the penalty nor at the
        // glue after it (which no longer follows a box).
        assert_eq!(set("aa bb cc~dd ee ff", 8.0), ["aa bb", "cc dd ee", "ff"]);
    }

    #[test]
    fn hyphens_only_where_they_help() {
        let text = Text::new("fit is jus|ti|fied");
        let lines = text.lines(13.0, &Params::default());
        assert_eq!(text.render(&lines), ["fit is justi-", "fied"]);
        assert!(lines[0].hyphenated && !lines[1].hyphenated);
        // 12 wide before the hyphen: ratio 0 only if the hyphen counts.
        assert_eq!(lines[0].ratio, 0.0);
        // When the word fits whole, breaking inside it only costs.
        assert_eq!(set("fit is jus|ti|fied", 16.0), ["fit is justified"]);
        assert_eq!(set("fit is jus|ti|fied now", 16.0), ["fit is justified", "now"]);
    }

    #[test]
    fn a_repeated_hyphen_takes_room_on_the_next_line() {
        let text = Text::new("ab^cdef gh");
        // `-cdef` is 5 wide: with the repeated hyphen it does not fit in 4.
        let lines = text.lines(5.0, &Params::default());
        assert_eq!(text.render(&lines), ["ab-", "-cdef", "gh"]);
        let lines = text.lines(8.0, &Params::default());
        assert_eq!(text.render(&lines), ["ab-", "-cdef gh"]);
        assert_eq!(lines[1].ratio, 0.0, "8 wide with the repeated hyphen");
    }

    #[test]
    fn hyphenated_lines_in_a_row_are_capped() {
        let text = Text::new("total de|mer|its on al|go|rithm of ty|po|graphy");
        // Unconstrained, three hyphens in a row give four perfect lines.
        let free = Params { max_consecutive_hyphens: 3, ..Params::default() };
        let lines = text.lines(12.0, &free);
        assert_eq!(text.render(&lines), ["total demer-", "its on algo-", "rithm of ty-", "pography"]);
        assert_eq!(Text::ends(&lines), [5, 13, 19, 24]);
        assert!(lines.iter().all(|l| l.ratio == 0.0));

        // The default allows two: the third line must end at a space, even
        // though that needs the looser second tolerance.
        let lines = text.lines(12.0, &Params::default());
        assert_eq!(text.render(&lines), ["total demer-", "its on al-", "gorithm of", "typography"]);
        assert_eq!(Text::ends(&lines), [5, 11, 17, 24]);
        assert_eq!(lines.iter().map(|l| l.ratio).collect::<Vec<_>>(), [0.0, 1.0, 2.0, 0.0]);

        // None allowed at all.
        let none = Params { max_consecutive_hyphens: 0, ..Params::default() };
        let lines = text.lines(12.0, &none);
        assert!(lines.iter().all(|l| !l.hyphenated), "{:?}", text.render(&lines));

        // One long word, breakable only at its hyphens: four perfect
        // hyphenated lines are not allowed, and with no other way to break,
        // the rest of the word goes on one over-full line.
        let text = Text::new("xxx|xxx|xxx|xxx|xxx");
        let unlimited = Params { max_consecutive_hyphens: usize::MAX, ..Params::default() };
        let lines = text.lines(4.0, &unlimited);
        assert_eq!(Text::ends(&lines), [1, 3, 5, 7, 10]);
        let lines = text.lines(4.0, &Params::default());
        assert_eq!(text.render(&lines), ["xxx-", "xxx-", "xxxxxxxxx"]);
        assert_eq!(Text::ends(&lines), [1, 3, 10]);
    }

    #[test]
    fn hyphen_streak_is_part_of_the_search_state() {
        let text = Text::new("x xx x x|x|xxx x x|xx|xxx x x|xxx|xx");
        // Both best paths to the hyphen at item 15 end hyphenated there; the
        // one already hyphenated at 7 is cheaper, but only the other may
        // hyphenate again at 23, which pays off. Merging the two would lose it.
        let lines = text.lines(10.0, &Params::default());
        assert_eq!(text.render(&lines), ["x xx x", "xxxxx x x-", "xxxxx x x-", "xxxxx"]);
        assert_eq!(Text::ends(&lines), [5, 15, 23, 28]);

        let free = Params { max_consecutive_hyphens: 3, ..Params::default() };
        let lines = text.lines(10.0, &free);
        assert_eq!(text.render(&lines), ["x xx x x-", "xxxx x x-", "xxxxx x x-", "xxxxx"]);
        assert_eq!(Text::ends(&lines), [7, 15, 23, 28]);
    }

    #[test]
    fn over_wide_box_gets_its_own_overfull_line() {
        let text = Text::new("aaaa bbbbb xxxxxxxxxxxxxxx cc dd");
        let lines = text.lines(10.0, &Params::default());
        assert_eq!(text.render(&lines), ["aaaa bbbbb", "xxxxxxxxxxxxxxx", "cc dd"]);
        assert_eq!(lines[1].ratio, f32::NEG_INFINITY);
        assert_eq!([lines[0].ratio, lines[2].ratio], [0.0, 0.0]);

        // At the very start and the very end too, and with glue to shrink.
        let text = Text::new("xxxxxxxxxxxxxxx aaaa bbbbb xx~xxxxxxxxxxxx");
        let lines = text.lines(10.0, &Params::default());
        assert_eq!(text.render(&lines), ["xxxxxxxxxxxxxxx", "aaaa bbbbb", "xx xxxxxxxxxxxx"]);
        assert!(lines[0].ratio < -1.0 && lines[2].ratio < -1.0);

        // A measure narrower than every word: one word per line.
        assert_eq!(set("aaa bbb ccc", 2.0), ["aaa", "bbb", "ccc"]);
    }

    #[test]
    fn per_line_measures_are_respected() {
        let text = Text::new("the cat saw a quick brown fox");
        assert_eq!(set("the cat saw a quick brown fox", 13.0), ["the cat saw", "a quick brown", "fox"]);
        let indented = |line| if line == 0 { 7.0 } else { 13.0 };
        let lines = text.lines_with(indented, &Params::default());
        assert_eq!(text.render(&lines), ["the cat", "saw a quick", "brown fox"]);
        assert_eq!(lines.iter().map(|l| l.ratio).collect::<Vec<_>>(), [0.0, 1.0, 0.0]);

        // Measures growing line by line (8, 11, 14, ...).
        let growing = |line| 8.0 + 3.0 * line as f32;
        let lines = text.lines_with(growing, &Params::default());
        assert_eq!(text.render(&lines), ["the cat", "saw a quick", "brown fox"]);
        assert_eq!(lines.iter().map(|l| l.ratio).collect::<Vec<_>>(), [1.0, 0.0, 0.0]);
    }

    #[test]
    fn empty_paragraph() {
        let text = Text::new("");
        let lines = text.lines(10.0, &Params::default());
        assert_eq!(lines, [Line { start: 0, end: 1, ratio: 0.0, hyphenated: false }]);
        assert_eq!(break_lines(&[], |_| 10.0, &Params::default()), []);
    }

    /// Release builds only: debug builds assert the terminator instead.
    #[cfg(not(debug_assertions))]
    #[test]
    fn missing_terminator_still_covers_every_item() {
        let mut items = Text::new("aa bb cc dd").items;
        items.truncate(items.len() - 2);
        let lines = break_lines(&items, |_| 5.0, &Params::default());
        assert_eq!(Text::ends(&lines), [3, items.len()]);
        assert_eq!(lines[1].start, 4);
    }

    #[test]
    fn long_paragraph() {
        let words = (0..2000).map(|i| "abcdefghi".get(..1 + (i * 7) % 9).unwrap_or("a"));
        let text = Text::new(&words.collect::<Vec<_>>().join(" "));
        assert!(text.items.len() > 2000);
        let lines = text.lines(60.0, &Params::default());
        let (_, others) = lines.split_last().expect("lines");
        assert!(others.iter().all(|l| (-1.0..=1.0).contains(&l.ratio)));
    }

    /// A paragraph's total demerits, scored line by line.
    fn score(paragraph: &Paragraph, params: &Params, lines: &[Line]) -> f64 {
        let mut node = Node::START;
        for line in lines {
            assert_eq!(line.start, node.start);
            let brk = paragraph.breaks.iter().find(|b| b.at == line.end).expect("a legal break");
            let fit = paragraph.fit(node.start, node.lead, brk, paragraph.measure(node.line));
            node = paragraph.successor(params, 0, &node, brk, fit.ratio);
        }
        node.demerits
    }

    /// The least total demerits of any paragraph of feasible lines within
    /// `tolerance`, by trying every sequence of breaks from `node` on.
    fn exhaustive(
        paragraph: &Paragraph,
        params: &Params,
        tolerance: f64,
        node: &Node,
        next: usize,
    ) -> Option<f64> {
        let mut best: Option<f64> = None;
        for (i, brk) in paragraph.breaks.iter().enumerate().skip(next) {
            if node.start <= brk.at {
                let fit = paragraph.fit(node.start, node.lead, brk, paragraph.measure(node.line));
                if fit.ratio < -1.0 {
                    break;
                }
                if fit.ratio <= tolerance && (!brk.flagged || node.streak < params.max_consecutive_hyphens) {
                    let after = paragraph.successor(params, 0, node, brk, fit.ratio);
                    let total = if i + 1 == paragraph.breaks.len() {
                        Some(after.demerits)
                    } else {
                        exhaustive(paragraph, params, tolerance, &after, i + 1)
                    };
                    best = match (best, total) {
                        (Some(b), Some(t)) => Some(b.min(t)),
                        (b, t) => b.or(t),
                    };
                }
            }
            if brk.is_forced() {
                break;
            }
        }
        best
    }

    #[test]
    fn matches_exhaustive_search() {
        // A small linear congruential generator keeps the cases reproducible.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut random = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let mut compared = 0;
        for _ in 0..2000 {
            let words: Vec<String> = (0..3 + random(9))
                .map(|_| {
                    // Half the words have one or two hyphenation points, some
                    // a compound's hyphen that repeats after the break.
                    let fragments = if random(2) == 0 { 1 } else { 2 + random(2) };
                    let mut word = String::new();
                    for i in 0..fragments {
                        if i > 0 {
                            word.push(if random(3) == 0 { '^' } else { '|' });
                        }
                        word.push_str(&"x".repeat(1 + random(3) as usize));
                    }
                    word
                })
                .collect();
            let text = Text::new(&words.join(" "));
            // Measures that differ for the first lines make line numbers matter.
            let measures: [f32; 4] = std::array::from_fn(|_| 6.0 + random(10) as f32);
            let width = move |line: usize| measures[line.min(3)];
            let params = Params {
                max_consecutive_hyphens: 1 + random(2) as usize,
                fitness_demerits: [0.0, 100.0, 10_000.0][random(3) as usize],
                flagged_demerits: [0.0, 3000.0][random(2) as usize],
                ..Params::default()
            };
            let lines = text.lines_with(width, &params);

            let paragraph = Paragraph::new(&text.items, width);
            let best = params
                .tolerances
                .iter()
                .find_map(|&t| exhaustive(&paragraph, &params, f64::from(t), &Node::START, 0));
            if let Some(best) = best {
                let found = score(&paragraph, &params, &lines);
                assert!(
                    (found - best).abs() <= 1e-9 * best.abs().max(1.0),
                    "{words:?} {measures:?}: {found} vs {best}"
                );
                compared += 1;
            }
        }
        assert!(compared > 1000, "only {compared} cases had a feasible paragraph");
    }
}
