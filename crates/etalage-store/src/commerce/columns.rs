//! Staged rows built column by column, as Arrow arrays, for
//! [`super::stage::StageAppender::append_batch`]. `Appender::append_row`
//! turns every cell into a DuckDB value of its own; a record batch hands
//! DuckDB whole columns (numbers, times and amounts without conversion,
//! text one call per cell), which made staging a batch of orders and their
//! lines several times faster.
use chrono::{DateTime, Utc};
use duckdb::arrow::array::{
    ArrayRef, BooleanArray, Decimal128Array, Int32Array, Int64Array, StringArray,
    TimestampMicrosecondArray, UInt32Array, UInt64Array,
};
use duckdb::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use duckdb::arrow::record_batch::RecordBatch;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The columns of one staged table, in the table's column order.
#[derive(Default)]
pub(super) struct Columns {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
}

impl Columns {
    fn push(&mut self, data_type: DataType, array: ArrayRef) {
        let name = format!("c{}", self.fields.len());
        self.fields.push(Field::new(name, data_type, true));
        self.arrays.push(array);
    }

    /// A `BIGINT` column.
    pub(super) fn int64(&mut self, values: impl IntoIterator<Item = i64>) -> &mut Self {
        self.push(
            DataType::Int64,
            Arc::new(Int64Array::from_iter_values(values)),
        );
        self
    }

    /// An `INTEGER` column.
    pub(super) fn int32(&mut self, values: impl IntoIterator<Item = i32>) -> &mut Self {
        self.push(
            DataType::Int32,
            Arc::new(Int32Array::from_iter_values(values)),
        );
        self
    }

    /// A `UINTEGER` column.
    pub(super) fn uint32(&mut self, values: impl IntoIterator<Item = u32>) -> &mut Self {
        self.push(
            DataType::UInt32,
            Arc::new(UInt32Array::from_iter_values(values)),
        );
        self
    }

    /// A `UBIGINT` column, NULL where `None`.
    pub(super) fn uint64(&mut self, values: impl IntoIterator<Item = Option<u64>>) -> &mut Self {
        self.push(
            DataType::UInt64,
            Arc::new(values.into_iter().collect::<UInt64Array>()),
        );
        self
    }

    /// A `VARCHAR` column, NULL where `None`.
    pub(super) fn text<'a>(
        &mut self,
        values: impl IntoIterator<Item = Option<&'a str>>,
    ) -> &mut Self {
        self.push(
            DataType::Utf8,
            Arc::new(values.into_iter().collect::<StringArray>()),
        );
        self
    }

    /// A `TIMESTAMP` column (UTC, microseconds), NULL where `None`.
    pub(super) fn time(
        &mut self,
        values: impl IntoIterator<Item = Option<DateTime<Utc>>>,
    ) -> &mut Self {
        let micros: TimestampMicrosecondArray = values
            .into_iter()
            .map(|t| t.map(|t| t.timestamp_micros()))
            .collect();
        self.push(
            DataType::Timestamp(TimeUnit::Microsecond, None),
            Arc::new(micros),
        );
        self
    }

    /// A `DECIMAL(18, 4)` column. Amounts have at most 4 decimals and stay
    /// below 10¹³ (`etalage_core::commerce::parse_amount`), so rescaling is
    /// exact and fits.
    pub(super) fn amount(&mut self, values: impl IntoIterator<Item = Decimal>) -> &mut Self {
        let mantissas: Decimal128Array = values
            .into_iter()
            .map(|mut d| {
                d.rescale(4);
                Some(d.mantissa())
            })
            .collect();
        let array = mantissas
            .with_precision_and_scale(18, 4)
            .expect("18, 4 is a valid decimal type");
        self.push(DataType::Decimal128(18, 4), Arc::new(array));
        self
    }

    /// A `BOOLEAN` column.
    pub(super) fn boolean(&mut self, values: impl IntoIterator<Item = bool>) -> &mut Self {
        self.push(
            DataType::Boolean,
            Arc::new(values.into_iter().map(Some).collect::<BooleanArray>()),
        );
        self
    }

    /// The columns as one record batch.
    pub(super) fn batch(self) -> RecordBatch {
        RecordBatch::try_new(Arc::new(Schema::new(self.fields)), self.arrays)
            .expect("every column has one value per staged row")
    }
}
