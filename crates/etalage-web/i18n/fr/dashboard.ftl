# Le tableau de bord.
error-not-found = Cette page n'existe pas, ou vous n'avez pas le droit de la voir.

## En-tête et période
dashboard-realtime = { $visitors ->
        [one] visiteur
       *[other] visiteurs
    } en ce moment (30 dernières minutes)
dashboard-shared = Une vue en lecture seule, partagée par un lien.
dashboard-period-label = Période
dashboard-period-today = Aujourd'hui
dashboard-period-7d = 7 jours
dashboard-period-30d = 30 jours
dashboard-period-month = Ce mois-ci
dashboard-period-6mo = 6 mois
dashboard-period-12mo = 12 mois
dashboard-from = Du
dashboard-to = Au
dashboard-compare = Comparer avec
dashboard-compare-previous = la période précédente
dashboard-compare-year = la même période l'an dernier
dashboard-compare-off = rien
dashboard-apply = Afficher
dashboard-range-compared = { $range }, comparé à { $compare }

## Filtres
dashboard-filters = Filtres actifs
dashboard-filter-chip = { $dimension } : { $value }
dashboard-filter-remove = Retirer le filtre { $filter }
dashboard-filters-clear = Effacer tous les filtres
dashboard-filter-by = Filtrer le tableau de bord sur cette valeur

## Chiffres clés
dashboard-figures = Chiffres clés
dashboard-metric-visitors = Visiteurs
dashboard-metric-visits = Visites
dashboard-metric-pageviews = Pages vues
dashboard-metric-views-per-visit = Pages par visite
dashboard-metric-bounce-rate = Taux de rebond
dashboard-metric-visit-duration = Durée de visite
dashboard-metric-conversions = Conversions
dashboard-metric-goal-value = Valeur
dashboard-metric-events = Réalisations
dashboard-metric-conversion-rate = Taux de conversion
dashboard-metric-revenue = Chiffre d'affaires
dashboard-change-new = nouveau
dashboard-change-title = Période de comparaison : { $before }

## Graphique
dashboard-chart-metric = Mesure
dashboard-chart-interval = Par
dashboard-interval-hour = heure
dashboard-interval-day = jour
dashboard-interval-week = semaine
dashboard-interval-month = mois
dashboard-chart-compare = Période de comparaison
dashboard-chart-aria = Graphique des { $metric } sur la période ; les mêmes chiffres suivent sous forme de tableau.
dashboard-chart-as-table = Afficher en tableau
dashboard-chart-bucket = Période

## Panneaux
dashboard-csv = CSV
dashboard-no-data = Aucune donnée pour cette période.
dashboard-none = (aucun)
dashboard-share = Part
dashboard-panel-pages = Pages
dashboard-panel-sources = Sources
dashboard-panel-devices = Appareils
dashboard-panel-countries = Pays
dashboard-panel-goals = Objectifs
dashboard-no-goals = Pas encore d'objectifs. Les propriétaires les ajoutent dans Paramètres.
dashboard-tab-pages = Pages les plus vues
dashboard-tab-entry = Pages d'entrée
dashboard-tab-exit = Pages de sortie
dashboard-tab-sources = Sources
dashboard-tab-channels = Canaux
dashboard-tab-referrers = Référents
dashboard-tab-utm-source = Source UTM
dashboard-tab-utm-medium = Support UTM
dashboard-tab-utm-campaign = Campagne UTM
dashboard-tab-devices = Appareils
dashboard-tab-browsers = Navigateurs
dashboard-tab-os = Systèmes d'exploitation
dashboard-dim-page = Page
dashboard-dim-entry-page = Page d'entrée
dashboard-dim-exit-page = Page de sortie
dashboard-dim-source = Source
dashboard-dim-channel = Canal
dashboard-dim-referrer = Référent
dashboard-dim-utm-source = Source UTM
dashboard-dim-utm-medium = Support UTM
dashboard-dim-utm-campaign = Campagne UTM
dashboard-dim-device = Appareil
dashboard-dim-browser = Navigateur
dashboard-dim-os = Système d'exploitation
dashboard-dim-country = Pays
dashboard-dim-goal = Objectif
dashboard-dim-event = Événement

## Seuil de rentabilité
dashboard-break-even = Seuil de rentabilité
dashboard-break-even-hint = Combien de conversions une campagne doit-elle rapporter pour être rentable ?
dashboard-break-even-cost = Coût de la campagne (€)
dashboard-break-even-value = Valeur par conversion (€)
dashboard-break-even-submit = Calculer
dashboard-break-even-result = { $cost } ÷ { $value } = { $needed ->
        [one] { $needed } conversion nécessaire
       *[other] { $needed } conversions nécessaires
    }. Cette période en a compté { $actual } ({ $goal }).
