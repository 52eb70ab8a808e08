# fluentpress's own words in review editions, in English.

review-legend = Legend. Each row bears the ID of its message in the margin. Marks under a translation: [missing] — there is no translation, the source text is printed in grey italics; [error] — fluentpress check reports an error, named after the mark with the text it is about; [to review] — fluentpress check reports a warning (a translation-quality finding), named the same way; [stale] — the source text changed after the translation was made; [not approved] — no one approved the translation as it stands (fluentpress approve), or it or its source changed since.
review-id-head = ID
review-missing = [missing]
review-stale = [stale]
review-unapproved = [not approved]
# $finding (text): what check found, from review-finding or review-finding-at.
review-error = [error] { $finding }
review-warning = [to review] { $finding }
# $code (text): the diagnostic's code, as `fluentpress check` prints it.
review-finding =
    { $code ->
        [number] a number differs from the source
        [date] a date differs from the source
        [quotes] quotation marks of another language
        [brackets] an unpaired bracket or quotation mark
        [punctuation] punctuation
        [whitespace] spacing
        [repeated-word] a repeated word
        [untranslated] not translated
        [inconsistent] translated otherwise elsewhere
        [spelling] spelling
        [syntax] a syntax error
        [missing-variable] a variable of the source is missing
        [unknown-variable] a variable the source does not have
        [unresolved-reference] a reference that does not exist
        [unknown-variant] a variant that does not exist
        [missing-attribute] an attribute of the source is missing
        [cyclic-reference] a reference cycle
        [plural-categories] plural forms
        [empty-value] an empty text
        [invisible] an invisible character
        [function-option] a wrong function option
        [unknown-function] an unknown function
        [term-missing] glossary term missing
        [term-forbidden] term the glossary forbids
        [term-untranslated] a name not to be translated, translated
        [format] cannot be formatted
       *[other] see fluentpress check ({ $code })
    }
# $excerpt (text): the text the finding is about, as written.
review-finding-at = { review-finding }: “{ $excerpt }”

# The colophon of an official edition, one sentence per person.
# $name (text): who approved; $date (text): the day, YYYY-MM-DD.
approved-by = Translation approved by { $name } on { DATETIME($date, dateStyle: "long") }.
