# Site settings: snippet, goals, API keys, share links.

## Shared
settings-at-utc = { $date }, { $time } UTC

## One site's settings page
site-open = Paramètres du site : code de suivi, objectifs et liens de partage
site-title = Paramètres de { $domain }
site-not-found = Ce site web n’existe pas, ou vous n’y avez pas accès.
site-saved = Vos modifications ont été enregistrées.
site-heading = Site web
site-domain = Domaine
site-domain-hint = Le nom d’hôte de votre site, comme boutique.be. Si vous le changez, modifiez aussi data-domain dans le code de suivi de votre site.
site-timezone-hint = Le fuseau horaire dans lequel les rapports comptent les jours et les heures, comme Europe/Brussels.
site-save = Enregistrer
site-error-domain = Domaine : indiquez un nom d’hôte comme boutique.be, sans espaces.
site-error-domain-taken = Domaine : etalage a déjà un site web avec ce domaine.
site-error-timezone = Fuseau horaire : indiquez un fuseau comme Europe/Brussels ou Europe/Paris.
site-add-link = Ajouter un site web
site-new-title = Ajouter un site web
site-new-intro = Ajoutez le site web que vous voulez mesurer. Vous recevrez ensuite le code de suivi pour ses pages.
site-new-submit = Ajouter le site
site-not-admin = Seul un administrateur d’etalage peut ajouter des sites web.

## Tracking snippet
snippet-heading = Code de suivi
snippet-intro = Placez cette ligne dans le <head> de chaque page de { $domain }. Elle ne dépose aucun cookie et n’enregistre rien dans le navigateur de vos visiteurs.
snippet-label = Code pour votre site
snippet-copy = Copier
snippet-copied = Copié.
snippet-hint = Les visites depuis votre propre ordinateur (localhost) ne sont pas comptées.
snippet-waiting = Pas encore de données : etalage attend le premier événement de ce site.
snippet-received = Ça fonctionne : le premier événement est arrivé le { $date } à { $time }.

