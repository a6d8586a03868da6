//! Reusable view pieces: tables, form fields, dialogs, banners.

pub mod banner;
pub mod drafts;
pub mod form;
pub mod modal;
pub mod table;
