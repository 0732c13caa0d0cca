# Het dashboard.
error-not-found = Deze pagina bestaat niet, of je mag ze niet zien.

## Kop en periode
dashboard-realtime = { $visitors ->
        [one] bezoeker
       *[other] bezoekers
    } nu (laatste 30 minuten)
dashboard-shared = Een alleen-lezen weergave, gedeeld via een link.
dashboard-period-label = Periode
dashboard-period-today = Vandaag
dashboard-period-7d = 7 dagen
dashboard-period-30d = 30 dagen
dashboard-period-month = Deze maand
dashboard-period-6mo = 6 maanden
dashboard-period-12mo = 12 maanden
dashboard-from = Van
dashboard-to = Tot en met
dashboard-compare = Vergelijken met
dashboard-compare-previous = vorige periode
dashboard-compare-year = zelfde periode vorig jaar
dashboard-compare-off = niets
dashboard-apply = Toon
dashboard-range-compared = { $range }, vergeleken met { $compare }

## Filters
dashboard-filters = Actieve filters
dashboard-filter-chip = { $dimension }: { $value }
dashboard-filter-remove = Filter { $filter } weghalen
dashboard-filters-clear = Alle filters wissen
dashboard-filter-by = Filter het dashboard op deze waarde

## Kerncijfers
dashboard-figures = Kerncijfers
dashboard-metric-visitors = Bezoekers
dashboard-metric-visits = Bezoeken
dashboard-metric-pageviews = Paginaweergaven
dashboard-metric-views-per-visit = Pagina's per bezoek
dashboard-metric-bounce-rate = Bouncepercentage
dashboard-metric-visit-duration = Bezoekduur
dashboard-metric-conversions = Conversies
dashboard-metric-goal-value = Waarde
dashboard-metric-events = Voltooiingen
dashboard-metric-conversion-rate = Conversieratio
dashboard-metric-revenue = Omzet
dashboard-change-new = nieuw
dashboard-change-title = Vergelijkingsperiode: { $before }

## Grafiek
dashboard-chart-metric = Cijfer
dashboard-chart-interval = Per
dashboard-interval-hour = uur
dashboard-interval-day = dag
dashboard-interval-week = week
dashboard-interval-month = maand
dashboard-chart-compare = Vergelijkingsperiode
dashboard-chart-aria = Grafiek van { $metric } over de periode; dezelfde cijfers staan hieronder in een tabel.
dashboard-chart-as-table = Toon als tabel
dashboard-chart-bucket = Periode

## Panelen
dashboard-csv = CSV
dashboard-no-data = Geen gegevens voor deze periode.
dashboard-none = (geen)
dashboard-share = Aandeel
dashboard-panel-pages = Pagina's
dashboard-panel-sources = Bronnen
dashboard-panel-devices = Toestellen
dashboard-panel-countries = Landen
dashboard-panel-goals = Doelen
dashboard-no-goals = Nog geen doelen. Eigenaars voegen ze toe bij Instellingen.
dashboard-tab-pages = Toppagina's
dashboard-tab-entry = Instappagina's
dashboard-tab-exit = Uitstappagina's
dashboard-tab-sources = Bronnen
dashboard-tab-channels = Kanalen
dashboard-tab-referrers = Verwijzers
dashboard-tab-utm-source = UTM-bron
dashboard-tab-utm-medium = UTM-medium
dashboard-tab-utm-campaign = UTM-campagne
dashboard-tab-devices = Toestellen
dashboard-tab-browsers = Browsers
dashboard-tab-os = Besturingssystemen
dashboard-dim-page = Pagina
dashboard-dim-entry-page = Instappagina
dashboard-dim-exit-page = Uitstappagina
dashboard-dim-source = Bron
dashboard-dim-channel = Kanaal
dashboard-dim-referrer = Verwijzer
dashboard-dim-utm-source = UTM-bron
dashboard-dim-utm-medium = UTM-medium
dashboard-dim-utm-campaign = UTM-campagne
dashboard-dim-device = Toestel
dashboard-dim-browser = Browser
dashboard-dim-os = Besturingssysteem
dashboard-dim-country = Land
dashboard-dim-goal = Doel
dashboard-dim-event = Gebeurtenis

## Break-evenhulp
dashboard-break-even = Break-even
dashboard-break-even-hint = Hoeveel conversies moet een campagne opleveren om zichzelf terug te verdienen?
dashboard-break-even-cost = Kostprijs campagne (€)
dashboard-break-even-value = Waarde per conversie (€)
dashboard-break-even-submit = Bereken
dashboard-break-even-result = { $cost } ÷ { $value } = { $needed ->
        [one] { $needed } conversie
       *[other] { $needed } conversies
    } nodig. Deze periode telde er { $actual } ({ $goal }).