## Goals
goal-heading = Objectifs
goal-intro = Un objectif compte des conversions : un événement personnalisé (comme une inscription) ou la visite d’une page (comme /merci).
goal-none = Ce site n’a pas encore d’objectifs.
goal-caption = Objectifs de { $domain }
goal-name = Nom
goal-name-hint = Tel que vous voulez le voir dans les rapports, par exemple Demande de contact.
goal-trigger = Compte
goal-trigger-event = événement { $name }
goal-trigger-page = visite de { $pattern }
goal-class = Type
goal-soft = indirect
goal-hard = direct
goal-class-soft = Indirect (valeur indirecte)
goal-class-hard = Direct (valeur directe)
goal-class-hint = Indirect : une étape vers une vente, comme une inscription à la newsletter ou un téléchargement. Direct : une vente ou une demande de contact.
goal-value = Valeur par conversion
goal-value-hint = Facultatif. Laissez le montant vide si l’objectif n’a pas de valeur fixe.
goal-amount = Montant
goal-currency = Devise
goal-actions = Actions
goal-edit = Modifier
goal-edit-named = Modifier l’objectif { $name }
goal-delete = Supprimer
goal-delete-named = Supprimer l’objectif { $name }
goal-delete-hint = Supprimer un objectif n’efface aucune donnée : il disparaît seulement des rapports.
goal-new = Ajouter un objectif
goal-kind = Qu’est-ce qui compte comme conversion ?
goal-kind-event = Un événement personnalisé
goal-kind-page = La visite d’une page
goal-match = Événement ou page
goal-match-hint = Pour un événement : le nom envoyé par votre site, comme Signup. Pour une page : un chemin comme /merci ; * remplace une partie du chemin, ** plusieurs parties.
goal-create = Ajouter l’objectif
goal-update = Enregistrer les modifications
goal-cancel = Annuler
goal-edit-title = Modifier l’objectif { $name }
goal-not-found = Cet objectif n’existe pas (ou plus).
goal-error-name-empty = Nom : donnez un nom à l’objectif, comme Demande de contact.
goal-error-name-long = Nom : utilisez au plus 100 caractères, sans retour à la ligne.
goal-error-name-taken = Nom : ce site a déjà un objectif portant ce nom.
goal-error-kind = Qu’est-ce qui compte comme conversion : choisissez un événement personnalisé ou la visite d’une page.
goal-error-event-empty = Événement ou page : indiquez le nom de l’événement, comme Signup.
goal-error-event-long = Événement ou page : le nom d’un événement a au plus 200 caractères, sans retour à la ligne.
goal-error-page = Événement ou page : une page commence par / et ne contient pas d’espaces, comme /merci ou /blog/*.
goal-error-class = Type : choisissez indirect ou direct.
goal-error-amount = Montant : indiquez un nombre comme 40 ou 12,50 (au plus 4 décimales), ou laissez-le vide.
goal-error-amount-negative = Montant : une valeur ne peut pas être négative.
goal-error-currency = Devise : utilisez un code de devise de trois lettres, comme EUR.

## Share links
share-heading = Liens de partage
share-intro = Avec un lien de partage, une personne sans compte peut consulter le tableau de bord de ce site, sans rien pouvoir modifier. Vous pouvez révoquer un lien à tout moment.
share-none = Pas encore de liens de partage.
share-caption = Liens de partage de { $domain }
share-label = Description
share-label-optional = Description (facultative)
share-label-hint = Pour reconnaître le lien plus tard, comme « pour le comptable ».
share-no-label = (sans description)
share-created-at = Créé le
share-created-by = Par
share-status = État
share-active = actif
share-revoked = révoqué le { $at }
share-revoke = Révoquer
share-revoke-named = Révoquer le lien de partage { $label }
share-new = Créer un lien de partage
share-create = Créer le lien
share-created = Le lien de partage est prêt. Copiez-le maintenant : il n’est affiché qu’une seule fois.
share-url = Lien de partage
share-not-found = Ce lien de partage n’existe pas ou a déjà été révoqué.
share-error-label-long = Description : utilisez au plus 100 caractères, sans retour à la ligne.

## API keys
apikey-title = Clés API
apikey-summary = Clés pour l’API de statistiques (/api/v2/query). Une clé donne accès aux chiffres de tous les sites.
apikey-link = Gérer les clés API
apikey-intro = Avec une clé API, des scripts et d’autres programmes obtiennent des chiffres via /api/v2/query. Une clé donne accès aux chiffres de tous les sites dans etalage ; c’est pourquoi seul un administrateur peut créer des clés.
apikey-not-admin = Seul un administrateur d’etalage peut gérer les clés API.
apikey-not-found = Cette clé API n’existe pas ou a déjà été révoquée.
apikey-list = Clés
apikey-none = Pas encore de clés API.
apikey-name = Nom
apikey-name-hint = L’usage de la clé, comme rapport mensuel.
apikey-prefix = Commence par
apikey-created-at = Créée le
apikey-last-used = Dernière utilisation
apikey-never-used = jamais
apikey-status = État
apikey-active = active
apikey-revoked = révoquée le { $at }
apikey-revoke = Révoquer
apikey-revoke-named = Révoquer la clé { $name }
apikey-revoked-notice = La clé a été révoquée : elle ne fonctionne plus.
apikey-new = Créer une clé
apikey-create = Créer la clé
apikey-created = La clé est prête. Copiez-la maintenant : elle n’est affichée qu’une seule fois.
apikey-token = Clé API
apikey-usage = Envoyez-la avec chaque requête comme Authorization: Bearer, suivi de la clé.
apikey-error-name-empty = Nom : donnez un nom à la clé, comme rapport mensuel.
apikey-error-name-long = Nom : utilisez au plus 100 caractères, sans retour à la ligne.
