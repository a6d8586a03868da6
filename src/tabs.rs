//! The rules that keep several tabs from losing each other's saved work, as a
//! plain state machine: `session` feeds it what happens (an edit, a save
//! accepted or refused, another tab's save announced, a load finished, the
//! user's choice) and does what it answers. No browser here, so every
//! interleaving is tested natively and exhaustively (see the tests).
//!
//! The promises:
//! - a change is reported "saved" only after the write that holds it was
//!   accepted by storage (`saved` notices carry the change's revision);
//! - a save is never started on top of a generation this tab knows is stale
//!   (storage checks it too, in the same transaction as the write);
//! - a change made in this tab is never dropped without a word: when another
//!   tab's save makes it unsaveable, the tab turns read-only, the change stays
//!   on screen (to export) and the user is told it was not saved;
//! - typing in an open form is never replaced without the user's say-so: while
//!   a form has unsaved typing, another tab's save waits for the user to
//!   choose between reapplying the typing on the new data and discarding it.

/// Something the session must tell the user about one change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    Saved(String),
    NotSaved { what: String, why: String },
}

/// What the session must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Load another tab's save (generation).
    Load(u64),
    /// Ask the user whether to reapply their typing on another tab's save.
    AskAboutDraft(u64),
    /// Turn read-only: this tab holds changes that can no longer be saved.
    Lock,
}

/// A save this tab is writing: its changes up to `rev`, on top of `based_on`;
/// `cause` says what they were, for the version history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveJob {
    pub rev: u64,
    pub based_on: u64,
    pub cause: String,
}

#[derive(Clone, Debug, Default)]
pub struct Tabs {
    /// The generation this tab last loaded or wrote.
    pub generation: u64,
    /// Local changes so far (revision of the latest).
    pub rev: u64,
    /// The revision the stored generation holds.
    saved_rev: u64,
    saving: Option<SaveJob>,
    /// Loading another tab's save: (generation, revision when the load began).
    loading: Option<(u64, u64)>,
    /// Another tab's save, waiting for the user's choice about their typing.
    waiting: Option<u64>,
    /// The user chose what to do with their typing: the next load goes ahead
    /// whatever the forms hold (the page carries or drops the typing).
    decided: bool,
    locked: bool,
    /// Changes not yet reported saved, with what to call them.
    unreported: Vec<(u64, String)>,
    /// Changes not yet saved, in words for the version history.
    causes: Vec<(u64, String)>,
}

impl Tabs {
    pub fn new(generation: u64) -> Self {
        Self { generation, ..Self::default() }
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// Another tab's save is waiting for the user's choice.
    pub fn waiting(&self) -> Option<u64> {
        self.waiting
    }

    /// Whether a change may be made now; `Err` says why not.
    pub fn may_edit(&self) -> Result<(), &'static str> {
        if self.locked {
            Err("This tab is read-only until you reload it (see the message above).")
        } else if self.waiting.is_some() {
            Err("Another tab saved changes: first choose above whether to reapply your typing on them.")
        } else {
            Ok(())
        }
    }

    /// A change was made (`what` names it for the "saved" message; empty for none).
    pub fn edited(&mut self, what: impl Into<String>) -> u64 {
        self.edited_because(what, "")
    }

    /// A change was made; `cause` says what it was for the version history
    /// (empty: taken from `what`, the "saved" message's first sentence).
    pub fn edited_because(&mut self, what: impl Into<String>, cause: &str) -> u64 {
        self.rev += 1;
        let what = what.into();
        let cause = if cause.is_empty() { first_sentence(&what) } else { cause };
        if !cause.is_empty() {
            self.causes.push((self.rev, cause.to_owned()));
        }
        if !what.is_empty() {
            self.unreported.push((self.rev, what));
        }
        self.rev
    }

    /// Whether there are changes not yet in storage.
    pub fn unsaved(&self) -> bool {
        self.rev > self.saved_rev
    }

    /// Start writing the changes so far, if a save may start now.
    pub fn begin_save(&mut self) -> Option<SaveJob> {
        if self.locked || self.waiting.is_some() || self.loading.is_some() || self.saving.is_some() || !self.unsaved() {
            return None;
        }
        let causes: Vec<&str> = self.causes.iter().map(|(_, cause)| cause.as_str()).collect();
        let cause = if causes.is_empty() { "Changes".to_owned() } else { causes.join("; ") };
        let job = SaveJob { rev: self.rev, based_on: self.generation, cause };
        self.saving = Some(job.clone());
        Some(job)
    }

