"""Finding glossary terms in German news sentences: inflection, compounds, variants, no false hits."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossaries import DEFAULT_GLOSSARY_PATH, Glossary, GlossaryEntry, load_glossary, match_terms
from translate.document import TermMatch

DATA = Path(__file__).parent / "data"
BUNDLED = load_glossary(DEFAULT_GLOSSARY_PATH)
BY_SOURCE = {entry.source: entry for entry in BUNDLED.entries}

# Wire-copy sentences for every bundled entry; [brackets] mark the text that must match it.
# Each entry appears in at least two forms: genitive, dative, plural, adjective endings,
# a listed variant, a capital at the start of a sentence, or a hyphenated compound.
BUNDLED_SENTENCES: dict[str, list[str]] = {
    "Islamische Revolutionsgarde": [
        "Ein Kommandeur der [Islamischen Revolutionsgarde] wurde bei dem Angriff in Damaskus getötet.",
        "Die EU prüft, die [Iranischen Revolutionsgarden] als Terrororganisation einzustufen.",
        "Nach Angaben der [Revolutionsgarden] wurden mehrere Drohnen abgefangen.",
    ],
    "IRGC": [
        "Die [IRGC]-nahe Nachrichtenagentur Tasnim meldete den Test einer neuen Rakete.",
        "Washington hatte die [IRGC] bereits 2019 auf die Terrorliste gesetzt.",
    ],
    "Ali Chamenei": [
        "Ajatollah [Ali Chamenei] hat die Gespräche mit Washington gebilligt.",
        "Ein Vertrauter [Ali Chameneis] soll die Delegation anführen.",
    ],
    "Chamenei": [
        "[Chameneis] Nachfolge gilt in Teheran als offene Frage.",
        "In einer Fernsehansprache warnte [Chamenei] Israel vor weiteren Angriffen.",
    ],
    "Ajatollah": [
        "Die Herrschaft der [Ajatollahs] stützt sich vor allem auf die Revolutionsgarde.",
        "Der [Ajatollah] äußerte sich am Freitag erstmals zu den Protesten.",
    ],
    "Oberster Führer": [
        "Die letzte Entscheidung liegt beim [Obersten Führer] des Landes.",
        "Ein Sprecher des [Obersten Führers] wies die Berichte als Propaganda zurück.",
        "Als [Oberster Religionsführer] hat Chamenei das letzte Wort.",
    ],
    "Massud Peseschkian": [
        "Präsident [Massud Peseschkian] kündigte eine Reise nach New York an.",
        "[Massoud Peseschkians] Regierung setzt auf Gespräche mit Europa.",
    ],
    "Peseschkian": [
        "[Peseschkians] Außenminister reiste am Montag nach Oman.",
        "In der Stichwahl setzte sich [Peseschkian] gegen seinen konservativen Rivalen durch.",
    ],
    "Abbas Araghtschi": [
        "Außenminister [Abbas Araghtschi] traf in Genf seine europäischen Kollegen.",
        "[Abbas Araktschis] Delegation verließ die Gespräche vorzeitig.",
    ],
    "Araghtschi": [
        "[Araghtschis] Sprecher sprach von konstruktiven Gesprächen.",
        "[Araktschi] lehnte direkte Verhandlungen mit den USA ab.",
    ],
    "Teheran": [
        "Die Führung in [Teheran] bestreitet, Waffen an Russland zu liefern.",
        "[Teherans] Atomprogramm beschäftigt erneut den Gouverneursrat.",
    ],
    "Wächterrat": [
        "Der [Wächterrat] ließ nur sechs Kandidaten zur Präsidentenwahl zu.",
        "Die Entscheidung des [Wächterrats] stieß bei Reformern auf scharfe Kritik.",
    ],
    "Hisbollah": [
        "Israel griff erneut Stellungen der [Hisbollah] im Südlibanon an.",
        "[Hisbollahs] Generalsekretär drohte mit Vergeltung.",
        "Die [Hizbollah]-Miliz feuerte Dutzende Geschosse auf den Norden Israels.",
    ],
    "Huthi": [
        "Die [Huthis] griffen erneut ein Frachtschiff an.",
        "Die [Huthi]-Rebellen im Jemen reklamierten den Angriff für sich.",
    ],
    "Gazastreifen": [
        "Im [Gazastreifen] ist die humanitäre Lage nach Angaben von Hilfsorganisationen katastrophal.",
        "Der Süden des [Gazastreifens] wurde in der Nacht erneut bombardiert.",
    ],
    "Rotes Meer": [
        "Die Reederei meidet seit Wochen das [Rote Meer].",
        "Im [Roten Meer] patrouillieren inzwischen Kriegsschiffe mehrerer Staaten.",
    ],
    "Straße von Hormus": [
        "Iran drohte mit einer Blockade der [Straße von Hormus].",
        "Durch die [Meerenge von Hormus] wird etwa ein Fünftel des weltweit gehandelten Öls transportiert.",
    ],
    "Internationale Atomenergiebehörde": [
        "Inspektoren der [Internationalen Atomenergiebehörde] durften die Anlage nicht betreten.",
        "Die [UN-Atombehörde] zeigte sich besorgt über den Ausbau des Programms.",
    ],
    "IAEA": [
        "[IAEA]-Chef Rafael Grossi reiste zu Gesprächen in die Hauptstadt.",
        "Nach einem Bericht der [IAEO] hat das Land seine Vorräte erneut erhöht.",
    ],
    "Urananreicherung": [
        "Das Land hat die [Urananreicherung] auf 60 Prozent ausgeweitet.",
        "Die [Urananreicherungs]-Anlage in Fordo liegt tief unter einem Berg.",
    ],
    "angereichertes Uran": [
        "Das Land verfügt über mehr [angereichertes Uran] als je zuvor.",
        "Der Bestand an [angereichertem Uran] wächst nach Angaben der Inspektoren weiter.",
    ],
    "Atomabkommen": [
        "Die USA waren 2018 aus dem [Atomabkommen] ausgestiegen.",
        "Die Zukunft des [Atomabkommens] ist ungewiss.",
    ],
    "Naher Osten": [
        "Die Lage im [Nahen Osten] bleibt angespannt.",
        "Der [Nahost]-Beauftragte der Regierung reist nach Kairo.",
    ],
    "Schahed-Drohne": [
        "Russland setzt zunehmend [Schahed-Drohnen] gegen die Energieversorgung ein.",
        "Die Luftabwehr fing in der Nacht 40 [Shahed-Drohnen] ab.",
    ],
    "Wladimir Putin": [
        "Kremlchef [Wladimir Putin] empfing den chinesischen Staatschef in Moskau.",
        "[Wladimir Putins] Sprecher bestätigte das Telefonat.",
    ],
    "Putin": [
        "[Putins] Truppen rücken im Osten langsam vor.",
        "Die [Putin]-Regierung wies die Vorwürfe zurück.",
    ],
    "Kreml": [
        "Ein Sprecher des [Kremls] wies den Bericht zurück.",
        "[Kreml]-Sprecher Peskow sagte, ein Treffen sei nicht geplant.",
    ],
    "Dmitri Peskow": [
        "Kremlsprecher [Dmitri Peskow] nannte die Vorwürfe absurd.",
        "Nach [Dmitrij Peskows] Worten gibt es keine Pläne für ein Treffen.",
    ],
    "Peskow": [
        "[Peskows] Äußerungen wurden in der Ukraine scharf kritisiert.",
        "[Peskow] sagte, Moskau sei zu Gesprächen bereit.",
    ],
    "Sergej Lawrow": [
        "Außenminister [Sergej Lawrow] traf seinen türkischen Amtskollegen in Antalya.",
        "[Sergei Lawrows] Rede vor der Generalversammlung dauerte fast eine Stunde.",
    ],
    "Lawrow": [
        "[Lawrows] Ministerium bestellte den deutschen Botschafter ein.",
        "[Lawrow] warf dem Westen vor, den Krieg zu verlängern.",
    ],
    "Sergei Schoigu": [
        "Der frühere Verteidigungsminister [Sergei Schoigu] ist heute Sekretär des Sicherheitsrats.",
        "[Sergej Schoigus] Nachfolger im Ministerium ist ein Ökonom.",
    ],
    "Schoigu": [
        "[Schoigus] Versetzung kam für viele Beobachter überraschend.",
        "[Schoigu] besuchte nach Angaben aus Moskau erneut Pjöngjang.",
    ],
    "Maria Sacharowa": [
        "Außenamtssprecherin [Maria Sacharowa] drohte mit Gegenmaßnahmen.",
        "[Maria Sacharowas] wöchentliches Briefing wird im Staatsfernsehen übertragen.",
    ],
    "Sacharowa": [
        "[Sacharowas] Kommentar löste in Berlin Empörung aus.",
        "[Sacharowa] sprach von einer Provokation des Westens.",
    ],
    "Dmitri Medwedew": [
        "Der Vizechef des Sicherheitsrats, [Dmitri Medwedew], drohte erneut mit Atomwaffen.",
        "[Dmitrij Medwedews] Beiträge auf Telegram sorgen regelmäßig für Aufsehen.",
    ],
    "Medwedew": [
        "[Medwedews] Drohungen werden in Washington kaum noch ernst genommen.",
        "[Medwedew] schrieb, Europa werde einen hohen Preis zahlen.",
    ],
    "Waleri Gerassimow": [
        "Generalstabschef [Waleri Gerassimow] leitet den Einsatz in der Ukraine.",
        "[Waleri Gerasimows] Stellvertreter wurde unter Korruptionsverdacht festgenommen.",
    ],
    "Gerassimow": [
        "[Gerassimows] Name taucht in dem Haftbefehl auf.",
        "[Gerasimow] inspizierte nach Angaben des Ministeriums Truppen im Osten.",
    ],
    "Andrej Beloussow": [
        "Verteidigungsminister [Andrej Beloussow] ist Ökonom und kein Militär.",
        "[Andrei Beloussows] erster Besuch führte ihn an die Front.",
    ],
    "Beloussow": [
        "[Beloussows] Ernennung überraschte viele Beobachter.",
        "[Beloussow] kündigte an, die Rüstungsproduktion weiter zu steigern.",
    ],
    "Wagner-Gruppe": [
        "Kämpfer der [Wagner-Gruppe] waren auch in Mali im Einsatz.",
        "Die Söldner der [Gruppe Wagner] wurden inzwischen in die Armee eingegliedert.",
    ],
    "Jewgeni Prigoschin": [
        "Wagner-Chef [Jewgeni Prigoschin] kam 2023 bei einem Flugzeugabsturz ums Leben.",
        "[Jewgeni Prigoschins] Aufstand dauerte nur einen Tag.",
    ],
    "Prigoschin": [
        "[Prigoschins] Söldner hatten die Stadt nach monatelangen Kämpfen erobert.",
        "[Prigoschin] hatte die Militärführung offen kritisiert.",
    ],
    "Alexander Lukaschenko": [
        "Machthaber [Alexander Lukaschenko] ließ Tausende Oppositionelle festnehmen.",
        "[Alexander Lukaschenkos] Regime stellt Russland sein Territorium zur Verfügung.",
    ],
    "Lukaschenko": [
        "[Lukaschenkos] Sicherheitskräfte gingen gegen die Demonstranten vor.",
        "[Lukaschenko] vermittelte nach eigenen Angaben in dem Konflikt.",
    ],
    "Belarus": [
        "Russland hat taktische Atomwaffen in [Belarus] stationiert.",
        "Die Opposition in [Weißrussland] ist weitgehend zerschlagen.",
    ],
    "Tass": [
        "Das berichtete die staatliche Nachrichtenagentur [Tass].",
        "Nach [TASS]-Angaben wurden zwei Drohnen abgeschossen.",
    ],
    "Wolodymyr Selensky": [
        "Präsident [Wolodymyr Selensky] bat den Westen um weitere Hilfe.",
        "[Wolodymyr Selenskyjs] Berater bestätigte das Treffen in Washington.",
    ],
    "Selensky": [
        "[Selenskys] Stabschef reiste nach Washington.",
        "[Selenskyj] dankte den Verbündeten für die Unterstützung.",
    ],
    "Andrij Jermak": [
        "Präsidialamtschef [Andrij Jermak] führte die Delegation an.",
        "[Andrij Jermaks] Rücktritt wurde am Abend bekannt.",
    ],
    "Jermak": [
        "[Jermaks] Büro äußerte sich zunächst nicht.",
        "[Jermak] traf in Riad mit der US-Delegation zusammen.",
    ],
    "Oleksandr Syrskyj": [
        "Oberbefehlshaber [Oleksandr Syrskyj] räumte Geländeverluste ein.",
        "[Olexander Syrskyjs] Vorgänger ist heute Botschafter in London.",
    ],
    "Syrskyj": [
        "[Syrskyjs] Lagebericht klang düster.",
        "[Syrskyj] ordnete den Rückzug aus der Stadt an.",
    ],
    "Ukraine-Kontaktgruppe": [
        "Die Verteidigungsminister der [Ukraine-Kontaktgruppe] treffen sich am Donnerstag in Brüssel.",
        "Beim Treffen der [Kontaktgruppe zur Verteidigung der Ukraine] sagte Deutschland weitere Hilfe zu.",
        "Die sogenannte [Ramstein-Gruppe] wurde im April 2022 gegründet.",
        "Das Pentagon lud erneut zur [Ukraine Defense Contact Group] ein.",
    ],
    "Kiew": [
        "In [Kiew] heulten in der Nacht erneut die Sirenen.",
        "[Kiews] Bürgermeister Vitali Klitschko rief die Bewohner in die Schutzräume.",
        "Die [Kiewer] Führung wies den Vorschlag zurück.",
    ],
    "Charkiw": [
        "Russische Gleitbomben trafen ein Wohnhaus in [Charkiw].",
        "[Charkiws] Bürgermeister rief die Bewohner auf, in den Schutzräumen zu bleiben.",
    ],
    "Saporischschja": [
        "Die Front im Gebiet [Saporischschja] ist seit Monaten weitgehend erstarrt.",
        "[Saporischschjas] Gouverneur meldete drei Tote.",
    ],
    "Atomkraftwerk Saporischschja": [
        "Die Inspektoren warnen vor einem Unfall im [Atomkraftwerk Saporischschja].",
        "Die Kühlung des [Atomkraftwerks Saporischschja] hängt an einer einzigen Stromleitung.",
        "Das [AKW Saporischschja] ist seit März 2022 von russischen Truppen besetzt.",
    ],
    "Odessa": [
        "Drohnen griffen in der Nacht den Hafen von [Odessa] an.",
        "[Odessas] Altstadt gehört zum Unesco-Welterbe.",
    ],
    "Donezk": [
        "Die Kämpfe im Gebiet [Donezk] halten an.",
        "[Donezks] Vororte liegen seit Jahren unter Beschuss.",
    ],
    "Luhansk": [
        "Russland kontrolliert fast das gesamte Gebiet [Luhansk].",
        "Die Separatisten in [Lugansk] riefen 2014 eine eigene Republik aus.",
    ],
    "Cherson": [
        "Die Stadt [Cherson] wird täglich vom anderen Ufer des Flusses beschossen.",
        "[Chersons] Bewohner leben seit der Befreiung unter Dauerbeschuss.",
    ],
    "Bachmut": [
        "Die Schlacht um [Bachmut] dauerte fast ein Jahr.",
        "[Bachmuts] Zerstörung wurde zum Symbol des Krieges.",
    ],
    "Awdijiwka": [
        "Die ukrainischen Truppen zogen sich aus [Awdijiwka] zurück.",
        "Nach dem Fall [Awdijiwkas] rückten die russischen Einheiten weiter vor.",
    ],
    "Pokrowsk": [
        "Die Logistikdrehscheibe [Pokrowsk] ist heftig umkämpft.",
        "Um [Pokrowsks] Zufahrtsstraßen wird erbittert gekämpft.",
    ],
    "Krim": [
        "Russland hat die [Krim] 2014 annektiert.",
        "Die [Krim]-Brücke wurde in der Nacht erneut angegriffen.",
    ],
    "Gegenoffensive": [
        "Die ukrainische [Gegenoffensive] blieb hinter den Erwartungen zurück.",
        "Beide [Gegenoffensiven] kamen im Winter zum Erliegen.",
    ],
    "Waffenstillstand": [
        "Beide Seiten werfen sich vor, den [Waffenstillstand] gebrochen zu haben.",
        "Die Bedingungen des [Waffenstillstands] sind noch unklar.",
        "Die Verhandlungen über eine [Waffenruhe] stocken.",
    ],
    "Streumunition": [
        "Die USA haben der Ukraine [Streumunition] geliefert.",
        "Die [Streumunitions]-Lieferungen stießen bei Menschenrechtlern auf Kritik.",
    ],
    "Marschflugkörper": [
        "Russland feuerte in der Nacht mehrere [Marschflugkörper] auf die Hauptstadt ab.",
        "Die Luftwaffe verfügt über Hunderte von [Marschflugkörpern].",
        "Die Debatte über die Lieferung von Taurus-[Marschflugkörpern] geht weiter.",
    ],
    "ballistische Rakete": [
        "[Ballistische Raketen] sind für die Luftabwehr besonders schwer abzufangen.",
        "Pjöngjang testete erneut eine [ballistische Rakete].",
        "Iran feuerte Dutzende [ballistischer Raketen] auf Israel ab.",
    ],
    "Kurzstreckenrakete": [
        "Pjöngjang feuerte zwei [Kurzstreckenraketen] ins Meer.",
        "Die [Kurzstreckenrakete] flog rund 600 Kilometer weit.",
    ],
    "kurzstreckenballistische Rakete": [
        "Russland setzte [kurzstreckenballistische Raketen] vom Typ Iskander ein.",
        "Das Militär meldete den Start einer [ballistischen Kurzstreckenrakete].",
    ],
    "Interkontinentalrakete": [
        "Pjöngjang testete eine neue [Interkontinentalrakete].",
        "Die Reichweite der [Interkontinentalraketen] umfasst das gesamte amerikanische Festland.",
    ],
    "Luftverteidigungssystem": [
        "Deutschland liefert ein weiteres [Luftverteidigungssystem] vom Typ Iris-T.",
        "Die Ukraine braucht dringend mehr [Flugabwehrsysteme].",
        "Der Bedarf an [Luftverteidigungssystemen] ist enorm.",
    ],
    "Nationaler Sicherheitsrat": [
        "Ein Sprecher des [Nationalen Sicherheitsrats] in Washington bestätigte die Gespräche.",
        "Der [Nationale Sicherheitsrat] der Ukraine verhängte neue Sanktionen.",
    ],
    "Sicherheitsrat der Vereinten Nationen": [
        "Der [Sicherheitsrat der Vereinten Nationen] kommt zu einer Dringlichkeitssitzung zusammen.",
        "Russland blockierte im [UN-Sicherheitsrat] eine Resolution.",
        "Eine Reform des [Weltsicherheitsrats] ist seit Jahren im Gespräch.",
        "Die Mitglieder des [Sicherheitsrates der Vereinten Nationen] verurteilten den Angriff.",
    ],
    "Vereinte Nationen": [
        "Nach Angaben der [Vereinten Nationen] sind mehr als sechs Millionen Menschen geflohen.",
        "[Vereinte Nationen] warnen vor einer Hungersnot im Sudan.",
    ],
    "UN": [
        "[UN]-Generalsekretär António Guterres rief zur Zurückhaltung auf.",
        "Die [UNO] verurteilte den Angriff auf das Krankenhaus.",
    ],
    "NATO": [
        "Die [Nato] will ihre Ostflanke weiter verstärken.",
        "Die [NATO]-Staaten einigten sich auf höhere Verteidigungsausgaben.",
    ],
    "G7": [
        "Die [G7]-Staaten wollen die eingefrorenen russischen Vermögen nutzen.",
        "Beim [G-7]-Gipfel in Italien stand die Ukraine im Mittelpunkt.",
    ],
    "Europäische Union": [
        "Die [Europäische Union] verhängte neue Sanktionen gegen Russland.",
        "Die Mitgliedstaaten der [Europäischen Union] konnten sich nicht einigen.",
    ],
    "Europäische Kommission": [
        "Die [Europäische Kommission] legte einen neuen Vorschlag vor.",
        "Nach Ansicht der [Europäischen Kommission] verstößt das Gesetz gegen EU-Recht.",
        "Ein Sprecher der [EU-Kommission] sagte, man prüfe die Berichte.",
    ],
    "Internationaler Strafgerichtshof": [
        "Der [Internationale Strafgerichtshof] hat einen Haftbefehl erlassen.",
        "Die Ankläger des [Internationalen Strafgerichtshofs] ermitteln seit 2022.",
    ],
    "Pentagon": [
        "Das [Pentagon] kündigte ein neues Hilfspaket an.",
        "Ein Sprecher des [Pentagons] bestätigte die Lieferung.",
    ],
    "Weißes Haus": [
        "Das [Weiße Haus] wies die Berichte zurück.",
        "Ein Sprecher des [Weißen Hauses] sagte, der Präsident sei informiert.",
    ],
    "Vereinigte Staaten": [
        "Die [Vereinigten Staaten] sind der größte Unterstützer der Ukraine.",
        "[Vereinigte Staaten] und Großbritannien schlossen ein neues Abkommen.",
    ],
    "Nordkorea": [
        "[Nordkorea] hat Russland Tausende Soldaten geschickt.",
        "[Nordkoreas] Machthaber Kim Jong Un besuchte eine Waffenfabrik.",
    ],
    "Wall Street Journal": [
        "Das berichtete das [Wall Street Journal] unter Berufung auf Regierungskreise.",
        "Nach Informationen des [Wall Street Journals] sind die Gespräche gescheitert.",
    ],
    "Bundeswehr": [
        "Die [Bundeswehr] soll bis 2029 kriegstüchtig werden.",
        "Ein [Bundeswehr]-Sprecher bestätigte den Vorfall.",
    ],
    "Auswärtiges Amt": [
        "Das [Auswärtige Amt] rät von Reisen in die Region ab.",
        "Eine Sprecherin des [Auswärtigen Amts] bestätigte die Ausreise.",
    ],
    "Bundesregierung": [
        "Die [Bundesregierung] hält an ihrer Linie fest.",
        "Frühere [Bundesregierungen] hatten auf russisches Gas gesetzt.",
    ],
}


def unmark(marked: str) -> tuple[str, int, int]:
    """The sentence without brackets and the offsets of the bracketed text in it."""
    start = marked.index("[")
    end = marked.index("]") - 1
    return marked.replace("[", "").replace("]", ""), start, end


def targets(sentence: str, glossary: Glossary = BUNDLED) -> list[str]:
    return [match.target for match in match_terms(sentence, glossary)]


def test_every_bundled_entry_has_sentences_in_at_least_two_forms():
    assert set(BUNDLED_SENTENCES) == set(BY_SOURCE)
    for source, sentences in BUNDLED_SENTENCES.items():
        # A form is the surface text plus whether it starts a hyphenated compound ("Krim-Brücke").
        forms = set()
        for marked in sentences:
            sentence, start, end = unmark(marked)
            forms.add((sentence[start:end], sentence[end:end + 1] == "-"))
        assert len(forms) >= 2, source


@pytest.mark.parametrize(
    "source, marked",
    [(source, marked) for source, sentences in BUNDLED_SENTENCES.items() for marked in sentences],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_bundled_entry_is_found_in_news_sentence(source, marked):
    sentence, start, end = unmark(marked)
    expected = TermMatch(source=sentence[start:end], target=BY_SOURCE[source].target, start=start, end=end)
    assert expected in match_terms(sentence, BUNDLED)


def test_match_fields_point_into_the_sentence():
    sentence = "Ein Sprecher des Kremls sagte, die Nato provoziere."
    assert match_terms(sentence, BUNDLED) == [
        TermMatch(source="Kremls", target="Kremlin", start=17, end=23),
        TermMatch(source="Nato", target="NATO", start=35, end=39),
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # The longer term wins over the terms inside it.
        ("Der Sicherheitsrat der Vereinten Nationen tagte am Abend.", ["UN Security Council"]),
        ("Präsident Wolodymyr Selensky sprach in Kiew.", ["Volodymyr Zelensky", "Kyiv"]),
        ("Die Inspektoren erreichten das Atomkraftwerk Saporischschja.", ["Zaporizhzhia nuclear power plant"]),
        ("Russland feuerte kurzstreckenballistische Raketen ab.", ["short-range ballistic missile"]),
        ("Das Militär meldete den Start einer ballistischen Kurzstreckenrakete.", ["short-range ballistic missile"]),
        # A person's full title: each part is its own term.
        ("Der Oberste Führer Ajatollah Ali Chamenei sprach in Teheran.",
         ["Supreme Leader", "Ayatollah", "Ali Khamenei", "Tehran"]),
    ],
)
def test_longest_match_wins_without_overlaps(sentence, expected):
    assert targets(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Garde des Präsidenten marschierte vor dem Palast auf.",  # "Garde" is not "Revolutionsgarde"
        "Die Stadt gründete eine Kontaktgruppe für Umweltfragen.",  # not the Ukraine Defense Contact Group
        "Die Website kremlin.ru veröffentlichte den Wortlaut der Rede.",  # "Kremlin" is not "Kreml"
        "Der Grenzzaun ist mit Natodraht gesichert.",  # a plain letter after NATO: another word
        "Der Kremlchef sprach von einer neuen Lage.",  # closed compounds are other words
        "Die Senatoren stimmten gegen den Entwurf.",
        "Der Film über Rasputin lief im Fernsehen.",  # a term at the end of another word
        "Die Eiskunstläuferin Putinzewa gewann die Kür.",
        "Machthaber Kim Jong Un besuchte eine Waffenfabrik.",  # "Un" is not "UN"
        "Der nationale Sicherheitsberater traf den Kanzler.",
    ],
)
def test_no_false_matches(sentence):
    assert match_terms(sentence, BUNDLED) == []


def test_longest_match_wins_even_when_a_shorter_one_starts_earlier():
    glossary = Glossary(
        (
            GlossaryEntry("Nationaler Sicherheitsrat", "National Security Council"),
            GlossaryEntry("Sicherheitsrat der Vereinten Nationen", "UN Security Council"),
        ),
        signature="test",
    )
    assert targets("Ein Nationaler Sicherheitsrat der Vereinten Nationen.", glossary) == ["UN Security Council"]


def test_the_longest_spelling_of_an_entry_is_taken():
    glossary = Glossary(
        (GlossaryEntry("Ukraine-Kontaktgruppe", "Ukraine Defense Contact Group", ("Ramstein", "Ramstein-Gruppe")),),
        signature="test",
    )
    assert [m.source for m in match_terms("Die Ramstein-Gruppe tagt.", glossary)] == ["Ramstein-Gruppe"]


def test_un_security_council_is_not_the_national_security_council():
    sentence = "Die Mitglieder des Sicherheitsrats der Vereinten Nationen berieten über Nordkorea."
    assert targets(sentence) == ["UN Security Council", "North Korea"]


def test_noun_entries_do_not_take_the_ending_of_another_word():
    iran = Glossary((GlossaryEntry("Iran", "Iran"),), signature="test")
    assert targets("Irans Führung und die Iraner feierten.", iran) == ["Iran"]


def test_unicode_hyphens_inside_a_term_match_the_ascii_hyphen():
    # U+2010 (hyphen) and U+2011 (non-breaking hyphen) come in from some editing systems.
    assert targets("Die Minister der Ukraine\u2010Kontaktgruppe und der UN\u2011Sicherheitsrat.") == [
        "Ukraine Defense Contact Group",
        "UN Security Council",
    ]


def test_case_sensitive_entries_match_only_as_written():
    assert targets("Die Irgc und die IRGC.") == ["IRGC"]
    lowercase = Glossary((GlossaryEntry("linke", "left", case_sensitive=True),), signature="test")
    assert targets("Die Linke stimmte für die linke Spur.", lowercase) == ["left"]


def test_variants_of_later_entries_win_ties():
    first = GlossaryEntry("Kiew", "Kyiv")
    second = GlossaryEntry("Kiew", "Kiev (old style)")
    assert targets("In Kiew.", Glossary((first, second), signature="test")) == ["Kiev (old style)"]


def test_matches_are_sorted_and_disjoint_on_a_whole_test_set():
    sentences = (DATA / "testsets" / "newstest2019.de-en.de").read_text(encoding="utf-8").splitlines()
    found = 0
    for sentence in sentences:
        matches = match_terms(sentence, BUNDLED)
        for earlier, later in zip(matches, matches[1:]):
            assert earlier.end <= later.start
        for match in matches:
            assert sentence[match.start:match.end] == match.source
            assert (match.applied, match.reason) == (False, None)
        found += len(matches)
    assert found >= 25  # measured 30: White House, United States, NATO, North Korea …


def test_wmt23_listed_terms_are_found_in_their_sentences():
    sentences = (DATA / "wmt23-terminology" / "deen.de").read_text(encoding="utf-8").splitlines()
    lines = (DATA / "wmt23-terminology" / "deen.term.proper").read_text(encoding="utf-8").splitlines()
    listed = found = 0
    for sentence, line in zip(sentences, lines, strict=True):
        for term in json.loads(line):
            one_term = Glossary((GlossaryEntry(term["de"], term["en"]),), signature="wmt23")
            listed += 1
            found += bool(match_terms(sentence, one_term))
    # Measured 11311 of 11364 (99.53 %); the misses are parts of closed compounds
    # ("Ultraschall" in "Ultraschallanalgesie") and four lines whose terms belong to other sentences.
    assert listed == 11364
    assert found / listed >= 0.995
