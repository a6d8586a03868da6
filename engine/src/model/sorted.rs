//! `Sorted<T>`: a workspace table that is in key order whenever anyone can
//! look at it.
//!
//! The rows are private: reading goes through `Deref<Target = [T]>` (so
//! `iter`, `len`, indexing and `binary_search_by` work as on a slice), and
//! every way to change them puts them back in key order before anyone can
//! read the table again: the methods keep the order as they go, and the
//! plain `Vec` lent out by `rows_mut`/`edit` is sorted back in when it is
//! returned. There is no `DerefMut`, so "call `normalize()` after editing"
//! is not a rule anyone has to remember. Rows with equal keys are kept, in
//! their input order: refusing duplicate keys is validation's job
//! (`io::check`), and it has to see them to name them.
//!
//! Sorting goes through `crate::sorting`, so each table's order costs no
//! extra copy of the sort algorithm in the WebAssembly module.

use std::cmp::Ordering;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::catalog::{Contract, Location, Offer, Sku, Supplier};
use super::forecasting::{ForecastOverride, ForecastPin, Launch, Promotion};
use super::purchasing::{PurchaseOrder, RecurringOrder};
use super::settings::{ApprovalThreshold, Budget, CurrencyRate, MinMaxOverride};
use super::stock::{StockCommitment, StockLot};

/// A row with a key that orders its table.
pub trait Keyed {
    /// The order of two rows' keys.
    fn cmp_key(&self, other: &Self) -> Ordering;

    /// Restore whatever order the row keeps inside itself (a purchase
    /// order's lines and receipts). Called on every row a table takes in or
    /// hands out for changing.
    fn normalize_row(&mut self) {}
}

/// A `Vec` of rows kept in key order (see the module documentation).
#[derive(Clone, Debug, PartialEq)]
pub struct Sorted<T> {
    rows: Vec<T>,
}

impl<T> Default for Sorted<T> {
    fn default() -> Self {
        Self { rows: Vec::new() }
    }
}

impl<T> Deref for Sorted<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.rows
    }
}

impl<T: Keyed> Sorted<T> {
    /// The rows in key order; rows with equal keys keep their order in `rows`.
    pub fn from_vec(mut rows: Vec<T>) -> Self {
        rows.iter_mut().for_each(T::normalize_row);
        crate::sorting::sort_by(&mut rows, T::cmp_key);
        Self { rows }
    }

    /// The rows, in key order, for the caller to own.
    pub fn into_vec(self) -> Vec<T> {
        self.rows
    }

    /// Replace every row with `rows` (sorted, as `from_vec`).
    pub fn replace_all(&mut self, rows: Vec<T>) {
        *self = Self::from_vec(rows);
    }

    /// Where a row with `row`'s key is (`Ok`) or would go (`Err`).
    fn search(&self, row: &T) -> Result<usize, usize> {
        self.rows.binary_search_by(|probe| probe.cmp_key(row))
    }

    /// Put `row` in its place: it replaces the row with the same key (which is
    /// returned), or is inserted where its key sorts.
    pub fn upsert(&mut self, mut row: T) -> Option<T> {
        row.normalize_row();
        match self.search(&row) {
            Ok(idx) => Some(std::mem::replace(&mut self.rows[idx], row)),
            Err(idx) => {
                self.rows.insert(idx, row);
                None
            }
        }
    }

    /// Keep only the rows `keep` says yes to (order is unaffected).
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.rows.retain(keep);
    }

    /// Remove and return the row at `idx`.
    pub fn remove(&mut self, idx: usize) -> T {
        self.rows.remove(idx)
    }

    pub fn clear(&mut self) {
        self.rows.clear();
    }

    /// Keep the first `len` rows in key order.
    pub fn truncate(&mut self, len: usize) {
        self.rows.truncate(len);
    }

    /// Change the row at `idx`; if the change moved its key, the row moves to
    /// where the new key sorts.
    pub fn modify<R>(&mut self, idx: usize, change: impl FnOnce(&mut T) -> R) -> R {
        let result = change(&mut self.rows[idx]);
        self.rows[idx].normalize_row();
        let out_of_place = (idx > 0 && self.rows[idx - 1].cmp_key(&self.rows[idx]) == Ordering::Greater)
            || (idx + 1 < self.rows.len() && self.rows[idx].cmp_key(&self.rows[idx + 1]) == Ordering::Greater);
        if out_of_place {
            let row = self.rows.remove(idx);
            let at = self.rows.partition_point(|probe| probe.cmp_key(&row) != Ordering::Greater);
            self.rows.insert(at, row);
        }
        result
    }

    /// Change the first row `find` picks, as `modify`; `None` if there is none.
    pub fn modify_where<R>(&mut self, find: impl FnMut(&T) -> bool, change: impl FnOnce(&mut T) -> R) -> Option<R> {
        let idx = self.rows.iter().position(find)?;
        Some(self.modify(idx, change))
    }

    /// Change many rows at once through the plain `Vec` (push, edit in
    /// place, drain…); the rows are sorted again before this returns. For
    /// bulk work (an import, a cascade) where one sort at the end beats
    /// keeping the order after every step.
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut Vec<T>) -> R) -> R {
        change(&mut self.rows_mut())
    }

    /// The rows as a plain `Vec`, for as long as the returned guard lives;
    /// dropping it sorts them back into the table. The table is borrowed
    /// meanwhile, so nobody sees it out of order, and the rows are moved out
    /// while the guard holds them: a guard that is leaked leaves an empty
    /// table, never an unsorted one.
    pub fn rows_mut(&mut self) -> RowsMut<'_, T> {
        let rows = std::mem::take(&mut self.rows);
        RowsMut { table: self, rows }
    }
}