    /// Storage accepted the save as `generation`.
    pub fn save_accepted(&mut self, generation: u64) -> Vec<Report> {
        let Some(job) = self.saving.take() else { return Vec::new() };
        self.generation = generation;
        self.saved_rev = job.rev;
        self.causes.retain(|(rev, _)| *rev > job.rev);
        let (done, rest): (Vec<_>, Vec<_>) = self.unreported.drain(..).partition(|(rev, _)| *rev <= job.rev);
        self.unreported = rest;
        done.into_iter().map(|(_, what)| Report::Saved(what)).collect()
    }

    /// Storage refused the save: another tab saved first.
    pub fn save_conflict(&mut self) -> (Vec<Report>, Vec<Action>) {
        self.saving = None;
        self.lock("another tab saved changes to this workspace first")
    }

    /// The save failed for another reason (quota…): the changes stay unsaved
    /// and can be saved again; the user is told now.
    pub fn save_failed(&mut self, why: &str) -> Vec<Report> {
        self.saving = None;
        self.unreported.drain(..).map(|(_, what)| Report::NotSaved { what, why: why.to_owned() }).collect()
    }

    /// Another tab announced its save as `generation`. `draft` says whether a
    /// form in this tab has unsaved typing.
    pub fn other_saved(&mut self, generation: u64, draft: bool) -> (Vec<Report>, Vec<Action>) {
        if generation <= self.generation || self.locked {
            return (Vec::new(), Vec::new());
        }
        if self.unsaved() || self.saving.is_some() {
            // This tab's changes rest on data that is no longer the latest:
            // saving them would overwrite the other tab's.
            return self.lock("another tab saved changes to this workspace first");
        }
        if draft {
            self.waiting = Some(generation);
            return (Vec::new(), vec![Action::AskAboutDraft(generation)]);
        }
        self.start_load(generation)
    }

    /// The user chose what to do with their typing: either way the other
    /// tab's save is loaded now (the page carries or drops the typing).
    pub fn draft_decided(&mut self) -> (Vec<Report>, Vec<Action>) {
        match self.waiting.take() {
            Some(generation) => {
                self.decided = true;
                self.start_load(generation)
            }
            None => (Vec::new(), Vec::new()),
        }
    }

    fn start_load(&mut self, generation: u64) -> (Vec<Report>, Vec<Action>) {
        if self.loading.is_some_and(|(loading, _)| loading >= generation) {
            return (Vec::new(), Vec::new());
        }
        self.loading = Some((generation, self.rev));
        (Vec::new(), vec![Action::Load(generation)])
    }

    /// The load of `generation` finished; `draft` says whether a form has
    /// unsaved typing now (it may have begun during the load). `Ok(true)`: put
    /// it in place; `Ok(false)`: do not (a newer load is under way, or the
    /// user is asked about their typing first: `AskAboutDraft` follows);
    /// `Err`: a change was made here meanwhile, so the tab keeps it and turns
    /// read-only.
    pub fn loaded(&mut self, generation: u64, draft: bool) -> Result<bool, (Vec<Report>, Vec<Action>)> {
        let Some((loading, rev_then)) = self.loading else { return Ok(false) };
        if loading != generation {
            return Ok(false);
        }
        self.loading = None;
        if self.rev != rev_then {
            return Err(self.lock("another tab saved changes while this one was being changed"));
        }
        if draft && !std::mem::take(&mut self.decided) {
            self.waiting = Some(generation);
            return Err((Vec::new(), vec![Action::AskAboutDraft(generation)]));
        }
        self.decided = false;
        self.generation = generation;
        self.saved_rev = self.rev;
        self.causes.clear();
        Ok(true)
    }

    /// The load failed: treat the other tab's save as unreadable here.
    pub fn load_failed(&mut self) -> (Vec<Report>, Vec<Action>) {
        self.loading = None;
        self.lock("the other tab's save could not be read")
    }

    fn lock(&mut self, why: &str) -> (Vec<Report>, Vec<Action>) {
        self.locked = true;
        self.causes.clear();
        self.waiting = None;
        let reports =
            self.unreported.drain(..).map(|(_, what)| Report::NotSaved { what, why: why.to_owned() }).collect();
        (reports, vec![Action::Lock])
    }
}

/// "SKU X saved. The plan is being updated." → "SKU X saved".
fn first_sentence(text: &str) -> &str {
    text.split(". ").next().unwrap_or(text).trim_end_matches('.')
}

