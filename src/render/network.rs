//! The people network: who is named with whom.
//!
//! Two people are linked when a sentence names both; the link's width is
//! the number of such sentences, a person's circle grows with their
//! mentions. The layout is a force layout computed here (springs along
//! the links, every pair pushing apart) from fixed starting places and a
//! fixed number of steps, so the same dossier always gives the same
//! picture. Static SVG, no script, coloured by the stylesheet.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use super::pages::person_page_path;
use super::templates::escape_html;
use crate::model::{Analysis, SentenceRef};

/// People drawn at most: the most mentioned.
pub const MAX_PEOPLE: usize = 40;
const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 640.0;
const STEPS: usize = 300;

#[derive(Debug, Serialize)]
pub struct NetworkPage {
    pub title: String,
    /// The picture, already safe SVG.
    pub svg: String,
    pub people: usize,
    pub shown: usize,
    pub links: usize,
}

/// Sentences naming both people of each pair (person indexes, lower
/// first), among `people`.
pub fn shared_sentences(
    analysis: &Analysis,
    people: &BTreeSet<usize>,
) -> BTreeMap<(usize, usize), usize> {
    let mut by_sentence: BTreeMap<SentenceRef, BTreeSet<usize>> = BTreeMap::new();
    for &p in people {
        for m in &analysis.people[p].mentions {
            by_sentence.entry(m.at).or_default().insert(p);
        }
    }
    let mut pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for named in by_sentence.values() {
        let named: Vec<usize> = named.iter().copied().collect();
        for (i, &a) in named.iter().enumerate() {
            for &b in &named[i + 1..] {
                *pairs.entry((a, b)).or_default() += 1;
            }
        }
    }
    pairs
}

pub fn page(analysis: &Analysis) -> NetworkPage {
    // People are sorted most mentioned first.
    let shown: BTreeSet<usize> = (0..analysis.people.len().min(MAX_PEOPLE)).collect();
    let pairs = shared_sentences(analysis, &shown);
    let nodes: Vec<usize> = shown.iter().copied().collect();
    let places = layout(&nodes, &pairs);
    NetworkPage {
        title: "Who appears with whom".into(),
        svg: svg(analysis, &nodes, &pairs, &places, "../"),
        people: analysis.people.len(),
        shown: nodes.len(),
        links: pairs.len(),
    }
}

/// Positions for `nodes` (indexes into the people), in the same order:
/// Fruchterman–Reingold with linked pairs pulled together in proportion
/// to their shared sentences, started on a circle in node order.
fn layout(nodes: &[usize], pairs: &BTreeMap<(usize, usize), usize>) -> Vec<(f64, f64)> {
    let n = nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let at: BTreeMap<usize, usize> = nodes.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let angle = i as f64 / n as f64 * std::f64::consts::TAU;
            let r = 0.35 * HEIGHT;
            (cx + r * angle.cos(), cy + r * angle.sin())
        })
        .collect();
    let k = (WIDTH * HEIGHT / n as f64).sqrt() * 0.8;
    // Pull in proportion to the shared sentences, on a log scale, so a
    // pair named together a hundred times does not collapse into a point.
    let strongest = pairs.values().copied().max().unwrap_or(1) as f64;
    let edges: Vec<(usize, usize, f64)> = pairs
        .iter()
        .map(|(&(a, b), &w)| {
            let w = 0.3 + 0.7 * (w as f64).ln_1p() / strongest.ln_1p();
            (at[&a], at[&b], w)
        })
        .collect();
    let mut temperature = WIDTH / 8.0;
    for _ in 0..STEPS {
        let mut moved = vec![(0.0f64, 0.0f64); n];
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                moved[i].0 += dx / d * f;
                moved[i].1 += dy / d * f;
                moved[j].0 -= dx / d * f;
                moved[j].1 -= dy / d * f;
            }
        }
        for &(a, b, w) in &edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k * w;
            moved[a].0 -= dx / d * f;
            moved[a].1 -= dy / d * f;
            moved[b].0 += dx / d * f;
            moved[b].1 += dy / d * f;
        }
        for i in 0..n {
            // A gentle pull to the middle keeps unlinked people in view.
            moved[i].0 += (cx - pos[i].0) * 0.02 * k;
            moved[i].1 += (cy - pos[i].1) * 0.02 * k;
            let len = (moved[i].0.powi(2) + moved[i].1.powi(2)).sqrt().max(0.01);
            let step = len.min(temperature);
            pos[i].0 = (pos[i].0 + moved[i].0 / len * step).clamp(60.0, WIDTH - 60.0);
            pos[i].1 = (pos[i].1 + moved[i].1 / len * step).clamp(30.0, HEIGHT - 30.0);
        }
        temperature = (temperature * 0.98).max(1.0);
    }
    pos
}

