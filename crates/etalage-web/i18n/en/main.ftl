# etalage web app — English. Every key here exists in nl and fr too.

## Layout
layout-skip-to-content = Skip to content
layout-logout = Log out
layout-nav-label = Main menu
layout-footer = etalage — your own figures, on your own server.
layout-no-sites = No websites yet.
layout-site = Website
layout-site-go = Show
layout-language = Language

## Navigation
nav-dashboard = Dashboard
nav-kpis = KPIs
nav-customers = Customers
nav-advice = Advice
nav-settings = Settings

## Forms and errors
form-has-errors = Something needs fixing
field-email = E-mail address
field-password = Password
field-password2 = Password (again)
field-role = Role
error-email-invalid = E-mail address: enter an address such as name@shop.example.
error-password-short = Password: use at least 10 characters.
error-password-long = Password: this is too long; keep it under 1024 characters.
error-password-mismatch = Password (again): the two passwords differ.
error-title = That did not work
error-back-home = Back to the dashboard
error-csrf = This form has expired or did not come from etalage itself. Go back, reload the page and try again.
error-no-accounts = This server was started without user accounts. Ask the administrator to restart etalage.
error-store = Something went wrong while reading or saving data. Try again shortly; if it keeps failing, look at the server's log.
error-not-owner = Only an owner of this website can do that.

## Setup
setup-title = Set up etalage
setup-intro = Create the first account. It becomes the owner of every website in etalage.
setup-password-hint = Choose a password of at least { $min ->
        [one] { $min } character
       *[other] { $min } characters
    }. A short sentence is easy to remember.
setup-submit = Create account
setup-closed = etalage is already set up. Log in with your account.

## Login
login-title = Log in
login-submit = Log in
login-failed = The e-mail address or the password is wrong.
login-locked = Too many failed attempts. Try again in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } (after { $time } UTC).

## Pages
dashboard-title = Dashboard
dashboard-no-sites = You cannot see any website yet. Ask an owner to invite you.
dashboard-no-sites-admin = There is no website yet. Add one on the server:

## Settings and members
settings-title = Settings
settings-account = Your account
settings-logged-in-as = Logged in as { $email }.
settings-sites = Websites
settings-timezone = Time zone
settings-your-role = Your role
settings-members = Members
settings-no-members = No other members yet.
settings-invited = invited as { $role }, valid until { $date }
role-owner = owner
role-viewer = viewer
invite-heading = Invite someone
invite-submit = Create invite
invite-created = The invite is ready. Send this link to the person you invite; it works once, for 7 days.
invite-link-label = Invite link
invite-title = Invitation
invite-intro = You are invited to { $domain } as { $role }.
invite-account = Account: { $email }
invite-accept = Accept the invitation
invite-invalid = This invite does not exist, was already used or has expired. Ask for a new one.
invite-log-in-first = An account for { $email } already exists. Log in with it, then open the link again.