/// The rows of a `Sorted` lent out for changing (see `Sorted::rows_mut`).
pub struct RowsMut<'a, T: Keyed> {
    table: &'a mut Sorted<T>,
    rows: Vec<T>,
}

impl<T: Keyed> Deref for RowsMut<'_, T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.rows
    }
}

impl<T: Keyed> std::ops::DerefMut for RowsMut<'_, T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.rows
    }
}

impl<T: Keyed> Drop for RowsMut<'_, T> {
    fn drop(&mut self) {
        self.table.rows = Sorted::from_vec(std::mem::take(&mut self.rows)).rows;
    }
}

impl<T: Keyed> From<Vec<T>> for Sorted<T> {
    fn from(rows: Vec<T>) -> Self {
        Self::from_vec(rows)
    }
}

impl<T: Keyed> FromIterator<T> for Sorted<T> {
    fn from_iter<I: IntoIterator<Item = T>>(rows: I) -> Self {
        Self::from_vec(rows.into_iter().collect())
    }
}

impl<T: Keyed> Extend<T> for Sorted<T> {
    /// Add rows (duplicates of existing keys are kept, after them); one sort at the end.
    fn extend<I: IntoIterator<Item = T>>(&mut self, rows: I) {
        self.edit(|all| all.extend(rows));
    }
}

impl<'a, T> IntoIterator for &'a Sorted<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

impl<T> IntoIterator for Sorted<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.rows.into_iter()
    }
}

/// A plain sequence, exactly as the `Vec` it replaced.
impl<T: Serialize> Serialize for Sorted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

/// Whatever order the data had, the table is in key order once read.
impl<'de, T: Deserialize<'de> + Keyed> Deserialize<'de> for Sorted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Self::from_vec)
    }
}

// The orders below are the tables' keys, as `docs/formats.md` names them.

impl Keyed for Location {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

impl Keyed for Sku {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

impl Keyed for Supplier {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

impl Keyed for Offer {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.supplier, &self.sku).cmp(&(&other.supplier, &other.sku))
    }
}

impl Keyed for Contract {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

impl Keyed for StockLot {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.sku, &self.location, &self.lot).cmp(&(&other.sku, &other.location, &other.lot))
    }
}

impl Keyed for StockCommitment {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.sku, &self.location).cmp(&(&other.sku, &other.location))
    }
}

impl Keyed for PurchaseOrder {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }

    /// Lines ascending by line number, each line's receipts by receipt number.
    fn normalize_row(&mut self) {
        crate::sorting::sort_by_key(&mut self.lines, |line| line.line_no);
        for line in &mut self.lines {
            crate::sorting::sort_by_key(&mut line.receipts, |receipt| receipt.receipt_no);
        }
        crate::sorting::sort_by_key(&mut self.log, |event| event.seq);
    }
}

impl Keyed for RecurringOrder {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }

    /// Lines ascending by SKU.
    fn normalize_row(&mut self) {
        crate::sorting::sort_by(&mut self.lines, |a, b| a.sku.cmp(&b.sku));
    }
}

impl Keyed for CurrencyRate {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.currency, self.as_of).cmp(&(&other.currency, other.as_of))
    }
}

impl Keyed for Budget {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.family, self.month).cmp(&(&other.family, other.month))
    }
}

impl Keyed for MinMaxOverride {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.sku, &self.location).cmp(&(&other.sku, &other.location))
    }
}

impl Keyed for ForecastPin {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.scope.cmp(&other.scope)
    }
}

impl Keyed for ForecastOverride {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.sku, &self.location, self.week_start).cmp(&(&other.sku, &other.location, other.week_start))
    }
}

impl Keyed for Promotion {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}

impl Keyed for Launch {
    fn cmp_key(&self, other: &Self) -> Ordering {
        (&self.sku, &self.location).cmp(&(&other.sku, &other.location))
    }
}