dashboard-break-even-reached = C'est suffisant : la campagne est rentable.
dashboard-break-even-short = Il manque { $missing ->
        [one] { $missing } conversion
       *[other] { $missing } conversions
    } pour atteindre le seuil de rentabilité.
dashboard-break-even-bad-cost = Indiquez le coût de la campagne sous forme de montant, par exemple 1000 ou 1.000,00.
dashboard-break-even-bad-value = Indiquez une valeur par conversion supérieure à zéro, ou choisissez un objectif qui a une valeur.

## Entonnoir
dashboard-funnel = Entonnoir
dashboard-funnel-needs-goals = Un entonnoir demande au moins deux objectifs.
dashboard-funnel-step = Étape { $n }
dashboard-funnel-empty = Choisissez au moins deux étapes.
dashboard-funnel-step-col = Étape
dashboard-funnel-conversion = Depuis l'étape 1
dashboard-funnel-dropoff = Abandons

## Valeurs
dashboard-device-mobile = Smartphone
dashboard-device-desktop = Ordinateur
dashboard-device-tablet = Tablette
dashboard-channel-direct = Accès direct
dashboard-channel-organic-search = Recherche naturelle
dashboard-channel-paid-search = Recherche payante
dashboard-channel-organic-social = Réseaux sociaux
dashboard-channel-paid-social = Réseaux sociaux payants
dashboard-channel-email = E-mail
dashboard-channel-affiliates = Affiliation
dashboard-channel-display = Bannières
dashboard-channel-paid-other = Autre payant
dashboard-channel-referral = Sites référents

## Alertes
dashboard-alerts = Alertes
dashboard-alert-segment = { $figure } via { $dimension } « { $value } »
dashboard-alert-line = { $figure } { $change } le { $date } : { $value } contre { $usual } d'habitude ce jour de la semaine.
dashboard-alert-cause = { $share } de l'écart vient de { $dimension } « { $value } ».
dashboard-alert-hint-search-ranking = Vérifiez votre position dans les résultats de recherche.
dashboard-alert-hint-ads = Vérifiez que vos annonces tournent et leur budget.
dashboard-alert-hint-social = Vérifiez vos publications et annonces sur les réseaux sociaux.
dashboard-alert-hint-newsletter = Vérifiez que votre newsletter est bien partie.
dashboard-alert-hint-tracker = Vérifiez que le site est en ligne et que le traceur est sur chaque page.
dashboard-alert-hint-referrers = Vérifiez les sites qui renvoient vers vous.
dashboard-alert-hint-device = Testez le site sur ce type d'appareil.
dashboard-alert-hint-country = Vérifiez livraison, prix et annonces pour ce pays.
dashboard-alert-hint-page = Vérifiez cette page.
dashboard-alert-hint-general = Regardez ce qui a changé ce jour-là.
dashboard-alert-hint-what-worked = Cherchez ce qui les a amenés et faites-en davantage.

## Alertes sur la boutique
alert-figure-returns = Articles retournés
alert-segment-of = { $figure } de { $dimension } « { $value } »
alert-line-week = { $figure } { $change } la semaine jusqu'au { $date } : { $value } contre { $usual } par semaine d'habitude.
alert-dim-sales-channel = Canal de vente
alert-dim-customers = Clients
alert-dim-reason = Motif
alert-sales-webshop = Boutique en ligne
alert-sales-marketplace = Place de marché
alert-sales-shop-counter = Comptoir du magasin
alert-hint-checkout = Passez une commande de test et vérifiez le passage en caisse et le paiement.
alert-hint-sales-channel = Vérifiez ce canal de vente : vos annonces, votre stock, votre caisse.
alert-hint-new-customers = Vérifiez les campagnes qui vous amènent de nouveaux clients.
alert-hint-returning-customers = Vérifiez votre newsletter et ce que vous proposez à vos clients fidèles.
alert-hint-returns-supplier = Vérifiez la qualité et les tailles des produits de ce fournisseur.
alert-hint-returns-product = Vérifiez la description, les photos et le guide des tailles de ces produits.
alert-hint-returns-reason = Lisez les motifs des retours et attaquez-vous au plus fréquent.
alert-hint-returns = Lisez les motifs des retours de ces jours-là.
