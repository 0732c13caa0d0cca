//! Customer-value models for etalage: which customers matter, what they are
//! worth, and what a new one may cost.
//!
//! Pure math over a shop's orders, no I/O beyond parsing a CSV from any
//! [`std::io::Read`]:
//!
//! - per-customer summaries in the `lifetimes` convention ([`summarize`],
//!   [`calibration_and_holdout`]);
//! - RFM scores and named segments ([`rfm`], [`Segment`]);
//! - BG/NBD, Pareto/NBD and Gamma-Gamma fitted by maximum likelihood
//!   ([`fit_report`], [`BgNbd`], [`ParetoNbd`], [`GammaGamma`]), with
//!   probability alive, expected purchases, expected spend and CLV
//!   ([`predict`]), checked against a holdout period ([`holdout_table`],
//!   [`tracking_series`]);
//! - historical value and cohort retention ([`customer_value`],
//!   [`segment_value`], [`cohort_retention`]);
//! - the maximum acquisition cost of a customer ([`max_acquisition_cost`]),
//!   also per acquisition channel against its spend ([`channel_values`]);
//! - the spread of lifetime value ([`clv_distribution`]) and how well the
//!   purchase model predicts a holdout period ([`holdout_check`]), both part
//!   of the shop's [`value_overview`].
//!
//! The models are checked against the published CDNOW results of Fader,
//! Hardie & Lee (see `tests/cdnow.rs`).
//!
//! ```
//! use etalage_value::{read_transactions_csv, rfm, Segment};
//! use chrono::NaiveDate;
//!
//! let csv = "customer_id,date,amount\n\
//!            ann,2024-01-02,40.00\n\
//!            ann,2024-03-01,25.50\n\
//!            bob,2023-06-10,12.00\n";
//! let orders = read_transactions_csv(csv.as_bytes())?;
//! let scores = rfm(&orders, NaiveDate::from_ymd_opt(2024, 3, 31).unwrap())?;
//! assert_eq!(scores[0].customer_id, "ann");
//! assert!(scores[0].r_score > scores[1].r_score); // ann bought more recently
//! assert_eq!(scores[1].segment, Segment::Lost); // bob: lowest R, F and M
//! assert_eq!(scores[1].segment.id(), "lost");
//! # Ok::<(), etalage_value::Error>(())
//! ```
#![deny(missing_docs)]

mod acquisition;
mod bgnbd;
mod channels;
mod data;
mod diagnostics;
mod distribution;
mod error;
mod gamma_gamma;
mod groups;
mod history;
mod model;
mod optim;
mod pareto;
mod report;
mod rfm;
mod segments;
mod special;

pub use acquisition::{max_acquisition_cost, AcquisitionBudget, CacVerdict, HEALTHY_RATIO};
pub use bgnbd::BgNbd;
pub use channels::{channel_values, AcquiredCustomer, ChannelValue};
pub use data::{
    calibration_and_holdout, read_transactions_csv, summarize, CustomerSummary, HoldoutSummary,
    Period, Transaction,
};
pub use diagnostics::{
    holdout_check, holdout_split, Diagnostics, HoldoutCheck, Shortfall, MIN_HISTORY_WEEKS,
    MIN_HOLDOUT_WEEKS,
};
pub use distribution::{clv_distribution, quantile, ClvBand, ClvDistribution};
pub use error::{Error, Result};
pub use gamma_gamma::GammaGamma;
pub use history::{
    cohort_retention, customer_value, segment_value, CohortRow, CustomerValue, SegmentValue,
};
pub use model::{Fitted, PurchaseModel};
pub use pareto::ParetoNbd;
pub use report::{
    fit_report, holdout_table, predict, score, tracking_series, CustomerPrediction, FitOptions,
    FitReport, HoldoutRow, Model, PredictOptions, TrackingPoint,
};
pub use rfm::{rfm, rfm_scores, rfm_values, RfmScore, RfmValues, Segment};
pub use segments::{value_overview, SegmentSummary, ValueOverview};
