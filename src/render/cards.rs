//! Disagreement cards, each rendered on its own from `card.html` and put in
//! place on the pages that show them.
//!
//! The disagreements page and the print view each show every card (1,328
//! at 5,000 articles), and an edit to one article changes a few of them.
//! Rendered inside its page, every card was rendered again after any
//! edit, twice. Rendered on its own, a card can be kept: a rebuild takes
//! from the last build's [`Fragments`] each card whose inputs (the theme,
//! the page, the card's place on it and its model) have the same digest,
//! and renders only the others. The pages then hold each card's HTML, not
//! its model, which also makes them quicker to hand to Tera.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::fragments::Fragments;
use super::pages::{DisagreementView, DisagreementsPage};
use crate::error::Result;

/// A card as a page shows it.
#[derive(Debug, Serialize)]
pub struct CardSlot {
    pub id: String,
    pub kind: &'static str,
    pub subject: String,
    /// `card.html` rendered for the page, put in place as it is.
    pub html: Arc<str>,
}

/// How a page shows its cards: the page, the level of a card's heading,
/// and whether its "why" is open. A template sees the last two as
/// `card_level` and `card_open`.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    pub path: &'static str,
    pub level: u8,
    pub open: bool,
}

impl Placement {
    /// What a card's digest adds for its place.
    pub fn key(self) -> u128 {
        u128::from(self.level) << 1 | u128::from(self.open)
    }
}

/// On the disagreements page: under the kind's heading, "why" closed.
pub const ON_PAGE: Placement = Placement {
    path: "disagreements.html",
    level: 3,
    open: false,
};

/// In the print view: one level deeper, "why" open (paper has no clicks).
pub const IN_PRINT: Placement = Placement {
    path: "print.html",
    level: 4,
    open: true,
};

/// The disagreements page's model with its cards rendered, once for the
/// page ([`ON_PAGE`]) and once for the print view ([`IN_PRINT`]).
pub struct Placed {
    pub page: DisagreementsPage<CardSlot>,
    pub print: DisagreementsPage<CardSlot>,
}

/// Renders each card of `page` with `render` for both places, in
/// parallel, except where `kept` has the card by its digest (made by
/// `digest`; `None`: not kept); leaves this build's cards in `kept`.
pub fn place(
    page: &DisagreementsPage,
    render: &(dyn Fn(Placement, &DisagreementView) -> Result<String> + Sync),
    digest: &(dyn Fn(Placement, &DisagreementView) -> Option<u128> + Sync),
    kept: Option<&Fragments>,
) -> Result<Placed> {
    let round = Fragments::round(kept);
    let one = |at: Placement, card: &DisagreementView| {
        round.piece(|| digest(at, card), || render(at, card))
    };
    let cards: Vec<&DisagreementView> = page.cards().collect();
    let rendered: Vec<[Arc<str>; 2]> = cards
        .par_iter()
        .map(|card| Ok([one(ON_PAGE, card)?, one(IN_PRINT, card)?]))
        .collect::<Result<_>>()?;
    round.finish();
    let slots = |i: usize| {
        cards
            .iter()
            .zip(&rendered)
            .map(|(card, r)| CardSlot {
                id: card.id.clone(),
                kind: card.kind,
                subject: card.subject.clone(),
                html: Arc::clone(&r[i]),
            })
            .collect()
    };
    Ok(Placed {
        page: page.with_cards(slots(0)),
        print: page.with_cards(slots(1)),
    })
}