impl Keyed for ApprovalThreshold {
    fn cmp_key(&self, other: &Self) -> Ordering {
        self.min_value.cmp(&other.min_value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A row keyed by `key`, carrying a payload the key does not see.
    #[derive(Clone, Debug, PartialEq)]
    struct Row {
        key: u8,
        payload: u16,
    }

    impl Keyed for Row {
        fn cmp_key(&self, other: &Self) -> Ordering {
            self.key.cmp(&other.key)
        }
    }

    #[derive(Clone, Debug)]
    enum Step {
        Upsert(u8, u16),
        Retain(u8),
        Modify(usize, u8, u16),
        Remove(usize),
        Truncate(usize),
        Edit(Vec<(u8, u16)>),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0u8..40, any::<u16>()).prop_map(|(k, p)| Step::Upsert(k, p)),
            1 => (2u8..6).prop_map(Step::Retain),
            2 => (any::<usize>(), 0u8..40, any::<u16>()).prop_map(|(i, k, p)| Step::Modify(i, k, p)),
            1 => any::<usize>().prop_map(Step::Remove),
            1 => (0usize..30).prop_map(Step::Truncate),
            1 => proptest::collection::vec((0u8..40, any::<u16>()), 0..4).prop_map(Step::Edit),
        ]
    }

    fn is_sorted(rows: &[Row]) -> bool {
        rows.windows(2).all(|pair| pair[0].key <= pair[1].key)
    }

    proptest! {
        /// After every mutation the table is in key order, and as long as
        /// only `upsert`/`retain` ran it equals a map from key to last payload.
        #[test]
        fn no_mutation_leaves_the_table_unsorted(
            start in proptest::collection::vec((0u8..40, any::<u16>()), 0..30),
            steps in proptest::collection::vec(step(), 0..60),
        ) {
            let mut table: Sorted<Row> = start.iter().map(|&(key, payload)| Row { key, payload }).collect();
            prop_assert!(is_sorted(&table));
            // Start from the reference model's view: one row per key, the first given.
            let mut model = std::collections::BTreeMap::new();
            for &(key, payload) in &start {
                model.entry(key).or_insert(payload);
            }
            table.retain({
                let mut seen = std::collections::BTreeSet::new();
                move |row| seen.insert(row.key)
            });
            let mut model_holds = true;
            for step in steps {
                match step {
                    Step::Upsert(key, payload) => {
                        table.upsert(Row { key, payload });
                        model.insert(key, payload);
                    }
                    Step::Retain(modulus) => {
                        table.retain(|row| row.key % modulus != 0);
                        model.retain(|key, _| key % modulus != 0);
                    }
                    Step::Modify(idx, key, payload) => {
                        if !table.is_empty() {
                            table.modify(idx % table.len(), |row| *row = Row { key, payload });
                            model_holds = false;
                        }
                    }
                    Step::Remove(idx) => {
                        if !table.is_empty() {
                            let row = table.remove(idx % table.len());
                            model.remove(&row.key);
                        }
                    }
                    Step::Truncate(len) => {
                        table.truncate(len);
                        while model.len() > len {
                            model.pop_last();
                        }
                    }
                    Step::Edit(rows) => {
                        let mut all = table.rows_mut();
                        all.reverse();
                        all.extend(rows.iter().map(|&(key, payload)| Row { key, payload }));
                        drop(all);
                        model_holds = false;
                    }
                }
                prop_assert!(is_sorted(&table), "unsorted after a step: {:?}", &*table);
                if model_holds {
                    let expected: Vec<Row> = model.iter().map(|(&key, &payload)| Row { key, payload }).collect();
                    prop_assert_eq!(&*table, &expected[..]);
                }
            }
        }
    }

    #[test]
    fn reading_json_sorts_and_keeps_duplicates_for_validation_to_name() {
        let json = r#"[{"min_value":"25000","approver":"b"},{"min_value":"5000","approver":"a"},{"min_value":"5000.00","approver":"c"}]"#;
        let table: Sorted<ApprovalThreshold> = serde_json::from_str(json).unwrap();
        let approvers: Vec<&str> = table.iter().map(|t| t.approver.as_str()).collect();
        assert_eq!(approvers, ["a", "c", "b"]);
        assert_eq!(serde_json::to_string(&table).unwrap().matches("approver").count(), 3);
    }

    #[test]
    fn a_purchase_order_is_taken_in_with_its_lines_in_order() {
        let json = r#"{"id":"PO1","supplier":"S","location":"W","status":"draft","created":"2025-01-01","approved":null,"sent":null,"promised":null,"received":null,"note":"","lines":[{"line_no":2,"sku":"B","quantity":1.0,"unit_price":"1","receipts":[]},{"line_no":1,"sku":"A","quantity":1.0,"unit_price":"1","receipts":[]}],"log":[{"seq":2,"at":"2025-01-02T10:00:00","role":"Buyer","kind":"submitted","comment":""},{"seq":1,"at":"2025-01-01T09:30:00","role":"Buyer","kind":"drafted","comment":""}]}"#;
        let order: PurchaseOrder = serde_json::from_str(json).unwrap();
        let mut table = Sorted::default();
        table.upsert(order);
        let line_numbers: Vec<u32> = table[0].lines.iter().map(|line| line.line_no).collect();
        assert_eq!(line_numbers, [1, 2]);
        let log: Vec<u32> = table[0].log.iter().map(|event| event.seq).collect();
        assert_eq!(log, [1, 2]);
        table.modify(0, |order| order.lines.reverse());
        let line_numbers: Vec<u32> = table[0].lines.iter().map(|line| line.line_no).collect();
        assert_eq!(line_numbers, [1, 2]);
    }
}