/// What a change's "saved" message is about, to say it was not saved:
/// "SKU X saved." → "SKU X"; "Deleted X. Also removed: …" → "the deletion of X";
/// "Settings saved. The plan is being updated." → "Settings".
pub fn subject(saved: &str) -> String {
    let first = first_sentence(saved);
    if let Some(rest) = first.strip_prefix("Deleted ") {
        return format!("the deletion of {rest}");
    }
    [" saved", " created", " deleted"].iter().find_map(|suffix| first.strip_suffix(suffix)).unwrap_or(first).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_not_saved_is_named_without_claiming_it_was() {
        assert_eq!(subject("SKU SKU-00001 saved."), "SKU SKU-00001");
        assert_eq!(subject("Supplier ACME created."), "Supplier ACME");
        assert_eq!(subject("Offer A / B deleted."), "Offer A / B");
        assert_eq!(subject("Deleted SKU SKU-1. Also removed: 3 offers."), "the deletion of SKU SKU-1");
        assert_eq!(subject("Settings saved. The plan is being updated."), "Settings");
    }

    /// The world around one tab (B): storage's current generation, what B
    /// has written, and the user's typing. Every event the session can feed
    /// the machine, in every order, checked against the promises.
    #[derive(Clone, Debug)]
    struct World {
        tabs: Tabs,
        /// Storage: the latest generation and who wrote it.
        stored: u64,
        /// B's changes that storage holds (by revision).
        stored_rev_of_b: u64,
        /// Another tab saved a generation B has not heard of yet.
        announced: Vec<u64>,
        job: Option<SaveJob>,
        loads: Vec<u64>,
        draft: bool,
        /// The user's typing was replaced without a choice.
        draft_lost: bool,
        /// The user chose what to do with their typing.
        consented: bool,
        saved_reports: Vec<String>,
        not_saved_reports: Vec<String>,
        /// Every change B made, by revision, with its name.
        made: Vec<(u64, String)>,
    }

    #[derive(Clone, Copy, Debug)]
    enum Event {
        Edit,
        BeginSave,
        /// Storage runs B's save: accepted if based on the latest generation.
        WriteSave,
        /// Another tab writes a save to storage (and will announce it).
        OtherWrites,
        /// The announcement reaches B.
        Announce,
        FinishLoad,
        Type,
        Choose,
    }

    const EVENTS: [Event; 8] = [
        Event::Edit,
        Event::BeginSave,
        Event::WriteSave,
        Event::OtherWrites,
        Event::Announce,
        Event::FinishLoad,
        Event::Type,
        Event::Choose,
    ];

    impl World {
        fn new() -> Self {
            World {
                tabs: Tabs::new(1),
                stored: 1,
                stored_rev_of_b: 0,
                announced: Vec::new(),
                job: None,
                loads: Vec::new(),
                draft: false,
                draft_lost: false,
                consented: false,
                saved_reports: Vec::new(),
                not_saved_reports: Vec::new(),
                made: Vec::new(),
            }
        }

        fn take(&mut self, (reports, actions): (Vec<Report>, Vec<Action>)) {
            self.report(reports);
            for action in actions {
                match action {
                    Action::Load(generation) => self.loads.push(generation),
                    Action::AskAboutDraft(_) | Action::Lock => {}
                }
            }
        }

        fn report(&mut self, reports: Vec<Report>) {
            for report in reports {
                match report {
                    Report::Saved(what) => self.saved_reports.push(what),
                    Report::NotSaved { what, .. } => self.not_saved_reports.push(what),
                }
            }
        }

        fn step(&mut self, event: Event) {
            match event {
                Event::Edit => {
                    if self.tabs.may_edit().is_ok() {
                        let rev = self.tabs.rev + 1;
                        let name = format!("change {rev}");
                        self.tabs.edited(name.clone());
                        self.made.push((rev, name));
                        // Submitting a form ends its typing.
                        self.draft = false;
                    }
                }
                Event::BeginSave => {
                    if self.job.is_none() {
                        self.job = self.tabs.begin_save();
                    }
                }
                Event::WriteSave => {
                    if let Some(job) = self.job.take() {
                        let job: SaveJob = job;
                        // The storage transaction's own check.
                        if job.based_on == self.stored {
                            self.stored += 1;
                            self.stored_rev_of_b = job.rev;
                            let reports = self.tabs.save_accepted(self.stored);
                            self.report(reports);
                        } else {
                            let outcome = self.tabs.save_conflict();
                            self.take(outcome);
                        }
                    }
                }
                Event::OtherWrites => {
                    if self.stored < 4 {
                        self.stored += 1;
                        self.announced.push(self.stored);
                    }
                }
                Event::Announce => {
                    if !self.announced.is_empty() {
                        let generation = self.announced.remove(0);
                        let outcome = self.tabs.other_saved(generation, self.draft);
                        self.take(outcome);
                    }
                }
                Event::FinishLoad => {
                    if !self.loads.is_empty() {
                        let generation = self.loads.remove(0);
                        match self.tabs.loaded(generation, self.draft) {
                            Ok(true) => {
                                if self.draft && !self.consented {
                                    self.draft_lost = true;
                                }
                                // The page is drawn again: the typing was carried or dropped.
                                self.draft = false;
                                self.consented = false;
                            }
                            Ok(false) => {}
                            Err(outcome) => self.take(outcome),
                        }
                    }
                }
                Event::Type => {
                    if !self.tabs.is_locked() {
                        self.draft = true;
                    }
                }
                Event::Choose => {
                    if self.tabs.waiting().is_some() {
                        // The typing stays in the form until the load puts
                        // the new data in place, with the user's consent.
                        self.consented = true;
                        let outcome = self.tabs.draft_decided();
                        self.take(outcome);
                    }
                }
            }
        }

        fn check(&self, events: &[Event]) {
            // "Saved" only for what storage holds.
            for (rev, name) in &self.made {
                if self.saved_reports.contains(name) {
                    assert!(*rev <= self.stored_rev_of_b, "{name} reported saved but not stored: {events:?}");
                }
                assert!(
                    !(self.saved_reports.contains(name) && self.not_saved_reports.contains(name)),
                    "{name} reported both ways: {events:?}"
                );
            }
            // A save never starts on a generation B knows is stale.
            if let Some(job) = &self.job {
                assert!(job.based_on >= self.tabs.generation, "{events:?}");
            }
            // No change dropped without a word: every change is stored, still
            // waiting to be saved in an unlocked tab, or reported not saved.
            for (rev, name) in &self.made {
                let stored = *rev <= self.stored_rev_of_b;
                let pending = !self.tabs.is_locked() && *rev > self.tabs.saved_rev;
                let told = self.not_saved_reports.contains(name);
                assert!(stored || pending || told, "{name} was lost silently: {events:?} {:?}", self.tabs);
            }
            // A load never replaced B's unsaved changes: when B moved to a
            // newer generation, everything it had was stored first.
            if !self.tabs.is_locked() {
                assert!(self.tabs.saved_rev <= self.tabs.rev);
            }
            assert!(!self.draft_lost, "typing replaced without the user's choice: {events:?}");
        }
    }

    fn explore(world: &World, events: &mut Vec<Event>, depth: usize, count: &mut u64) {
        world.check(events);
        *count += 1;
        if depth == 0 {
            return;
        }
        for event in EVENTS {
            let mut next = world.clone();
            next.step(event);
            events.push(event);
            explore(&next, events, depth - 1, count);
            events.pop();
        }
    }

    /// Every sequence of up to 7 events (8^7 ≈ 2.1 million), each checked
    /// after every step.
    #[test]
    fn every_interleaving_keeps_the_promises() {
        let mut count = 0;
        explore(&World::new(), &mut Vec::new(), 7, &mut count);
        assert!(count > 2_000_000, "{count} states visited");
    }

    /// Issue 10, defect 8, as reported: B changes a SKU's cost while A's
    /// rename is being loaded; B must not say "saved" and must not save
    /// A's version as its own.
    #[test]
    fn an_edit_made_while_another_tabs_save_loads_is_kept_and_reported_not_saved() {
        let mut tabs = Tabs::new(5);
        let (_, actions) = tabs.other_saved(6, false);
        assert_eq!(actions, vec![Action::Load(6)]);
        tabs.edited("SKU SKU-00001 saved.");
        assert_eq!(tabs.begin_save(), None, "no save while a load is under way");
        let (reports, actions) = tabs.loaded(6, false).unwrap_err();
        assert_eq!(actions, vec![Action::Lock]);
        assert!(matches!(&reports[..], [Report::NotSaved { what, .. }] if what == "SKU SKU-00001 saved."));
        assert!(tabs.is_locked());
    }

    #[test]
    fn a_refused_save_is_reported_not_saved() {
        let mut tabs = Tabs::new(5);
        tabs.edited("Settings saved.");
        let job = tabs.begin_save().unwrap();
        assert_eq!(job, SaveJob { rev: 1, based_on: 5, cause: "Settings saved".into() });
        let (reports, _) = tabs.save_conflict();
        assert_eq!(
            reports,
            vec![Report::NotSaved {
                what: "Settings saved.".into(),
                why: "another tab saved changes to this workspace first".into()
            }]
        );
    }

    #[test]
    fn typing_waits_for_the_users_choice() {
        let mut tabs = Tabs::new(5);
        let (_, actions) = tabs.other_saved(6, true);
        assert_eq!(actions, vec![Action::AskAboutDraft(6)]);
        assert!(tabs.may_edit().is_err(), "a save now would overwrite the other tab's");
        let (_, actions) = tabs.draft_decided();
        assert_eq!(actions, vec![Action::Load(6)]);
        // The form still holds the typing while the load runs; the user's
        // choice lets the load go ahead (it once asked again, for ever).
        assert_eq!(tabs.loaded(6, true), Ok(true));
        assert_eq!(tabs.generation, 6);
        assert!(tabs.may_edit().is_ok());
    }
}
