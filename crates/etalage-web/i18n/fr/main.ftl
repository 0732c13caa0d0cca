# etalage web app — français (Belgique). Every key here exists in nl and en too.

## Layout
layout-skip-to-content = Aller au contenu
layout-logout = Se déconnecter
layout-nav-label = Menu principal
layout-footer = etalage — vos propres chiffres, sur votre propre serveur.
layout-no-sites = Pas encore de site web.
layout-site = Site web
layout-site-go = Afficher
layout-language = Langue

## Navigation
nav-dashboard = Tableau de bord
nav-kpis = Indicateurs
nav-customers = Clients
nav-advice = Conseils
nav-settings = Paramètres

## Forms and errors
form-has-errors = Quelque chose doit être corrigé
field-email = Adresse e-mail
field-password = Mot de passe
field-password2 = Mot de passe (encore une fois)
field-role = Rôle
error-email-invalid = Adresse e-mail : indiquez une adresse comme nom@boutique.be.
error-password-short = Mot de passe : utilisez au moins 10 caractères.
error-password-long = Mot de passe : il est trop long ; restez sous les 1024 caractères.
error-password-mismatch = Mot de passe (encore une fois) : les deux mots de passe sont différents.
error-title = Cela n’a pas fonctionné
error-back-home = Retour au tableau de bord
error-csrf = Ce formulaire a expiré ou ne vient pas d’etalage. Revenez en arrière, rechargez la page et réessayez.
error-no-accounts = Ce serveur a été démarré sans comptes utilisateurs. Demandez à l’administrateur de redémarrer etalage.
error-store = Un problème est survenu en lisant ou en enregistrant des données. Réessayez dans un instant ; si cela persiste, consultez le journal du serveur.
error-not-owner = Seul un propriétaire de ce site web peut faire cela.

## Setup
setup-title = Configurer etalage
setup-intro = Créez le premier compte. Il devient propriétaire de tous les sites web dans etalage.
setup-password-hint = Choisissez un mot de passe d’au moins { $min ->
        [one] { $min } caractère
       *[other] { $min } caractères
    }. Une courte phrase se retient facilement.
setup-submit = Créer le compte
setup-closed = etalage est déjà configuré. Connectez-vous avec votre compte.

## Login
login-title = Se connecter
login-submit = Se connecter
login-failed = L’adresse e-mail ou le mot de passe est incorrect.
login-locked = Trop de tentatives échouées. Réessayez dans { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    } (après { $time } UTC).

## Pages
dashboard-title = Tableau de bord
dashboard-no-sites = Vous n’avez encore accès à aucun site web. Demandez à un propriétaire de vous inviter.
dashboard-no-sites-admin = Il n’y a pas encore de site web. Ajoutez-en un sur le serveur :

## Settings and members
settings-title = Paramètres
settings-account = Votre compte
settings-logged-in-as = Connecté en tant que { $email }.
settings-sites = Sites web
settings-timezone = Fuseau horaire
settings-your-role = Votre rôle
settings-members = Membres
settings-no-members = Pas encore d’autres membres.
settings-invited = invité comme { $role }, valable jusqu’au { $date }
role-owner = propriétaire
role-viewer = lecteur
invite-heading = Inviter quelqu’un
invite-submit = Créer l’invitation
invite-created = L’invitation est prête. Envoyez ce lien à la personne invitée ; il fonctionne une fois, pendant 7 jours.
invite-link-label = Lien d’invitation
invite-title = Invitation
invite-intro = Vous êtes invité sur { $domain } comme { $role }.
invite-account = Compte : { $email }
invite-accept = Accepter l’invitation
invite-invalid = Cette invitation n’existe pas, a déjà été utilisée ou a expiré. Demandez-en une nouvelle.
invite-log-in-first = Un compte existe déjà pour { $email }. Connectez-vous avec celui-ci, puis rouvrez le lien.
