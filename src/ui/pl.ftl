# Słowa fluentpress w wydaniach do korekty, po polsku.

review-legend = Legenda. Każdy wiersz ma na marginesie identyfikator swojego komunikatu. Oznaczenia pod tłumaczeniem: [brak] — brak tłumaczenia, tekst źródłowy wydrukowano szarą kursywą; [błąd] — fluentpress check zgłasza błąd, streszczony po oznaczeniu; [nieaktualne] — tekst źródłowy zmienił się po wykonaniu tłumaczenia.
review-id-head = ID
review-missing = [brak]
review-error = [błąd] { $diagnostic }
review-stale = [nieaktualne]
