# fluentpress's own words in review editions, in English.

review-legend = Legend. Each row bears the ID of its message in the margin. Marks under a translation: [missing] — there is no translation, the source text is printed in grey italics; [error] — fluentpress check reports an error, summarised after the mark; [stale] — the source text changed after the translation was made.
review-id-head = ID
review-missing = [missing]
review-error = [error] { $diagnostic }
review-stale = [stale]
