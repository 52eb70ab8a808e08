# Les mots de fluentpress dans les éditions de relecture, en français.

review-legend = Légende. Chaque rangée porte dans la marge l’identifiant de son message. Marques sous une traduction : [manquante] — la traduction manque, le texte source est imprimé en gris italique ; [erreur] — fluentpress check signale une erreur, résumée après la marque ; [périmée] — le texte source a changé depuis la traduction.
review-id-head = ID
review-missing = [manquante]
review-error = [erreur] { $diagnostic }
review-stale = [périmée]
