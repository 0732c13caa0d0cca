# Site settings: snippet, goals, API keys, share links.

## Shared
settings-at-utc = { $date }, { $time } UTC

## One site's settings page
site-open = Website-instellingen: trackingcode, doelen en deellinks
site-title = Instellingen van { $domain }
site-not-found = Deze website bestaat niet, of je hebt er geen toegang toe.
site-saved = Je wijzigingen zijn bewaard.
site-heading = Website
site-domain = Domein
site-domain-hint = De hostnaam van je website, zoals winkel.be. Verander je hem, pas dan ook data-domain aan in de trackingcode op je website.
site-timezone-hint = De tijdzone waarin de rapporten dagen en uren tellen, zoals Europe/Brussels.
site-save = Bewaren
site-error-domain = Domein: vul een hostnaam in zoals winkel.be, zonder spaties.
site-error-domain-taken = Domein: er is al een website met dit domein in etalage.
site-error-timezone = Tijdzone: vul een tijdzone in zoals Europe/Brussels of Europe/Amsterdam.
site-add-link = Een website toevoegen
site-new-title = Een website toevoegen
site-new-intro = Voeg de website toe die je wilt meten. Daarna krijg je de trackingcode voor je pagina’s.
site-new-submit = Website toevoegen
site-not-admin = Alleen een beheerder van etalage kan websites toevoegen.

## Tracking snippet
snippet-heading = Trackingcode
snippet-intro = Zet deze regel in de <head> van elke pagina van { $domain }. Hij plaatst geen cookies en bewaart niets in de browser van je bezoekers.
snippet-label = Code voor je website
snippet-copy = Kopiëren
snippet-copied = Gekopieerd.
snippet-hint = Bezoeken vanaf je eigen computer (localhost) telt de tracker niet mee.
snippet-waiting = Nog geen gegevens: etalage wacht op de eerste gebeurtenis van deze website.
snippet-received = Het werkt: de eerste gebeurtenis kwam binnen op { $date } om { $time }.

