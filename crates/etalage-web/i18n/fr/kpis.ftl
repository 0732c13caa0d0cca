# La page des indicateurs.
kpi-no-orders = Pas encore de commandes sur ces périodes. Importez-les (etalage import orders) ou envoyez-les à POST /api/v1/orders ; les chiffres du parcours client viennent des événements e-commerce du traceur.
kpi-figure = Indicateur
kpi-this-period = Cette période
kpi-previous-period = Période précédente
kpi-change = Écart
kpi-group-journey = Parcours client
kpi-group-finance = Finances
kpi-group-customers = Clients et retours
kpi-group-delivery = Livraison
kpi-group-inventory = Stock
kpi-visits = Visites
kpi-view-item = Visites qui consultent un produit
kpi-add-to-cart = Visites avec ajout au panier
kpi-begin-checkout = Visites qui commencent la commande
kpi-purchase = Visites avec un achat
kpi-ecommerce-conversion-rate = Taux de conversion e-commerce
kpi-cart-abandonment-rate = Taux d'abandon de panier
kpi-revenue = Chiffre d'affaires
kpi-orders = Commandes
kpi-aov = Panier moyen
kpi-gross-margin = Marge brute
kpi-refund-rate = Taux de remboursement
kpi-marketing-spend = Dépenses marketing
kpi-roas = Retour sur dépenses publicitaires
kpi-cac = Coût par nouveau client
kpi-customers = Clients
kpi-new-customers = Nouveaux clients
kpi-returning-customers = Clients fidèles
kpi-purchase-frequency = Commandes par client
kpi-repeat-purchase-rate = Taux de réachat
kpi-revenue-top20-share = Chiffre d'affaires des 20 % meilleurs clients
kpi-active-customers = Clients actifs (365 jours)
kpi-churn-rate = Taux d'attrition
kpi-items-per-order = Articles par commande
kpi-return-rate = Taux de retour
kpi-shipping-cost-per-order = Frais de port facturés par commande
kpi-delivery-days = Jours jusqu'à la livraison
kpi-stock-value = Valeur du stock
kpi-days-of-inventory = Jours de stock
kpi-spend-by-channel = Dépenses par canal
kpi-returns = Retours
kpi-returns-by = Par
kpi-returns-group = Groupe
kpi-units-sold = Unités vendues
kpi-units-returned = Unités retournées
kpi-top-reason = Raison principale
kpi-by-category = Catégorie
kpi-by-supplier = Fournisseur
kpi-by-sku = Produit
kpi-slow-movers = Invendus
kpi-slow-movers-hint = En stock, et non vendus dans les 90 jours avant la fin de la période.
kpi-product = Produit
kpi-trend-day = Évolution par jour
kpi-trend-week = Évolution par semaine
kpi-trend-month = Évolution par mois
kpi-trend-label = De { $first } à { $last }
kpi-stock = Stock

## Envoi des fichiers de la boutique
import-title = Importer les données de la boutique
import-kind = Contenu du fichier
import-kind-orders-shopify = Commandes : export Shopify (CSV)
import-kind-orders-woocommerce = Commandes : API REST WooCommerce (JSON)
import-kind-products = Produits (CSV)
import-kind-customers = Clients (CSV)
import-kind-returns = Retours (CSV)
import-kind-spend = Dépenses marketing (CSV)
import-file = Fichier
import-hint = Les colonnes de chaque CSV sont décrites dans docs/import.md. Renvoyer le même fichier ne change rien ; une commande modifiée remplace celle enregistrée.
import-submit = Importer
import-report = { $imported ->
        [one] { $imported } ligne importée
       *[other] { $imported } lignes importées
    }, { $updated ->
        [one] { $updated } mise à jour
       *[other] { $updated } mises à jour
    }, { $unchanged ->
        [one] { $unchanged } inchangée
       *[other] { $unchanged } inchangées
    }, { $rejected ->
        [one] { $rejected } refusée
       *[other] { $rejected } refusées
    }. Chaque ligne correcte est conservée.
import-rejected-line = Ligne { $line } : { $reason }
import-failed = Le fichier n'a pas pu être lu : { $error }
import-too-large = L'envoi a échoué ou le fichier dépasse 200 Mo.
import-bad-kind = Choisissez le contenu du fichier.
import-no-file = Choisissez un fichier à importer.
kpi-import-link = Importer les données de la boutique
