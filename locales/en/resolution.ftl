### Objectives and Priorities of International Cooperation of Kraków,
### adopted by the City Council on 8 December 2020.
###
### Translated from French, the source language of the document. Each message
### is one block of the document; the print order is set by layouts/resolution.toml.
### Typography: British single quotation marks ‘…’ and the typographic
### apostrophe ’; plain spaces only.

## Terms

# Name of the city. In Polish, this term has grammatical case variants
# ($case: nominative, genitive, dative, accusative, instrumental, locative).
-city = Kraków

# The city’s logo and brand: never translated.
-brand = Magiczny Kraków

# In Polish, this term has grammatical case variants ($case).
# Messages write ‘the { -eu }’.
-eu = European Union

## Header, title and preamble

# Title of the resolution, at the top of the first page.
resolution-title = Objectives and Priorities of International Cooperation

# Date on which the City Council adopted the resolution.
# Variables:
#   $date (date) - the adoption date, formatted according to the locale.
adoption-date = { DATETIME($date, dateStyle: "long") }

# Introductory sentence announcing the two lists.
resolution-intro = The objectives and priorities of the international cooperation of the City of { -city }, as laid down by the City Council, are as follows:

## Thematic objectives
## Heading of section 1 and its 15 items, written as noun phrases
## (‘Strengthening…’), with no full stop except at objective 11.

thematic-objectives-heading = Thematic objectives:
thematic-objective-1 = Strengthening the position of { -city } as a European metropolis
thematic-objective-2 = Economic development of the city, particularly in the fields of high technology and tourism
thematic-objective-3 = Attracting foreign investment
thematic-objective-4 = Stimulating tourism
thematic-objective-5 = Obtaining European funds under international programmes co-financed by the { -eu }
thematic-objective-6 = Strengthening the political role of { -city } as an intermediary between Western Europe and Central Europe
thematic-objective-7 = Strengthening (thanks to Poland’s membership of the { -eu }) the image of { -city } as the most representative Polish city and Poland’s calling card
# The Committee of the Regions is the European Union’s advisory body
# representing regional and local authorities.
thematic-objective-8 = Political promotion of { -city } with a view to strengthening the role of Polish cities in decisions on the allocation of funds from the { -eu } under regional policy (Committee of the Regions)
thematic-objective-9 = Strengthening the position of { -city } on the international stage by promoting the heritage of Central Europe and its cultural values
thematic-objective-10 = Enhancing the scientific potential of { -city } through placements abroad and exchanges of experts
thematic-objective-11 = Promoting the role of { -city } as a potential seat of international organisations and institutions, in particular those of the { -eu }.
thematic-objective-12 = Building the image of { -city } as an attractive venue for international conferences, thematic meetings, seminars and cultural and promotional events, and as a place able to compete with other cities in this part of Europe
thematic-objective-13 = Maintaining cultural and traditional ties within Central and Eastern Europe and with Polish communities abroad
thematic-objective-14 = Applying experience and solutions proven abroad (relating to the management of the city, the resolution of growing social problems and spatial planning within the framework of the sustainable development of { -city })
thematic-objective-15 = Establishing and promoting contacts between the young people of { -city } and young people from abroad

## Geographical priorities
## Heading of section 2 and its 3 items.

geographic-priorities-heading = Geographical priorities:
geographic-priority-1 = Regarding the { -eu } as a privileged area for the international cooperation of { -city }
# The stray closing parenthesis at the end of the French original is not
# reproduced; the item ends with a full stop after the closing quotation mark.
geographic-priority-2 = Promoting contacts with Central and Eastern Europe (Germany, Austria, the Czech Republic, Slovakia, Hungary, Russia, Ukraine, Belarus, Lithuania) and strengthening the role of { -city } as one of the most important centres in this region, taking into account its status as a ‘European metropolis’.
geographic-priority-3 = Promoting { -city } worldwide using all available means; strengthening the image and the ‘brand’ of { -city } among the city’s partners and foreign tourists.

## Printed pages

# Header of every page: the city’s brand.
page-header = { -brand }

# Footer of every page.
# Variables:
#   $page (number) - the page number;
#   $pages (number) - the total number of pages.
page-footer = Page { NUMBER($page) } of { NUMBER($pages) }

# The language's own name: it heads the language's column in the aligned
# edition.
language-name = English
