# etalage web app — Nederlands (België). Every key here exists in en and fr too.

## Layout
layout-skip-to-content = Naar de inhoud
layout-logout = Afmelden
layout-nav-label = Hoofdmenu
layout-footer = etalage — je eigen cijfers, op je eigen server.
layout-no-sites = Nog geen websites.
layout-site = Website
layout-site-go = Tonen
layout-language = Taal

## Navigation
nav-dashboard = Overzicht
nav-kpis = Kerncijfers
nav-customers = Klanten
nav-advice = Advies
nav-settings = Instellingen

## Forms and errors
form-has-errors = Er is iets niet in orde
field-email = E-mailadres
field-password = Wachtwoord
field-password2 = Wachtwoord (nog eens)
field-role = Rol
error-email-invalid = E-mailadres: vul een adres in zoals naam@winkel.be.
error-password-short = Wachtwoord: gebruik minstens 10 tekens.
error-password-long = Wachtwoord: dit is te lang; houd het onder 1024 tekens.
error-password-mismatch = Wachtwoord (nog eens): de twee wachtwoorden verschillen.
error-title = Dat lukte niet
error-back-home = Terug naar het overzicht
error-csrf = Dit formulier is verlopen of kwam niet van etalage zelf. Ga terug, laad de pagina opnieuw en probeer het nog eens.
error-no-accounts = Deze server is gestart zonder gebruikersbeheer. Vraag de beheerder om etalage opnieuw te starten.
error-store = Er ging iets mis bij het lezen of bewaren van gegevens. Probeer het straks opnieuw; blijft het misgaan, kijk dan in het logboek van de server.
error-not-owner = Alleen een eigenaar van deze website kan dit doen.

## Setup
setup-title = etalage instellen
setup-intro = Maak het eerste account aan. Dit account wordt eigenaar van alle websites in etalage.
setup-password-hint = Kies een wachtwoord van minstens { $min ->
        [one] { $min } teken
       *[other] { $min } tekens
    }. Een korte zin onthoud je makkelijk.
setup-submit = Account aanmaken
setup-closed = etalage is al ingesteld. Meld je aan met je account.

## Login
login-title = Aanmelden
login-submit = Aanmelden
login-failed = Het e-mailadres of het wachtwoord klopt niet.
login-locked = Te veel mislukte pogingen. Probeer het opnieuw over { $minutes ->
        [one] { $minutes } minuut
       *[other] { $minutes } minuten
    } (na { $time } UTC).

## Pages
dashboard-title = Overzicht
dashboard-no-sites = Je hebt nog geen toegang tot een website. Vraag een eigenaar om je uit te nodigen.
dashboard-no-sites-admin = Er is nog geen website. Voeg er een toe op de server:

## Settings and members
settings-title = Instellingen
settings-account = Je account
settings-logged-in-as = Aangemeld als { $email }.
settings-sites = Websites
settings-timezone = Tijdzone
settings-your-role = Jouw rol
settings-members = Leden
settings-no-members = Nog geen andere leden.
settings-invited = uitgenodigd als { $role }, geldig tot { $date }
role-owner = eigenaar
role-viewer = lezer
invite-heading = Iemand uitnodigen
invite-submit = Uitnodiging maken
invite-created = De uitnodiging is klaar. Stuur deze link naar de persoon die je uitnodigt; hij werkt één keer en 7 dagen lang.
invite-link-label = Uitnodigingslink
invite-title = Uitnodiging
invite-intro = Je bent uitgenodigd voor { $domain } als { $role }.
invite-account = Account: { $email }
invite-accept = Uitnodiging aannemen
invite-invalid = Deze uitnodiging bestaat niet, is al gebruikt of is verlopen. Vraag om een nieuwe.
invite-log-in-first = Er bestaat al een account voor { $email }. Meld je daarmee aan en open de link daarna opnieuw.
