# La page Clients.
customers-no-orders = Pas encore de commandes avec un client connu. Importez les commandes de la boutique (etalage import orders) ou envoyez-les à POST /api/v1/orders.
customers-intro = { $customers ->
        [one] { $customers } client
       *[other] { $customers } clients
    } avec des commandes. La valeur client est la marge attendue des 52 prochaines semaines avec { $margin } de marge, actualisée à 10 % par an.
customers-acquisition = Un client moyen devrait rapporter { $clv } : un nouveau client peut coûter au plus { $max } pour être rentable, { $healthy } pour que sa valeur reste trois fois son coût. Sur les 90 derniers jours, un nouveau client a coûté { $cac }.
customers-cac-healthy = Sain : chaque nouveau client rapporte au moins trois fois ce qu'il coûte.
customers-cac-tight = Juste : les nouveaux clients sont rentables, mais avec peu de marge.
customers-cac-unprofitable = Trop cher : un nouveau client coûte plus que ce qu'il devrait rapporter.
customers-cac-unknown = Ajoutez les dépenses marketing (etalage import spend) pour comparer avec ce que coûte un nouveau client aujourd'hui.
customers-segments = Segments
customers-segment = Segment
customers-count = Clients
customers-revenue-share = Part du chiffre d'affaires
customers-average-value = Valeur à ce jour
customers-average-clv = Valeur attendue
customers-max-cac = Coût maximal d'un nouveau client
customers-what-to-do = Que faire
customers-cohorts = Cohortes
customers-cohorts-hint = Clients par mois de leur première commande, et la part qui commande à nouveau 1, 2, 3… mois plus tard.
customers-cohort = Première commande
customers-seg-champions = Champions
customers-seg-loyal = Fidèles
customers-seg-potential-loyalists = Futurs fidèles
customers-seg-new = Nouveaux
customers-seg-promising = Prometteurs
customers-seg-need-attention = À surveiller
customers-seg-about-to-sleep = Sur le point de s'endormir
customers-seg-at-risk = À risque
customers-seg-cant-lose-them = À ne pas perdre
customers-seg-hibernating = En hibernation
customers-seg-lost = Perdus
customers-do-champions = Remerciez-les, demandez des avis et des recommandations, offrez-leur un accès en avant-première.
customers-do-loyal = Proposez un programme de fidélité et des produits qui complètent leurs achats.
customers-do-potential-loyalists = Invitez-les au programme de fidélité ; suggérez une deuxième catégorie.
customers-do-new = Accueillez-les : suivi de livraison, conseils d'utilisation, une raison de revenir.
customers-do-promising = Construisez la relation avec du contenu utile et une petite offre pour un deuxième achat.
customers-do-need-attention = Envoyez quelque chose de personnel et limité dans le temps avant qu'ils ne décrochent.
customers-do-about-to-sleep = Rappelez-leur leurs produits préférés avec une raison de revenir maintenant.
customers-do-at-risk = Reconquérez-les personnellement : demandez ce qui n'a pas marché, donnez une vraie raison de revenir.
customers-do-cant-lose-them = Contactez-les vous-même : c'étaient de gros clients ; découvrez pourquoi ils ont arrêté.
customers-do-hibernating = Tentez une campagne de réactivation, puis laissez-les tranquilles.
customers-do-lost = N'investissez plus ; tirez les leçons de leur départ.
customers-advice = Conseils :
customers-channels = Canaux d'acquisition
customers-channels-hint = Le canal d'un client est l'origine de sa première commande : la visite au cours de laquelle il a acheté (recherche, réseaux sociaux, e-mail…), sinon le canal de vente. Le coût d'un nouveau client correspond aux dépenses marketing du canal du { $from } au { $to }, divisées par le nombre de clients dont la première commande est passée par ce canal pendant ces jours.
customers-channel = Canal
customers-channel-webshop = Boutique en ligne (visite inconnue)
customers-channel-marketplace = Place de marché
customers-channel-shop-counter = Comptoir du magasin
customers-new-customers = Nouveaux (90 jours)
customers-spend = Dépenses (90 jours)
customers-cac = Coût d'un nouveau client
customers-no-new = aucun nouveau client
customers-verdict = Verdict
customers-verdict-healthy = Sain
customers-verdict-tight = Juste
customers-verdict-unprofitable = Trop cher
customers-distribution = Répartition de la valeur attendue
customers-distribution-summary = La moitié des clients devrait rapporter moins de { $p50 }, un sur dix plus de { $p90 } et un sur cent plus de { $p99 }. Les 10 % de clients les plus précieux représentent { $top10 } de toute la valeur attendue, les 20 % meilleurs { $top20 }.
customers-distribution-none = Aucun client n'a encore de valeur attendue : voir le contrôle des modèles ci-dessous.
customers-band = Valeur attendue
customers-band-under = moins de { $to }
customers-band-over = { $from } ou plus
customers-share-of-customers = Part des clients
customers-clv-share = Part de la valeur attendue
customers-diagnostics = Contrôle des modèles
customers-diagnostics-hint = Les valeurs attendues viennent de deux modèles estimés sur les commandes : BG/NBD pour la fréquence d'achat et le moment où les clients décrochent (r et α : la vitesse d'achat, en semaines ; a et b : la probabilité de décrocher après un achat), et Gamma-Gamma pour le montant dépensé par commande (p, q et γ). Une log-vraisemblance plus élevée signifie un meilleur ajustement aux mêmes commandes.
customers-model = Modèle
customers-parameters = Paramètres
customers-log-likelihood = Log-vraisemblance
customers-models-missing = Les valeurs attendues ne peuvent pas encore être calculées : elles sont donc à 0.
customers-holdout = Contrôle sur des semaines mises de côté
customers-holdout-missing = Les prévisions ne peuvent pas encore être contrôlées.
customers-holdout-summary = Estimé sur les commandes jusqu'au { $end }, le modèle attendait { $predicted ->
        [one] { $predicted } achat répété
       *[other] { $predicted } achats répétés
    } de { $customers ->
        [one] ce client
       *[other] ces { $customers } clients
    } dans { $weeks ->
        [one] la semaine suivante
       *[other] les { $weeks } semaines suivantes
    } ; il y en a eu { $actual }. Selon le nombre d'achats répétés avant le { $end }, le nombre moyen d'achats par client ensuite :
customers-holdout-frequency = Achats répétés avant
customers-holdout-period = mis de côté
customers-actual = Réel
customers-predicted = Prévu
customers-tracking = Achats répétés, réels et prévus
customers-tracking-hint = Le cumul des achats répétés semaine par semaine des clients du contrôle. À gauche de la ligne pointillée, le modèle connaissait les commandes ; à droite, il devait les prévoir.
customers-tracking-table = Les chiffres par semaine
customers-week-ending = Semaine jusqu'au
customers-shortfall-no-repeat-buyers = Aucun client n'a encore commandé deux jours différents : rien ne permet encore d'apprendre à quelle fréquence les clients reviennent.
customers-shortfall-short-history = Les commandes couvrent moins de 16 semaines : trop peu pour mettre les dernières semaines de côté et y comparer les prévisions.
customers-shortfall-too-little-data = Il y a trop peu de clients ou de commandes répétées pour estimer les modèles de manière fiable.
customers-shortfall-model-failed = Les modèles n'ont pas pu être estimés sur ces commandes (quelques commandes exceptionnellement grandes peuvent en être la cause).
