# Les mots de fluentpress dans les éditions de relecture, en français.

review-legend = Légende. Chaque rangée porte dans la marge l’identifiant de son message. Marques sous une traduction : [manquante] — la traduction manque, le texte source est imprimé en gris italique ; [erreur] — fluentpress check signale une erreur, nommée après la marque avec le texte en cause ; [à revoir] — fluentpress check signale un avertissement (contrôle qualité de la traduction), nommé de même ; [périmée] — le texte source a changé depuis la traduction ; [non approuvée] — personne n’a approuvé la traduction telle qu’elle est (fluentpress approve), ou elle ou sa source a changé depuis.
review-id-head = ID
review-missing = [manquante]
review-stale = [périmée]
review-unapproved = [non approuvée]
# $finding (text): what check found, from review-finding or review-finding-at.
review-error = [erreur] { $finding }
review-warning = [à revoir] { $finding }
# $code (text): the diagnostic's code, as `fluentpress check` prints it.
review-finding =
    { $code ->
        [number] nombre différent de la source
        [date] date différente de la source
        [quotes] guillemets d’une autre langue
        [brackets] parenthèse ou guillemet non apparié
        [punctuation] ponctuation
        [whitespace] espacement
        [repeated-word] mot répété
        [untranslated] non traduit
        [inconsistent] traduit autrement ailleurs
        [spelling] orthographe
        [syntax] erreur de syntaxe
        [missing-variable] variable de la source omise
        [unknown-variable] variable absente de la source
        [unresolved-reference] référence introuvable
        [unknown-variant] variante introuvable
        [missing-attribute] attribut de la source omis
        [cyclic-reference] références en cycle
        [plural-categories] formes du pluriel
        [empty-value] texte vide
        [invisible] caractère invisible
        [function-option] option de fonction erronée
        [unknown-function] fonction inconnue
        [term-missing] terme du glossaire absent
        [term-forbidden] terme proscrit par le glossaire
        [term-untranslated] nom à ne pas traduire, traduit
        [format] mise en forme impossible
       *[other] voir fluentpress check ({ $code })
    }
# $excerpt (text): the text the finding is about, as written.
review-finding-at = { review-finding } : « { $excerpt } »

# The colophon of an official edition, one sentence per person.
# $name (text): who approved; $date (text): the day, YYYY-MM-DD.
approved-by = Traduction approuvée par { $name } le { DATETIME($date, dateStyle: "long") }.
