# Słowa fluentpress w wydaniach do korekty, po polsku.

review-legend = Legenda. Każdy wiersz ma na marginesie identyfikator swojego komunikatu. Oznaczenia pod tłumaczeniem: [brak] — brak tłumaczenia, tekst źródłowy wydrukowano szarą kursywą; [błąd] — fluentpress check zgłasza błąd, nazwany po oznaczeniu wraz z tekstem, którego dotyczy; [do sprawdzenia] — fluentpress check zgłasza ostrzeżenie (kontrola jakości tłumaczenia), nazwane tak samo; [nieaktualne] — tekst źródłowy zmienił się po wykonaniu tłumaczenia; [niezatwierdzone] — nikt nie zatwierdził tłumaczenia w obecnym brzmieniu (fluentpress approve) albo ono lub jego źródło zmieniło się od zatwierdzenia.
review-id-head = ID
review-missing = [brak]
review-stale = [nieaktualne]
review-unapproved = [niezatwierdzone]
# $finding (text): what check found, from review-finding or review-finding-at.
review-error = [błąd] { $finding }
review-warning = [do sprawdzenia] { $finding }
# $code (text): the diagnostic's code, as `fluentpress check` prints it.
review-finding =
    { $code ->
        [number] liczba inna niż w źródle
        [date] data inna niż w źródle
        [quotes] cudzysłów innego języka
        [brackets] niesparowany nawias lub cudzysłów
        [punctuation] interpunkcja
        [whitespace] odstępy
        [repeated-word] powtórzone słowo
        [untranslated] nieprzetłumaczone
        [inconsistent] gdzie indziej przetłumaczone inaczej
        [spelling] pisownia
        [syntax] błąd składni
        [missing-variable] brak zmiennej ze źródła
        [unknown-variable] zmienna nieobecna w źródle
        [unresolved-reference] odwołanie do nieistniejącego elementu
        [unknown-variant] nieistniejący wariant
        [missing-attribute] brak atrybutu ze źródła
        [cyclic-reference] odwołania w cyklu
        [plural-categories] formy liczby mnogiej
        [empty-value] pusty tekst
        [invisible] niewidoczny znak
        [function-option] błędna opcja funkcji
        [unknown-function] nieznana funkcja
        [term-missing] brak terminu z glosariusza
        [term-forbidden] termin zakazany w glosariuszu
        [term-untranslated] przetłumaczona nazwa, której się nie tłumaczy
        [format] nie da się sformatować
       *[other] zob. fluentpress check ({ $code })
    }
# $excerpt (text): the text the finding is about, as written.
review-finding-at = { review-finding }: „{ $excerpt }”

# The colophon of an official edition, one sentence per person.
# $name (text): who approved; $date (text): the day, YYYY-MM-DD.
approved-by = Zatwierdzenie tłumaczenia: { $name }, { DATETIME($date, dateStyle: "long") }.
