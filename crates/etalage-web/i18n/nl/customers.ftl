# De klantenpagina.
customers-no-orders = Nog geen bestellingen met een gekende klant. Importeer de bestellingen van de winkel (etalage import orders) of stuur ze naar POST /api/v1/orders.
customers-intro = { $customers ->
        [one] { $customers } klant
       *[other] { $customers } klanten
    } met bestellingen. De klantwaarde is de verwachte marge van de komende 52 weken bij { $margin } marge, verdisconteerd aan 10 % per jaar.
customers-acquisition = Een gemiddelde klant brengt naar verwachting { $clv } op: een nieuwe klant mag hoogstens { $max } kosten om quitte te spelen, { $healthy } om de waarde drie keer de kost te houden. De voorbije 90 dagen kostte een nieuwe klant { $cac }.
customers-cac-healthy = Gezond: elke nieuwe klant brengt minstens drie keer op wat hij kost.
customers-cac-tight = Krap: nieuwe klanten verdienen zich terug, maar met weinig marge.
customers-cac-unprofitable = Te duur: een nieuwe klant kost meer dan hij naar verwachting opbrengt.
customers-cac-unknown = Voeg de marketinguitgaven toe (etalage import spend) om te vergelijken met wat een nieuwe klant nu kost.
customers-segments = Segmenten
customers-segment = Segment
customers-count = Klanten
customers-revenue-share = Aandeel in de omzet
customers-average-value = Waarde tot nu
customers-average-clv = Verwachte waarde
customers-max-cac = Maximale kost van een nieuwe
customers-what-to-do = Wat te doen
customers-cohorts = Cohorten
customers-cohorts-hint = Klanten per maand van hun eerste bestelling, en het deel dat 1, 2, 3… maanden later opnieuw bestelt.
customers-cohort = Eerste bestelling
customers-seg-champions = Kampioenen
customers-seg-loyal = Trouwe klanten
customers-seg-potential-loyalists = Toekomstige trouwe klanten
customers-seg-new = Nieuw
customers-seg-promising = Veelbelovend
customers-seg-need-attention = Aandacht nodig
customers-seg-about-to-sleep = Dreigen in te slapen
customers-seg-at-risk = In gevaar
customers-seg-cant-lose-them = Niet te verliezen
customers-seg-hibernating = Winterslaap
customers-seg-lost = Verloren
customers-do-champions = Bedank ze, vraag om reviews en aanbevelingen, geef ze voorrang op nieuwigheden.
customers-do-loyal = Bied een klantenprogramma en producten die passen bij wat ze kochten.
customers-do-potential-loyalists = Nodig ze uit voor een klantenprogramma; stel een tweede categorie voor.
customers-do-new = Heet ze welkom: opvolging van de levering, uitleg, een reden om terug te komen.
customers-do-promising = Bouw de relatie op met nuttige inhoud en een klein aanbod voor een tweede aankoop.
customers-do-need-attention = Stuur iets persoonlijks en tijdelijks voor ze afhaken.
customers-do-about-to-sleep = Herinner ze aan hun favoriete producten met een reden om nu terug te komen.
customers-do-at-risk = Win ze persoonlijk terug: vraag wat er misliep en geef een sterke reden om terug te keren.
customers-do-cant-lose-them = Neem zelf contact op: dit waren grote klanten; zoek uit waarom ze stopten.
customers-do-hibernating = Probeer één heractiveringscampagne en laat ze daarna met rust.
customers-do-lost = Geef er geen geld aan uit; leer uit waarom ze vertrokken.
customers-advice = Advies:
customers-channels = Kanalen waarlangs klanten binnenkomen
customers-channels-hint = Het kanaal van een klant is waar zijn eerste bestelling vandaan kwam: het bezoek waarin hij kocht (zoeken, sociale media, e-mail…), anders het verkoopkanaal. De kost van een nieuwe klant is wat het kanaal van { $from } tot { $to } aan marketing kostte, gedeeld door de klanten die in die dagen hun eerste bestelling via dat kanaal plaatsten.
customers-channel = Kanaal
customers-channel-webshop = Webshop (bezoek onbekend)
customers-channel-marketplace = Marktplaats
customers-channel-shop-counter = Winkeltoonbank
customers-new-customers = Nieuw (90 dagen)
customers-spend = Uitgaven (90 dagen)
customers-cac = Kost van een nieuwe
customers-no-new = geen nieuwe klanten
customers-verdict = Oordeel
customers-verdict-healthy = Gezond
customers-verdict-tight = Krap
customers-verdict-unprofitable = Te duur
customers-distribution = Spreiding van de verwachte waarde
customers-distribution-summary = De helft van de klanten brengt naar verwachting minder dan { $p50 } op, één op tien meer dan { $p90 } en één op honderd meer dan { $p99 }. De 10 % meest waardevolle klanten zijn goed voor { $top10 } van alle verwachte waarde, de beste 20 % voor { $top20 }.
customers-distribution-none = Nog geen enkele klant heeft een verwachte waarde: zie de controle van de modellen hieronder.
customers-band = Verwachte waarde
customers-band-under = minder dan { $to }
customers-band-over = { $from } of meer
customers-share-of-customers = Aandeel van de klanten
customers-clv-share = Aandeel in de verwachte waarde
customers-diagnostics = Controle van de modellen
customers-diagnostics-hint = De verwachte waarden komen uit twee modellen die op de bestellingen geschat zijn: BG/NBD voor hoe vaak klanten kopen en wanneer ze afhaken (r en α: hoe snel ze kopen, in weken; a en b: hoe waarschijnlijk ze na een aankoop afhaken) en Gamma-Gamma voor hoeveel ze per bestelling uitgeven (p, q en γ). Een hogere log-likelihood betekent dat het model beter bij dezelfde bestellingen past.
customers-model = Model
customers-parameters = Parameters
customers-log-likelihood = Log-likelihood
customers-models-missing = De verwachte waarden kunnen nog niet berekend worden en staan daarom op 0.
customers-holdout = Controle op achtergehouden weken
customers-holdout-missing = De voorspellingen kunnen nog niet gecontroleerd worden.
customers-holdout-summary = Geschat op de bestellingen tot { $end } verwachtte het model { $predicted ->
        [one] { $predicted } herhaalaankoop
       *[other] { $predicted } herhaalaankopen
    } van { $customers ->
        [one] die ene klant
       *[other] die { $customers } klanten
    } in de { $weeks ->
        [one] week
       *[other] { $weeks } weken
    } daarna; het werden er { $actual }. Per aantal herhaalaankopen vóór { $end }, het gemiddelde aantal aankopen per klant daarna:
customers-holdout-frequency = Herhaalaankopen ervoor
customers-holdout-period = achtergehouden
customers-actual = Werkelijk
customers-predicted = Voorspeld
customers-tracking = Herhaalaankopen, werkelijk en voorspeld
customers-tracking-hint = Het opgetelde aantal herhaalaankopen per week van de klanten in de controle. Links van de stippellijn kende het model de bestellingen; rechts ervan moest het ze voorspellen.
customers-tracking-table = De cijfers per week
customers-week-ending = Week tot
customers-shortfall-no-repeat-buyers = Nog geen enkele klant bestelde op twee verschillende dagen, dus er valt nog niets te leren over hoe vaak klanten terugkomen.
customers-shortfall-short-history = De bestellingen beslaan minder dan 16 weken: te kort om de laatste weken achter te houden en de voorspellingen ermee te vergelijken.
customers-shortfall-too-little-data = Er zijn te weinig klanten of herhaalbestellingen om de modellen betrouwbaar te schatten.
customers-shortfall-model-failed = De modellen konden niet op deze bestellingen geschat worden (enkele uitzonderlijk grote bestellingen kunnen dat veroorzaken).