dashboard-break-even-reached = Dat volstaat: de campagne verdient zichzelf terug.
dashboard-break-even-short = Nog { $missing ->
        [one] { $missing } conversie
       *[other] { $missing } conversies
    } tekort om break-even te draaien.
dashboard-break-even-bad-cost = Geef de kostprijs van de campagne als bedrag, bijvoorbeeld 1000 of 1.000,00.
dashboard-break-even-bad-value = Geef een waarde per conversie boven nul, of kies een doel met een waarde.

## Trechter
dashboard-funnel = Trechter
dashboard-funnel-needs-goals = Een trechter heeft minstens twee doelen nodig.
dashboard-funnel-step = Stap { $n }
dashboard-funnel-empty = Kies minstens twee stappen.
dashboard-funnel-step-col = Stap
dashboard-funnel-conversion = Vanaf stap 1
dashboard-funnel-dropoff = Afhakers

## Waarden
dashboard-device-mobile = Smartphone
dashboard-device-desktop = Computer
dashboard-device-tablet = Tablet
dashboard-channel-direct = Rechtstreeks
dashboard-channel-organic-search = Organisch zoeken
dashboard-channel-paid-search = Betaald zoeken
dashboard-channel-organic-social = Organisch sociaal
dashboard-channel-paid-social = Betaald sociaal
dashboard-channel-email = E-mail
dashboard-channel-affiliates = Affiliates
dashboard-channel-display = Displayadvertenties
dashboard-channel-paid-other = Andere betaalde
dashboard-channel-referral = Verwijzing

## Waarschuwingen
dashboard-alerts = Waarschuwingen
dashboard-alert-segment = { $figure } via { $dimension } „{ $value }”
dashboard-alert-line = { $figure } { $change } op { $date }: { $value } tegenover gewoonlijk { $usual } op die weekdag.
dashboard-alert-cause = { $share } van het verschil komt van { $dimension } „{ $value }”.
dashboard-alert-hint-search-ranking = Kijk je positie in de zoekresultaten na.
dashboard-alert-hint-ads = Kijk na of je advertenties lopen en wat hun budget is.
dashboard-alert-hint-social = Kijk je berichten en advertenties op sociale media na.
dashboard-alert-hint-newsletter = Kijk na of je nieuwsbrief vertrokken is.
dashboard-alert-hint-tracker = Kijk na of de site online is en de tracker op elke pagina staat.
dashboard-alert-hint-referrers = Kijk de sites na die naar je verwijzen.
dashboard-alert-hint-device = Test de site op dat soort toestel.
dashboard-alert-hint-country = Kijk levering, prijzen en advertenties voor dat land na.
dashboard-alert-hint-page = Kijk die pagina na.
dashboard-alert-hint-general = Bekijk wat er die dag veranderde.
dashboard-alert-hint-what-worked = Zoek uit wat hen bracht en doe er meer van.

## Waarschuwingen over de winkel
alert-figure-returns = Teruggestuurde stuks
alert-segment-of = { $figure } van { $dimension } „{ $value }”
alert-line-week = { $figure } { $change } in de week tot { $date }: { $value } tegenover gewoonlijk { $usual } per week.
alert-dim-sales-channel = Verkoopkanaal
alert-dim-customers = Klanten
alert-dim-reason = Reden
alert-sales-webshop = Webshop
alert-sales-marketplace = Marktplaats
alert-sales-shop-counter = Winkeltoonbank
alert-hint-checkout = Plaats een testbestelling en kijk het afrekenen en betalen na.
alert-hint-sales-channel = Kijk dat verkoopkanaal na: je aanbod, je voorraad, je kassa.
alert-hint-new-customers = Kijk de campagnes na die nieuwe klanten aanbrengen.
alert-hint-returning-customers = Kijk je nieuwsbrief na en wat je vaste klanten aangeboden krijgen.
alert-hint-returns-supplier = Kijk de kwaliteit en de maten van de producten van deze leverancier na.
alert-hint-returns-product = Kijk de beschrijving, de foto's en de maattabel van deze producten na.
alert-hint-returns-reason = Lees de redenen van de retours en pak de vaakst gegeven aan.
alert-hint-returns = Lees de redenen van de retours van die dagen.
