# The Customers page.
customers-no-orders = No orders with a known customer yet. Import the shop's orders (etalage import orders) or send them to POST /api/v1/orders.
customers-intro = { $customers ->
        [one] { $customers } customer
       *[other] { $customers } customers
    } with orders. Lifetime values are the expected margin of the next 52 weeks at { $margin } margin, discounted at 10 % a year.
customers-acquisition = An average customer is expected to bring { $clv }: a new customer may cost at most { $max } to break even, { $healthy } to keep value three times the cost. A new customer cost { $cac } over the last 90 days.
customers-cac-healthy = Healthy: each new customer brings at least three times what they cost.
customers-cac-tight = Tight: new customers pay for themselves, with little room to spare.
customers-cac-unprofitable = Too expensive: a new customer costs more than they are expected to bring.
customers-cac-unknown = Add the marketing spend (etalage import spend) to compare with what a new customer costs now.
customers-segments = Segments
customers-segment = Segment
customers-count = Customers
customers-revenue-share = Share of revenue
customers-average-value = Value so far
customers-average-clv = Expected value
customers-max-cac = Most a new one may cost
customers-what-to-do = What to do
customers-cohorts = Cohorts
customers-cohorts-hint = Customers by month of their first order, and the share of them ordering again 1, 2, 3… months later.
customers-cohort = First order
customers-seg-champions = Champions
customers-seg-loyal = Loyal
customers-seg-potential-loyalists = Potential loyalists
customers-seg-new = New
customers-seg-promising = Promising
customers-seg-need-attention = Need attention
customers-seg-about-to-sleep = About to sleep
customers-seg-at-risk = At risk
customers-seg-cant-lose-them = Can't lose them
customers-seg-hibernating = Hibernating
customers-seg-lost = Lost
customers-do-champions = Thank them, ask for reviews and referrals, give early access.
customers-do-loyal = Offer a loyalty programme and products that go with what they bought.
customers-do-potential-loyalists = Invite them to a loyalty programme; suggest a second category.
customers-do-new = Welcome them: delivery follow-up, how-to content, a reason to come back.
customers-do-promising = Build the relationship with useful content and a small first-repeat offer.
customers-do-need-attention = Send something personal and limited in time before they drift away.
customers-do-about-to-sleep = Remind them with their favourite products and a reason to come back now.
customers-do-at-risk = Win them back personally: ask what went wrong, offer a strong return reason.
customers-do-cant-lose-them = Contact them yourself: these were big spenders; find out why they stopped.
customers-do-hibernating = Try one reactivation campaign, then leave them alone.
customers-do-lost = Do not spend on them; learn from why they left.
customers-advice = Advice:
customers-channels = Acquisition channels
customers-channels-hint = A customer's channel is where their first order came from: the visit in which it was bought (search, social, e-mail…), else the sales channel. A new customer's cost is the channel's marketing spend from { $from } to { $to } divided by the customers whose first order came through it in those days.
customers-channel = Channel
customers-channel-webshop = Webshop (visit unknown)
customers-channel-marketplace = Marketplace
customers-channel-shop-counter = Shop counter
customers-new-customers = New (90 days)
customers-spend = Spend (90 days)
customers-cac = Cost of a new one
customers-no-new = no new customers
customers-verdict = Verdict
customers-verdict-healthy = Healthy
customers-verdict-tight = Tight
customers-verdict-unprofitable = Too expensive
customers-distribution = Spread of expected value
customers-distribution-summary = Half of the customers are expected to bring less than { $p50 }, one in ten more than { $p90 } and one in a hundred more than { $p99 }. The most valuable 10% of customers hold { $top10 } of all expected value, the top 20% hold { $top20 }.
customers-distribution-none = No customer has an expected value yet: see the model check below.
customers-band = Expected value
customers-band-under = under { $to }
customers-band-over = { $from } or more
customers-share-of-customers = Share of customers
customers-clv-share = Share of expected value
customers-diagnostics = Model check
customers-diagnostics-hint = The expected values come from two models fitted to the orders: BG/NBD for how often customers buy and when they stop (r and α: how fast they buy, in weeks; a and b: how likely they drop out after a purchase), and Gamma-Gamma for how much they spend per order (p, q and γ). A higher log-likelihood means a closer fit to the same orders.
customers-model = Model
customers-parameters = Parameters
customers-log-likelihood = Log-likelihood
customers-models-missing = The expected values cannot be computed yet, so they show as 0.
customers-holdout = Holdout check
customers-holdout-missing = The predictions cannot be checked yet.
customers-holdout-summary = Fitted on the orders up to { $end }, the model expected { $predicted ->
        [one] { $predicted } repeat purchase
       *[other] { $predicted } repeat purchases
    } from { $customers ->
        [one] that one customer
       *[other] those { $customers } customers
    } in the { $weeks ->
        [one] week
       *[other] { $weeks } weeks
    } after; they made { $actual }. Per number of repeat purchases before { $end }, the average purchases per customer afterwards:
customers-holdout-frequency = Repeat purchases before
customers-holdout-period = holdout
customers-actual = Actual
customers-predicted = Predicted
customers-tracking = Repeat purchases, actual and predicted
customers-tracking-hint = Cumulative repeat purchases week by week of the customers in the check. Left of the dotted line the model saw the orders; right of it, it had to predict them.
customers-tracking-table = The figures per week
customers-week-ending = Week ending
customers-shortfall-no-repeat-buyers = No customer has ordered on two different days yet, so there is nothing to learn how often customers come back.
customers-shortfall-short-history = The orders span less than 16 weeks: too short to hold the last weeks back and compare the predictions with them.
customers-shortfall-too-little-data = There are too few customers or repeat orders to estimate the models reliably.
customers-shortfall-model-failed = The models could not be fitted to these orders (a few extremely large orders can cause this).
