### Objectifs et priorités de la coopération internationale de Cracovie,
### adoptés par le conseil municipal le 8 décembre 2020.
###
### Langue source du document. Chaque message est un bloc du document ;
### l'ordre d'impression est fixé par layouts/resolution.toml.
### Typographie : espace insécable (U+00A0) avant « : », espace fine
### insécable (U+202F) avant « ; ! ? » et à l'intérieur des guillemets.

## Termes

# Nom de la ville. En polonais, ce terme a des variantes de cas grammatical
# ($case : nominative, genitive, dative, accusative, instrumental, locative).
-city = Cracovie

# Logo et marque de la ville : ne se traduit jamais.
-brand = Magiczny Kraków

# En polonais, ce terme a des variantes de cas grammatical ($case).
-eu = Union européenne

## En-tête, titre et préambule

# Titre de la résolution, en tête de la première page.
resolution-title = Objectifs et priorités de la coopération internationale

# Date d'adoption de la résolution par le conseil municipal.
# Variables :
#   $date (date) - la date d'adoption, formatée selon la langue.
adoption-date = { DATETIME($date, dateStyle: "long") }

# Phrase d'introduction qui annonce les deux listes.
resolution-intro = Les objectifs et les priorités de la coopération internationale de la ville de { -city } établis par le conseil municipal sont les suivants :

## Objectifs thématiques
## Titre de la section 1 et ses 15 éléments, des groupes nominaux
## (« Affermissement de… »), sans point final sauf à l'objectif 11.

thematic-objectives-heading = Les objectifs thématiques :
thematic-objective-1 = Affermissement de la position de { -city } en tant que métropole européenne
thematic-objective-2 = Développement économique de la ville, surtout dans le domaine de la haute technologie et du tourisme
thematic-objective-3 = Attraction des investissements étrangers
thematic-objective-4 = Stimulation du tourisme
thematic-objective-5 = Obtention des fonds européens dans le cadre des programmes internationaux cofinancés par l'{ -eu }
thematic-objective-6 = Renforcement du rôle politique de { -city } en tant qu'intermédiaire entre l'Europe de l'ouest et l'Europe centrale
thematic-objective-7 = Renforcement (grâce à l'adhésion polonaise à l'{ -eu }) de l'image de { -city } en tant que ville polonaise la plus représentative, carte de visite de la Pologne
# Le Comité des régions est l'organe consultatif de l'Union européenne
# qui représente les collectivités régionales et locales.
thematic-objective-8 = Promotion politique de { -city } dans le but de renforcer le rôle des villes polonaises quant aux décisions concernant la répartition des fonds de l'{ -eu } dans le cadre de la politique régionale (Comité des régions)
thematic-objective-9 = Renforcement de la position de { -city } sur la scène internationale, grâce à la promotion du patrimoine de l'Europe centrale et de ses valeurs culturelles
thematic-objective-10 = Amélioration du potentiel scientifique de { -city } grâce aux stages à l'étranger et aux échanges d'experts
thematic-objective-11 = Promotion du rôle de { -city } en tant que siège potentiel d'organisations et d'institutions internationales, en particulier celles de l'{ -eu }.
thematic-objective-12 = Création de l'image de { -city } en tant que lieu attractif pour l'organisation de conférences internationales, rencontres thématiques, séminaires et événements culturels et promotionnels et en tant que lieu qui peut concurrencer d'autres villes de cette partie de l'Europe
thematic-objective-13 = Maintien des liens culturels et traditionnels au sein de l'Europe centrale et orientale et avec les communautés polonaises à l'étranger
thematic-objective-14 = Application des expériences et des solutions qui ont fait leurs preuves à l'étranger (liées à la gestion de la ville, à la résolution des problèmes sociaux croissants et à la planification de l'aménagement dans le cadre du développement durable de { -city })
thematic-objective-15 = Mise en contact et promotion des relations entre la jeunesse de { -city } et les jeunes de l'étranger

## Priorités géographiques
## Titre de la section 2 et ses 3 éléments.

geographic-priorities-heading = Les priorités géographiques :
geographic-priority-1 = Prise en considération de l'{ -eu } comme espace privilégié pour la coopération internationale de { -city }
# fluentpress-allow: brackets -- la parenthèse fermante finale, qui ne ferme rien, figure telle quelle dans l'original.
geographic-priority-2 = Promotion des contacts avec l'Europe centrale et l'Europe de l'est (Allemagne, Autriche, République Tchèque, Slovaquie, Hongrie, Russie, Ukraine, Biélorussie, Lituanie) et renforcement du rôle de { -city } comme l'un des centres les plus importants dans cette région avec la prise en compte de son statut de « métropole européenne »).
geographic-priority-3 = Promotion de { -city } dans le monde avec la mise en œuvre de tous les moyens accessibles ; le renforcement de l'image et de la « marque » de { -city } auprès des partenaires de la ville et des touristes étrangers.

## Pages imprimées

# En-tête de chaque page : la marque de la ville.
page-header = { -brand }

# Pied de chaque page.
# Variables :
#   $page (nombre) - le numéro de la page ;
#   $pages (nombre) - le nombre total de pages.
page-footer = Page { NUMBER($page) } sur { NUMBER($pages) }

# Le nom de la langue, dans la langue elle-même : il coiffe la colonne de
# cette langue dans l'édition alignée.
language-name = Français