/// The network as SVG; `root` leads from the page to the site root.
fn svg(
    analysis: &Analysis,
    nodes: &[usize],
    pairs: &BTreeMap<(usize, usize), usize>,
    places: &[(f64, f64)],
    root: &str,
) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let at: BTreeMap<usize, usize> = nodes.iter().enumerate().map(|(i, &p)| (p, i)).collect();
    let most = pairs.values().copied().max().unwrap_or(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="network-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-labelledby="nw-title"><title id="nw-title">Who is named with whom: {} people, {} links</title>"#,
        nodes.len(),
        pairs.len()
    );
    for (&(a, b), &w) in pairs {
        let (p, q) = (places[at[&a]], places[at[&b]]);
        let _ = write!(
            out,
            r#"<line class="nw-link" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{:.1}"><title>{} and {}: {w} sentence{}</title></line>"#,
            p.0,
            p.1,
            q.0,
            q.1,
            1.0 + 5.0 * w as f64 / most,
            escape_html(&analysis.people[a].name),
            escape_html(&analysis.people[b].name),
            if w == 1 { "" } else { "s" }
        );
    }
    let most_mentions = nodes
        .iter()
        .map(|&p| analysis.people[p].mentions.len())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    for (i, &p) in nodes.iter().enumerate() {
        let person = &analysis.people[p];
        let (x, y) = places[i];
        let r = 4.0 + 14.0 * (person.mentions.len() as f64 / most_mentions).sqrt();
        let label = escape_html(&format!(
            "{}: {} mention{}",
            person.name,
            person.mentions.len(),
            if person.mentions.len() == 1 { "" } else { "s" }
        ));
        let _ = write!(
            out,
            r#"<a href="{}{}" aria-label="{label}"><title>{label}</title><circle class="nw-node" cx="{x:.1}" cy="{y:.1}" r="{r:.1}"/><text class="nw-label" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text></a>"#,
            escape_html(root),
            escape_html(&person_page_path(&person.id)),
            y + r + 12.0,
            escape_html(&person.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// A person and the people named in the same sentences as them (`with`:
/// person index and shared sentences, most first), as a star: the person
/// in the middle, the others around in that order. Empty when no one is.
pub fn one_hop(analysis: &Analysis, pi: usize, with: &[(usize, usize)]) -> String {
    const W: f64 = 640.0;
    const H: f64 = 360.0;
    if with.is_empty() {
        return String::new();
    }
    let (cx, cy) = (W / 2.0, H / 2.0);
    let most = with.iter().map(|w| w.1).max().unwrap_or(1) as f64;
    let place = |k: usize| {
        // Clockwise from the top.
        let angle =
            k as f64 / with.len() as f64 * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2;
        (cx + 240.0 * angle.cos(), cy + 130.0 * angle.sin())
    };
    let me = &analysis.people[pi];
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="network-svg one-hop" viewBox="0 0 {W} {H}" role="group" aria-labelledby="hop-title"><title id="hop-title">{} and the {} people named in the same sentences</title>"#,
        escape_html(&me.name),
        with.len()
    );
    for (k, &(j, n)) in with.iter().enumerate() {
        let (x, y) = place(k);
        let _ = write!(
            out,
            r#"<line class="nw-link" x1="{cx:.1}" y1="{cy:.1}" x2="{x:.1}" y2="{y:.1}" stroke-width="{:.1}"><title>{} and {}: {n} sentence{}</title></line>"#,
            1.0 + 5.0 * n as f64 / most,
            escape_html(&me.name),
            escape_html(&analysis.people[j].name),
            if n == 1 { "" } else { "s" }
        );
    }
    let _ = write!(
        out,
        r#"<circle class="nw-node nw-self" cx="{cx:.1}" cy="{cy:.1}" r="12"/><text class="nw-label" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        cy + 26.0,
        escape_html(&me.name)
    );
    for (k, &(j, n)) in with.iter().enumerate() {
        let (x, y) = place(k);
        let other = &analysis.people[j];
        let label = escape_html(&format!(
            "{}: {n} sentence{} together",
            other.name,
            if n == 1 { "" } else { "s" }
        ));
        let _ = write!(
            out,
            r#"<a href="../{}" aria-label="{label}"><title>{label}</title><circle class="nw-node" cx="{x:.1}" cy="{y:.1}" r="7"/><text class="nw-label" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text></a>"#,
            escape_html(&person_page_path(&other.id)),
            y + 20.0,
            escape_html(&other.name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_the_same_every_time_and_keeps_nodes_apart() {
        let nodes: Vec<usize> = (0..12).collect();
        let pairs: BTreeMap<(usize, usize), usize> = [((0, 1), 5), ((1, 2), 1), ((3, 4), 2)]
            .into_iter()
            .collect();
        let a = layout(&nodes, &pairs);
        assert_eq!(a, layout(&nodes, &pairs));
        for (i, p) in a.iter().enumerate() {
            assert!((0.0..=WIDTH).contains(&p.0) && (0.0..=HEIGHT).contains(&p.1));
            for q in &a[i + 1..] {
                let d = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                assert!(d > 10.0, "{p:?} and {q:?} overlap");
            }
        }
        // Linked people end up nearer each other than unlinked ones.
        let dist =
            |i: usize, j: usize| ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
        assert!(dist(0, 1) < dist(0, 7));
    }
}
