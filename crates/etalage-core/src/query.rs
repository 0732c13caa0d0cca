//! The stats query plan: a validated, store-independent description of what
//! to compute. The analytics crate builds it from an API request; a store
//! turns it into its own SQL.
use crate::{Goal, OffsetSegment, ParseError, UtcRange};

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vm])* $variant),+ }
        impl $name {
            /// Every value, in documentation order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name used in the API.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Parses an API name.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

named_enum! {
    /// A metric of the stats API. Each has one definition, written in
    /// `docs/metrics.md` and pinned by a test.
    Metric {
        /// Distinct visitor ids.
        Visitors = "visitors",
        /// Visits: runs of a visitor's events without a 30-minute gap.
        Visits = "visits",
        /// Events named `pageview`.
        Pageviews = "pageviews",
        /// pageviews / visits.
        ViewsPerVisit = "views_per_visit",
        /// % of visits with one pageview and no other event.
        BounceRate = "bounce_rate",
        /// Mean seconds between the first and last event of a visit.
        VisitDuration = "visit_duration",
        /// All events.
        Events = "events",
        /// Converting visitors / all visitors × 100.
        ConversionRate = "conversion_rate",
        /// Sum of revenue carried by events.
        TotalRevenue = "total_revenue",
        /// Mean revenue of events that carry revenue.
        AverageRevenue = "average_revenue",
        /// Sum of the money value of conversions.
        GoalValue = "goal_value",
    }
}

named_enum! {
    /// Time granularity of a `time:*` dimension, in the site's time zone.
    TimeBucket {
        /// Hour.
        Hour = "time:hour",
        /// Day.
        Day = "time:day",
        /// ISO week, starting Monday.
        Week = "time:week",
        /// Calendar month.
        Month = "time:month",
    }
}

named_enum! {
    /// A property to group or filter by.
    Dimension {
        /// Page path.
        EventPage = "event:page",
        /// Event name.
        EventName = "event:name",
        /// Goal the event converts for.
        EventGoal = "event:goal",
        /// First pageview path of the visit.
        EntryPage = "visit:entry_page",
        /// Last pageview path of the visit.
        ExitPage = "visit:exit_page",
        /// Source name.
        Source = "visit:source",
        /// Channel grouping.
        Channel = "visit:channel",
        /// Referrer host and path.
        Referrer = "visit:referrer",
        /// utm_source.
        UtmSource = "visit:utm_source",
        /// utm_medium.
        UtmMedium = "visit:utm_medium",
        /// utm_campaign.
        UtmCampaign = "visit:utm_campaign",
        /// utm_term.
        UtmTerm = "visit:utm_term",
        /// utm_content.
        UtmContent = "visit:utm_content",
        /// Device category.
        Device = "visit:device",
        /// Browser name.
        Browser = "visit:browser",
        /// Operating system.
        Os = "visit:os",
        /// Country code.
        Country = "visit:country",
        /// Hour bucket.
        TimeHour = "time:hour",
        /// Day bucket.
        TimeDay = "time:day",
        /// Week bucket.
        TimeWeek = "time:week",
        /// Month bucket.
        TimeMonth = "time:month",
    }
}

impl Dimension {
    /// The time bucket of a `time:*` dimension.
    pub fn time_bucket(&self) -> Option<TimeBucket> {
        match self {
            Dimension::TimeHour => Some(TimeBucket::Hour),
            Dimension::TimeDay => Some(TimeBucket::Day),
            Dimension::TimeWeek => Some(TimeBucket::Week),
            Dimension::TimeMonth => Some(TimeBucket::Month),
            _ => None,
        }
    }
}

named_enum! {
    /// A comparison in a filter.
    FilterOp {
        /// Equal to one of the values.
        Is = "is",
        /// Equal to none of the values.
        IsNot = "is_not",
        /// Contains one of the values (case-insensitive).
        Contains = "contains",
        /// Contains none of the values (case-insensitive).
        ContainsNot = "contains_not",
    }
}

/// A filter tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// A comparison of one dimension with a list of values.
    Condition {
        /// The comparison.
        op: FilterOp,
        /// The dimension compared (never a `time:*` one).
        dimension: Dimension,
        /// The values.
        values: Vec<String>,
    },
    /// All must hold.
    And(Vec<Filter>),
    /// At least one must hold.
    Or(Vec<Filter>),
    /// Must not hold.
    Not(Box<Filter>),
}

impl Filter {
    /// Whether any condition in the tree uses `dimension`.
    pub fn uses(&self, dimension: Dimension) -> bool {
        match self {
            Filter::Condition { dimension: d, .. } => *d == dimension,
            Filter::And(fs) | Filter::Or(fs) => fs.iter().any(|f| f.uses(dimension)),
            Filter::Not(f) => f.uses(dimension),
        }
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    /// Smallest first.
    Asc,
    /// Largest first.
    Desc,
}

/// One sort key: a metric or a dimension of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderBy {
    /// Sort by a metric.
    Metric(Metric, SortDirection),
    /// Sort by a dimension.
    Dimension(Dimension, SortDirection),
}

/// A validated query, ready for a store.
#[derive(Debug, Clone)]
pub struct QueryPlan {
    /// Internal site id.
    pub site_id: u32,
    /// The UTC instants covered.
    pub range: UtcRange,
    /// Local-time offsets over the range (site time zone).
    pub offsets: Vec<OffsetSegment>,
    /// Metrics, in response order.
    pub metrics: Vec<Metric>,
    /// Dimensions, in response order.
    pub dimensions: Vec<Dimension>,
    /// Filters on events and visits other than goals.
    pub filter: Option<Filter>,
    /// Goals the rows must convert for (a top-level `event:goal` filter);
    /// empty means no goal filter.
    pub goal_filter: Vec<Goal>,
    /// Every goal of the site (for `event:goal` and goal metrics).
    pub goals: Vec<Goal>,
    /// Sort keys.
    pub order_by: Vec<OrderBy>,
    /// Rows to return at most.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

impl QueryPlan {
    /// Totals of `metrics` over a UTC range, without dimensions or filters
    /// (the realtime count, checks in tests).
    pub fn totals(site_id: u32, range: UtcRange, metrics: Vec<Metric>) -> QueryPlan {
        QueryPlan {
            site_id,
            range,
            offsets: Vec::new(),
            metrics,
            dimensions: Vec::new(),
            filter: None,
            goal_filter: Vec::new(),
            goals: Vec::new(),
            order_by: Vec::new(),
            limit: 1,
            offset: 0,
        }
    }

    /// Checks the combinations a store cannot answer.
    pub fn validate(&self) -> Result<(), ParseError> {
        if self.metrics.is_empty() {
            return Err(ParseError::new("metrics", "ask for at least one metric"));
        }
        let goal_dim = self.dimensions.contains(&Dimension::EventGoal);
        if self.metrics.contains(&Metric::ConversionRate)
            && !goal_dim
            && self.goal_filter.is_empty()
        {
            return Err(ParseError::new(
                "metrics",
                "conversion_rate needs an event:goal filter or the event:goal dimension",
            ));
        }
        Ok(())
    }
}
