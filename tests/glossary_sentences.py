"""News sentences for every bundled glossary entry, shared by the matching and enforcement tests."""
from __future__ import annotations

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