## Goals
goal-heading = Doelen
goal-intro = Een doel telt conversies: een eigen gebeurtenis (zoals een inschrijving) of een bezoek aan een pagina (zoals /bedankt).
goal-none = Deze website heeft nog geen doelen.
goal-caption = Doelen van { $domain }
goal-name = Naam
goal-name-hint = Zoals je het in de rapporten wilt zien, bijvoorbeeld Contactaanvraag.
goal-trigger = Telt
goal-trigger-event = gebeurtenis { $name }
goal-trigger-page = bezoek aan { $pattern }
goal-class = Soort
goal-soft = zacht
goal-hard = hard
goal-class-soft = Zacht (onrechtstreekse waarde)
goal-class-hard = Hard (rechtstreekse waarde)
goal-class-hint = Zacht: een stap naar een verkoop, zoals een inschrijving op de nieuwsbrief of een download. Hard: een verkoop of een contactaanvraag.
goal-value = Waarde per conversie
goal-value-hint = Niet verplicht. Laat het bedrag leeg als het doel geen vaste waarde heeft.
goal-amount = Bedrag
goal-currency = Munt
goal-actions = Acties
goal-edit = Bewerken
goal-edit-named = Doel { $name } bewerken
goal-delete = Verwijderen
goal-delete-named = Doel { $name } verwijderen
goal-delete-hint = Een doel verwijderen wist geen gegevens: het verdwijnt alleen uit de rapporten.
goal-new = Een doel toevoegen
goal-kind = Wat telt als conversie?
goal-kind-event = Een eigen gebeurtenis
goal-kind-page = Een bezoek aan een pagina
goal-match = Gebeurtenis of pagina
goal-match-hint = Voor een gebeurtenis: de naam die je website doorgeeft, zoals Signup. Voor een pagina: een pad zoals /bedankt; * staat voor één deel van het pad, ** voor meerdere delen.
goal-create = Doel toevoegen
goal-update = Wijzigingen bewaren
goal-cancel = Annuleren
goal-edit-title = Doel { $name } bewerken
goal-not-found = Dit doel bestaat niet (meer).
goal-error-name-empty = Naam: geef het doel een naam, zoals Contactaanvraag.
goal-error-name-long = Naam: gebruik hoogstens 100 tekens, zonder regeleinden.
goal-error-name-taken = Naam: deze website heeft al een doel met die naam.
goal-error-kind = Wat telt als conversie: kies een eigen gebeurtenis of een bezoek aan een pagina.
goal-error-event-empty = Gebeurtenis of pagina: vul de naam van de gebeurtenis in, zoals Signup.
goal-error-event-long = Gebeurtenis of pagina: de naam van een gebeurtenis heeft hoogstens 200 tekens, zonder regeleinden.
goal-error-page = Gebeurtenis of pagina: een pagina begint met / en bevat geen spaties, zoals /bedankt of /blog/*.
goal-error-class = Soort: kies zacht of hard.
goal-error-amount = Bedrag: vul een getal in zoals 40 of 12,50 (hoogstens 4 cijfers na de komma), of laat het leeg.
goal-error-amount-negative = Bedrag: een waarde kan niet negatief zijn.
goal-error-currency = Munt: gebruik een muntcode van drie letters, zoals EUR.

## Share links
share-heading = Deellinks
share-intro = Met een deellink bekijkt iemand zonder account het overzicht van deze website, zonder iets te kunnen veranderen. Je kunt een link altijd intrekken.
share-none = Nog geen deellinks.
share-caption = Deellinks van { $domain }
share-label = Omschrijving
share-label-optional = Omschrijving (niet verplicht)
share-label-hint = Om de link later te herkennen, zoals “voor de boekhouder”.
share-no-label = (zonder omschrijving)
share-created-at = Gemaakt
share-created-by = Door
share-status = Status
share-active = actief
share-revoked = ingetrokken op { $at }
share-revoke = Intrekken
share-revoke-named = Deellink { $label } intrekken
share-new = Een deellink maken
share-create = Deellink maken
share-created = De deellink is klaar. Kopieer hem nu: hij wordt maar één keer getoond.
share-url = Deellink
share-not-found = Deze deellink bestaat niet of is al ingetrokken.
share-error-label-long = Omschrijving: gebruik hoogstens 100 tekens, zonder regeleinden.

## API keys
apikey-title = API-sleutels
apikey-summary = Sleutels voor de stats-API (/api/v2/query). Een sleutel geeft toegang tot de cijfers van alle websites.
apikey-link = API-sleutels beheren
apikey-intro = Met een API-sleutel halen scripts en andere programma’s cijfers op via /api/v2/query. Een sleutel geeft toegang tot de cijfers van alle websites in etalage; daarom kan alleen een beheerder sleutels maken.
apikey-not-admin = Alleen een beheerder van etalage kan API-sleutels beheren.
apikey-not-found = Deze API-sleutel bestaat niet of is al ingetrokken.
apikey-list = Sleutels
apikey-none = Nog geen API-sleutels.
apikey-name = Naam
apikey-name-hint = Waarvoor je de sleutel gebruikt, zoals maandrapport.
apikey-prefix = Begint met
apikey-created-at = Gemaakt
apikey-last-used = Laatst gebruikt
apikey-never-used = nog nooit
apikey-status = Status
apikey-active = actief
apikey-revoked = ingetrokken op { $at }
apikey-revoke = Intrekken
apikey-revoke-named = Sleutel { $name } intrekken
apikey-revoked-notice = De sleutel is ingetrokken: hij werkt niet meer.
apikey-new = Een sleutel maken
apikey-create = Sleutel maken
apikey-created = De sleutel is klaar. Kopieer hem nu: hij wordt maar één keer getoond.
apikey-token = API-sleutel
apikey-usage = Stuur hem bij elke vraag mee als Authorization: Bearer, gevolgd door de sleutel.
apikey-error-name-empty = Naam: geef de sleutel een naam, zoals maandrapport.
apikey-error-name-long = Naam: gebruik hoogstens 100 tekens, zonder regeleinden.
