# The dashboard.
error-not-found = This page does not exist, or you may not see it.

## Head and period
dashboard-realtime = { $visitors ->
        [one] visitor
       *[other] visitors
    } now (last 30 minutes)
dashboard-shared = A read-only view shared through a link.
dashboard-period-label = Period
dashboard-period-today = Today
dashboard-period-7d = 7 days
dashboard-period-30d = 30 days
dashboard-period-month = This month
dashboard-period-6mo = 6 months
dashboard-period-12mo = 12 months
dashboard-from = From
dashboard-to = To
dashboard-compare = Compare with
dashboard-compare-previous = previous period
dashboard-compare-year = same period last year
dashboard-compare-off = nothing
dashboard-apply = Show
dashboard-range-compared = { $range }, compared with { $compare }

## Filters
dashboard-filters = Active filters
dashboard-filter-chip = { $dimension }: { $value }
dashboard-filter-remove = Remove the filter { $filter }
dashboard-filters-clear = Clear all filters
dashboard-filter-by = Filter the dashboard on this value

## Figures
dashboard-figures = Key figures
dashboard-metric-visitors = Visitors
dashboard-metric-visits = Visits
dashboard-metric-pageviews = Pageviews
dashboard-metric-views-per-visit = Views per visit
dashboard-metric-bounce-rate = Bounce rate
dashboard-metric-visit-duration = Visit duration
dashboard-metric-conversions = Conversions
dashboard-metric-goal-value = Value
dashboard-metric-events = Completions
dashboard-metric-conversion-rate = Conversion rate
dashboard-metric-revenue = Revenue
dashboard-change-new = new
dashboard-change-title = Comparison period: { $before }

## Chart
dashboard-chart-metric = Metric
dashboard-chart-interval = Per
dashboard-interval-hour = hour
dashboard-interval-day = day
dashboard-interval-week = week
dashboard-interval-month = month
dashboard-chart-compare = Comparison period
dashboard-chart-aria = Chart of { $metric } over the period; the same figures follow as a table.
dashboard-chart-as-table = Show as a table
dashboard-chart-bucket = Period

## Panels
dashboard-csv = CSV
dashboard-no-data = No data for this period.
dashboard-none = (none)
dashboard-share = Share
dashboard-panel-pages = Pages
dashboard-panel-sources = Sources
dashboard-panel-devices = Devices
dashboard-panel-countries = Countries
dashboard-panel-goals = Goals
dashboard-no-goals = No goals yet. Owners add them under Settings.
dashboard-tab-pages = Top pages
dashboard-tab-entry = Entry pages
dashboard-tab-exit = Exit pages
dashboard-tab-sources = Sources
dashboard-tab-channels = Channels
dashboard-tab-referrers = Referrers
dashboard-tab-utm-source = UTM source
dashboard-tab-utm-medium = UTM medium
dashboard-tab-utm-campaign = UTM campaign
dashboard-tab-devices = Devices
dashboard-tab-browsers = Browsers
dashboard-tab-os = Operating systems
dashboard-dim-page = Page
dashboard-dim-entry-page = Entry page
dashboard-dim-exit-page = Exit page
dashboard-dim-source = Source
dashboard-dim-channel = Channel
dashboard-dim-referrer = Referrer
dashboard-dim-utm-source = UTM source
dashboard-dim-utm-medium = UTM medium
dashboard-dim-utm-campaign = UTM campaign
dashboard-dim-device = Device
dashboard-dim-browser = Browser
dashboard-dim-os = Operating system
dashboard-dim-country = Country
dashboard-dim-goal = Goal
dashboard-dim-event = Event

## Break-even helper
dashboard-break-even = Break-even
dashboard-break-even-hint = How many conversions must a campaign bring in to pay for itself?
dashboard-break-even-cost = Campaign cost (€)
dashboard-break-even-value = Value per conversion (€)
dashboard-break-even-submit = Calculate
dashboard-break-even-result = { $cost } ÷ { $value } = { $needed ->
        [one] { $needed } conversion
       *[other] { $needed } conversions
    } needed. This period had { $actual } ({ $goal }).
dashboard-break-even-reached = That is enough: the campaign pays for itself.
dashboard-break-even-short = { $missing ->
        [one] { $missing } conversion
       *[other] { $missing } conversions
    } short of break-even.
dashboard-break-even-bad-cost = Enter the campaign cost as an amount, for example 1000 or 1.000,00.
dashboard-break-even-bad-value = Enter a value per conversion above zero, or choose a goal that has a value.

## Funnel
dashboard-funnel = Funnel
dashboard-funnel-needs-goals = A funnel needs at least two goals.
dashboard-funnel-step = Step { $n }
dashboard-funnel-empty = Choose at least two steps.
dashboard-funnel-step-col = Step
dashboard-funnel-conversion = From step 1
dashboard-funnel-dropoff = Drop-off

## Values
dashboard-device-mobile = Mobile
dashboard-device-desktop = Desktop
dashboard-device-tablet = Tablet
dashboard-channel-direct = Direct
dashboard-channel-organic-search = Organic search
dashboard-channel-paid-search = Paid search
dashboard-channel-organic-social = Organic social
dashboard-channel-paid-social = Paid social
dashboard-channel-email = E-mail
dashboard-channel-affiliates = Affiliates
dashboard-channel-display = Display ads
dashboard-channel-paid-other = Other paid
dashboard-channel-referral = Referral

## Alerts
dashboard-alerts = Alerts
dashboard-alert-segment = { $figure } from { $dimension } “{ $value }”
dashboard-alert-line = { $figure } { $change } on { $date }: { $value } against a usual { $usual } on that weekday.
dashboard-alert-cause = { $share } of the change came from { $dimension } “{ $value }”.
dashboard-alert-hint-search-ranking = Check your search ranking.
dashboard-alert-hint-ads = Check that your ads are running and their budget.
dashboard-alert-hint-social = Check your social media posts and ads.
dashboard-alert-hint-newsletter = Check whether your newsletter went out.
dashboard-alert-hint-tracker = Check that the site is up and the tracker is on every page.
dashboard-alert-hint-referrers = Check the sites that link to you.
dashboard-alert-hint-device = Check the site on that kind of device.
dashboard-alert-hint-country = Check delivery, prices and ads for that country.
dashboard-alert-hint-page = Check that page.
dashboard-alert-hint-general = Look at what changed that day.
dashboard-alert-hint-what-worked = Find out what brought them and do more of it.

## Alerts on the shop
alert-figure-returns = Units returned
alert-segment-of = { $figure } of { $dimension } “{ $value }”
alert-line-week = { $figure } { $change } in the week to { $date }: { $value } against a usual { $usual } a week.
alert-dim-sales-channel = Sales channel
alert-dim-customers = Customers
alert-dim-reason = Reason
alert-sales-webshop = Webshop
alert-sales-marketplace = Marketplace
alert-sales-shop-counter = Shop counter
alert-hint-checkout = Place a test order and check the checkout and payment.
alert-hint-sales-channel = Check that sales channel: your listings, your stock, your till.
alert-hint-new-customers = Check the campaigns that bring you new customers.
alert-hint-returning-customers = Check your newsletter and what your regular customers are offered.
alert-hint-returns-supplier = Check the quality and sizes of this supplier's products.
alert-hint-returns-product = Check the description, photos and size table of these products.
alert-hint-returns-reason = Read the reasons for the returns and tackle the most given one.
alert-hint-returns = Read the reasons for the returns of those days.
