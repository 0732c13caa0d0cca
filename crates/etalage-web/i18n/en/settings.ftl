# Site settings: snippet, goals, API keys, share links.

## Shared
settings-at-utc = { $date }, { $time } UTC

## One site's settings page
site-open = Website settings: tracking code, goals and share links
site-title = Settings of { $domain }
site-not-found = This website does not exist, or you have no access to it.
site-saved = Your changes were saved.
site-heading = Website
site-domain = Domain
site-domain-hint = Your website's host name, such as shop.example. If you change it, also change data-domain in the tracking code on your website.
site-timezone-hint = The time zone in which reports count days and hours, such as Europe/Brussels.
site-save = Save
site-error-domain = Domain: enter a host name such as shop.example, without spaces.
site-error-domain-taken = Domain: etalage already has a website with this domain.
site-error-timezone = Time zone: enter a time zone such as Europe/Brussels or Europe/Amsterdam.
site-add-link = Add a website
site-new-title = Add a website
site-new-intro = Add the website you want to measure. You then get the tracking code for its pages.
site-new-submit = Add website
site-not-admin = Only an etalage administrator can add websites.

## Tracking snippet
snippet-heading = Tracking code
snippet-intro = Put this line in the <head> of every page of { $domain }. It sets no cookies and stores nothing in your visitors' browsers.
snippet-label = Code for your website
snippet-copy = Copy
snippet-copied = Copied.
snippet-hint = Visits from your own computer (localhost) are not counted by the tracker.
snippet-waiting = No data yet: etalage is waiting for this website's first event.
snippet-received = It works: the first event arrived on { $date } at { $time }.

## Goals
goal-heading = Goals
goal-intro = A goal counts conversions: a custom event (such as a signup) or a visit to a page (such as /thank-you).
goal-none = This website has no goals yet.
goal-caption = Goals of { $domain }
goal-name = Name
goal-name-hint = As you want to see it in reports, for example Contact request.
goal-trigger = Counts
goal-trigger-event = event { $name }
goal-trigger-page = visit to { $pattern }
goal-class = Kind
goal-soft = soft
goal-hard = hard
goal-class-soft = Soft (indirect value)
goal-class-hard = Hard (direct value)
goal-class-hint = Soft: a step towards a sale, such as a newsletter signup or a download. Hard: a sale or a contact request.
goal-value = Value per conversion
goal-value-hint = Optional. Leave the amount empty if the goal has no fixed value.
goal-amount = Amount
goal-currency = Currency
goal-actions = Actions
goal-edit = Edit
goal-edit-named = Edit goal { $name }
goal-delete = Delete
goal-delete-named = Delete goal { $name }
goal-delete-hint = Deleting a goal erases no data: it only disappears from the reports.
goal-new = Add a goal
goal-kind = What counts as a conversion?
goal-kind-event = A custom event
goal-kind-page = A visit to a page
goal-match = Event or page
goal-match-hint = For an event: the name your website sends, such as Signup. For a page: a path such as /thank-you; * stands for one part of the path, ** for several parts.
goal-create = Add goal
goal-update = Save changes
goal-cancel = Cancel
goal-edit-title = Edit goal { $name }
goal-not-found = This goal does not exist (any more).
goal-error-name-empty = Name: give the goal a name, such as Contact request.
goal-error-name-long = Name: use at most 100 characters, without line breaks.
goal-error-name-taken = Name: this website already has a goal with that name.
goal-error-kind = What counts as a conversion: choose a custom event or a visit to a page.
goal-error-event-empty = Event or page: enter the name of the event, such as Signup.
goal-error-event-long = Event or page: an event name has at most 200 characters, without line breaks.
goal-error-page = Event or page: a page starts with / and contains no spaces, such as /thank-you or /blog/*.
goal-error-class = Kind: choose soft or hard.
goal-error-amount = Amount: enter a number such as 40 or 12.50 (at most 4 decimals), or leave it empty.
goal-error-amount-negative = Amount: a value cannot be negative.
goal-error-currency = Currency: use a three-letter currency code, such as EUR.

## Share links
share-heading = Share links
share-intro = With a share link, someone without an account can view this website's dashboard without changing anything. You can revoke a link at any time.
share-none = No share links yet.
share-caption = Share links of { $domain }
share-label = Label
share-label-optional = Label (optional)
share-label-hint = To recognise the link later, such as “for the accountant”.
share-no-label = (no label)
share-created-at = Created
share-created-by = By
share-status = Status
share-active = active
share-revoked = revoked on { $at }
share-revoke = Revoke
share-revoke-named = Revoke share link { $label }
share-new = Create a share link
share-create = Create share link
share-created = The share link is ready. Copy it now: it is shown only once.
share-url = Share link
share-not-found = This share link does not exist or was already revoked.
share-error-label-long = Label: use at most 100 characters, without line breaks.

## API keys
apikey-title = API keys
apikey-summary = Keys for the stats API (/api/v2/query). A key gives access to the figures of every website.
apikey-link = Manage API keys
apikey-intro = With an API key, scripts and other programs fetch figures through /api/v2/query. A key gives access to the figures of every website in etalage, which is why only an administrator can create keys.
apikey-not-admin = Only an etalage administrator can manage API keys.
apikey-not-found = This API key does not exist or was already revoked.
apikey-list = Keys
apikey-none = No API keys yet.
apikey-name = Name
apikey-name-hint = What you use the key for, such as monthly report.
apikey-prefix = Starts with
apikey-created-at = Created
apikey-last-used = Last used
apikey-never-used = never
apikey-status = Status
apikey-active = active
apikey-revoked = revoked on { $at }
apikey-revoke = Revoke
apikey-revoke-named = Revoke key { $name }
apikey-revoked-notice = The key was revoked: it no longer works.
apikey-new = Create a key
apikey-create = Create key
apikey-created = The key is ready. Copy it now: it is shown only once.
apikey-token = API key
apikey-usage = Send it with every request as Authorization: Bearer, followed by the key.
apikey-error-name-empty = Name: give the key a name, such as monthly report.
apikey-error-name-long = Name: use at most 100 characters, without line breaks.
