### Cele i priorytety współpracy międzynarodowej Krakowa,
### przyjęte przez Radę Miasta 8 grudnia 2020 r.
###
### Przekład z języka francuskiego (język źródłowy dokumentu). Każdy komunikat
### to jeden blok dokumentu; kolejność druku ustala layouts/resolution.toml.
### Typografia: cudzysłów „…”; zwykłe spacje (jednoliterowe wyrazy na końcu
### wiersza wiąże skład automatycznie).

## Terminy

# Nazwa miasta. Przypadek wybiera parametr $case (nominative, genitive,
# dative, accusative, instrumental, locative); domyślnie mianownik.
-city =
    { $case ->
       *[nominative] Kraków
        [genitive] Krakowa
        [dative] Krakowowi
        [accusative] Kraków
        [instrumental] Krakowem
        [locative] Krakowie
    }

# Logo i marka miasta: nigdy się nie tłumaczy.
-brand = Magiczny Kraków

# Przypadek wybiera parametr $case, jak w terminie -city; domyślnie mianownik.
-eu =
    { $case ->
       *[nominative] Unia Europejska
        [genitive] Unii Europejskiej
        [dative] Unii Europejskiej
        [accusative] Unię Europejską
        [instrumental] Unią Europejską
        [locative] Unii Europejskiej
    }

## Nagłówek, tytuł i wstęp

# Tytuł uchwały, u góry pierwszej strony (z nazwą miasta w dopełniaczu).
resolution-title = Cele i priorytety współpracy międzynarodowej Miasta { -city(case: "genitive") }

# Data przyjęcia uchwały przez Radę Miasta.
# Zmienne:
#   $date (data) - data przyjęcia, sformatowana zgodnie z językiem.
adoption-date = { DATETIME($date, dateStyle: "long") }

# Zdanie wstępne zapowiadające obie listy.
resolution-intro = Cele i priorytety współpracy międzynarodowej Miasta { -city(case: "genitive") }, ustalone przez Radę Miasta, są następujące:

## Cele tematyczne
## Nagłówek sekcji 1 i jej 15 punktów w postaci grup rzeczownikowych
## („Umacnianie…”), bez kropki na końcu, z wyjątkiem celu 11.

thematic-objectives-heading = Cele tematyczne:
thematic-objective-1 = Umacnianie pozycji { -city(case: "genitive") } jako metropolii europejskiej
thematic-objective-2 = Rozwój gospodarczy miasta, zwłaszcza w dziedzinie wysokich technologii i turystyki
thematic-objective-3 = Przyciąganie inwestycji zagranicznych
thematic-objective-4 = Pobudzanie rozwoju turystyki
thematic-objective-5 = Pozyskiwanie funduszy europejskich w ramach programów międzynarodowych współfinansowanych przez { -eu(case: "accusative") }
thematic-objective-6 = Wzmacnianie politycznej roli { -city(case: "genitive") } jako pośrednika między Europą Zachodnią a Europą Środkową
thematic-objective-7 = Wzmacnianie (dzięki członkostwu Polski w { -eu(case: "locative") }) wizerunku { -city(case: "genitive") } jako najbardziej reprezentatywnego polskiego miasta, wizytówki Polski
# Komitet Regionów to organ doradczy Unii Europejskiej
# reprezentujący władze regionalne i lokalne.
thematic-objective-8 = Promocja polityczna { -city(case: "genitive") } w celu wzmocnienia roli polskich miast w podejmowaniu decyzji dotyczących podziału środków { -eu(case: "genitive") } w ramach polityki regionalnej (Komitet Regionów)
thematic-objective-9 = Umacnianie pozycji { -city(case: "genitive") } na arenie międzynarodowej poprzez promocję dziedzictwa Europy Środkowej i jej wartości kulturowych
thematic-objective-10 = Podnoszenie potencjału naukowego { -city(case: "genitive") } dzięki stażom zagranicznym i wymianie ekspertów
thematic-objective-11 = Promowanie roli { -city(case: "genitive") } jako potencjalnej siedziby organizacji i instytucji międzynarodowych, w szczególności instytucji { -eu(case: "genitive") }.
thematic-objective-12 = Kreowanie wizerunku { -city(case: "genitive") } jako atrakcyjnego miejsca organizacji międzynarodowych konferencji, spotkań tematycznych, seminariów oraz wydarzeń kulturalnych i promocyjnych, a także jako miejsca zdolnego konkurować z innymi miastami tej części Europy
thematic-objective-13 = Podtrzymywanie więzi kulturowych i tradycyjnych w obrębie Europy Środkowej i Wschodniej oraz ze społecznościami polonijnymi za granicą
thematic-objective-14 = Wykorzystywanie doświadczeń i rozwiązań sprawdzonych za granicą (dotyczących zarządzania miastem, rozwiązywania narastających problemów społecznych oraz planowania przestrzennego w ramach zrównoważonego rozwoju { -city(case: "genitive") })
thematic-objective-15 = Nawiązywanie i rozwijanie kontaktów między młodzieżą z { -city(case: "genitive") } a młodzieżą z zagranicy

## Priorytety geograficzne
## Nagłówek sekcji 2 i jej 3 punkty.

geographic-priorities-heading = Priorytety geograficzne:
geographic-priority-1 = Traktowanie { -eu(case: "genitive") } jako obszaru uprzywilejowanego we współpracy międzynarodowej { -city(case: "genitive") }
# Końcowy nawias zamykający z oryginału francuskiego został pominięty;
# punkt kończy się kropką po cudzysłowie.
geographic-priority-2 = Rozwijanie kontaktów z Europą Środkową i Wschodnią (Niemcy, Austria, Republika Czeska, Słowacja, Węgry, Rosja, Ukraina, Białoruś, Litwa) oraz wzmacnianie roli { -city(case: "genitive") } jako jednego z najważniejszych ośrodków w tym regionie, z uwzględnieniem jego statusu „metropolii europejskiej”.
geographic-priority-3 = Promocja { -city(case: "genitive") } na świecie z wykorzystaniem wszelkich dostępnych środków; umacnianie wizerunku i „marki” { -city(case: "genitive") } wśród partnerów miasta i turystów zagranicznych.

## Strony wydruku

# Nagłówek każdej strony: marka miasta.
page-header = { -brand }

# Stopka każdej strony.
# Zmienne:
#   $page (liczba) - numer strony;
#   $pages (liczba) - łączna liczba stron.
page-footer = Strona { NUMBER($page) } z { NUMBER($pages) }

# Nazwa języka w tym języku: nagłówek jego kolumny w wydaniu równoległym.
language-name = Polski
