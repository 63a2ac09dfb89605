//! Jacques Savoy's minimal French stemmer, as Lucene implements it in
//! `org.apache.lucene.analysis.fr.FrenchMinimalStemmer`.
//!
//! It removes little more than plurals (`chevaux` → `cheval`, `barons` → `baron`) and a final
//! `-er`/`-e`/`-é`, and leaves words shorter than six units alone: the least aggressive point of
//! comparison for Snowball and the light stemmer, which Elasticsearch offers as
//! `minimal_french`. Unlike the light stemmer it folds no accent (`créées` → `cré`).
//!
//! The port keeps Java's semantics so that its terms equal Lucene's: lengths count UTF-16 code
//! units and "is a letter" is Java's `Character.isLetter` (shared with
//! [`super::light_stemmer`]). Input is a lowercase word, accents included.
//!
//! Source: Lucene's `lucene/analysis/common/src/java/org/apache/lucene/analysis/fr/
//! FrenchMinimalStemmer.java` (apache/lucene, blob of commit
//! `57a9ac135b8b13ca4f0adc782c79fa937bb10036`). The tests carry every example of Lucene's
//! `TestFrenchMinimalStemFilter.java` and a sample of its reference vocabulary
//! `frminimaltestdata.zip`.
//!
//! License: Lucene is licensed by the Apache Software Foundation under the Apache License,
//! Version 2.0; the algorithm and Lucene's code derive from Jacques Savoy's code
//! (<http://members.unine.ch/jacques.savoy/clef/>), whose notice follows as Lucene keeps it.

// Copyright (c) 2005, Jacques Savoy
// All rights reserved.
//
// Redistribution and use in source and binary forms, with or without
// modification, are permitted provided that the following conditions are met:
//
// Redistributions of source code must retain the above copyright notice, this
// list of conditions and the following disclaimer. Redistributions in binary
// form must reproduce the above copyright notice, this list of conditions and
// the following disclaimer in the documentation and/or other materials
// provided with the distribution. Neither the name of the author nor the names
// of its contributors may be used to endorse or promote products derived from
// this software without specific prior written permission.
//
// THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
// AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
// IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
// ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE
// LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
// CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
// SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
// INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
// CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
// ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE
// POSSIBILITY OF SUCH DAMAGE.

use super::light_stemmer::{is_java_letter, utf16_unit};

/// Stems a lowercase French word the way Lucene's `FrenchMinimalStemmer` does.
pub fn minimal_stem(word: &str) -> String {
    let mut units: Vec<u16> = word.encode_utf16().collect();
    let length = stem_units(&mut units);
    // The rules only cut Basic Multilingual Plane letters off the end, so no surrogate pair is
    // ever split and the conversion loses nothing.
    String::from_utf16_lossy(&units[..length])
}

/// Lucene's `stem(char[] s, int len)`: rewrites `units` in place, returns the stem's length.
fn stem_units(units: &mut [u16]) -> usize {
    let mut length = units.len();
    if length < 6 {
        return length;
    }

    if is(units[length - 1], 'x') {
        if is(units[length - 3], 'a') && is(units[length - 2], 'u') {
            units[length - 2] = utf16_unit('l');
        }
        return length - 1;
    }

    // At most four units go, so at least two remain for the doubled-letter test.
    if is(units[length - 1], 's') {
        length -= 1;
    }
    if is(units[length - 1], 'r') {
        length -= 1;
    }
    if is(units[length - 1], 'e') {
        length -= 1;
    }
    if is(units[length - 1], 'é') {
        length -= 1;
    }
    if units[length - 1] == units[length - 2] && is_java_letter(units[length - 1]) {
        length -= 1;
    }
    length
}

/// Whether a UTF-16 code unit is the given Basic Multilingual Plane character.
fn is(unit: u16, character: char) -> bool {
    unit == utf16_unit(character)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stemmer_checks;

    fn assert_stems(pairs: &[(&str, &str)]) {
        stemmer_checks::assert_stems("minimal_stem", minimal_stem, pairs);
    }

    /// Every `checkOneTerm` of Lucene's `TestFrenchMinimalStemFilter.testExamples`.
    #[test]
    fn lucene_examples_from_the_paper() {
        assert_stems(&[
            ("chevaux", "cheval"),
            ("hiboux", "hibou"),
            ("chantés", "chant"),
            ("chanter", "chant"),
            ("chante", "chant"),
            ("baronnes", "baron"),
            ("barons", "baron"),
            ("baron", "baron"),
        ]);
    }

    /// Lucene's `testIntergerWithLastCharactersEqual`: a final doubled letter goes, a final
    /// doubled digit stays, and nothing inside the word changes.
    #[test]
    fn lucene_examples_of_repeated_characters() {
        assert_stems(&[
            ("1234555", "1234555"),
            ("12333345", "12333345"),
            ("1234", "1234"),
            ("abcdeff", "abcdef"),
            ("abcccddeef", "abcccddeef"),
            ("créées", "cré"),
            ("22hh00", "22hh00"),
        ]);
    }

    /// Lucene's `testEmptyTerm`.
    #[test]
    fn empty_word_stays_empty() {
        assert_eq!(minimal_stem(""), "");
    }

    /// Java semantics kept on purpose: the six-unit threshold counts UTF-16 units.
    #[test]
    fn follows_java_characters() {
        // `𝒜` is two UTF-16 units, so `𝒜ches` has six and is stemmed; `aches` has five.
        assert_eq!(minimal_stem("𝒜ches"), "𝒜ch");
        assert_eq!(minimal_stem("aches"), "aches");
        // A doubled Roman numeral is no doubled letter.
        assert_eq!(minimal_stem("abcdeⅻⅻ"), "abcdeⅻⅻ");
    }

    /// Lucene's reference vocabulary `frminimaltestdata.zip` (`frminimal.txt`, 20,403 pairs
    /// taken from Savoy's reference implementation): every 40th line, from the first, as
    /// whitespace-separated `word stem` pairs.
    #[test]
    fn lucene_reference_vocabulary_sample() {
        stemmer_checks::assert_vocabulary_sample(
            "minimal_stem",
            minimal_stem,
            LUCENE_VOCABULARY_SAMPLE,
            511,
        );
    }

    const LUCENE_VOCABULARY_SAMPLE: &str = "
a a   abîmée abîm   abréger abrég   absurdes absurd   accentua accentua
accomplirait accomplirait   accoutume accoutum   accuse accus   acquérait acquérait
address addres   admirent admirent   adoucir adouci   affaiblit affaiblit   affilier affili
âgé âgé   agiter agit   aidiez aidiez   aimerais aimerai   al al   allais allai   allumée allum
amand amand   amer amer   amphithéâtre amphithéâtr   anéantissait anéantissait   anneau anneau
antérieure antérieur   apercevrait apercevrait   apparent apparent   appert appert
apprécie appréci   approchés approch   arbrisseaux arbrisseal   arithmétique arithmétiqu
arrangé arrang   arrière arrièr   arte arte   assaillie assailli   assista assista
assurer assur   attachement attachement   attendait attendait   attirait attirait
aucunement aucunement   auras auras   autriche autrich   avare avare   aviez aviez
avviamento avviamento   bâillement bâillement   balivernes balivern   bar bar   basile basil
bats bats   beau beau   benêt benêt   biais biais   bisontine bisontin   blessant blessant
boîte boîte   borda borda   bouder boud   bouquer bouqu   boutonné bouton   brefs brefs
brisa brisa   brouillée brouil   brutale brutal   bureaux bureal   cachant cachant
cagnola cagnola   calmez calmez   caniches canich   capricieuse capricieus   carnatic carnatic
casimir casimi   causa causa   ceignait ceignait   cependant cependant   cessiez cessiez
champions champion   chantée chant   charges charg   chassé chas   chaulnes chauln
cherchais cherchai   chevreuse chevreus   choisirez choisirez   chutes chut
circulation circulation   clairs clai   clopin clopin   coiffés coif   colonie coloni
côme côme   commencés commenc   communes commun   compatriotes compatriot
componction componction   compromet compromet   comtoise comtois   concurrent concurrent
conférences conférenc   conformait conformait   connais connai   conseillaient conseillaient
considéra considéra   conspiration conspiration   consulter consult   conterait conterait
contractée contract   contredirait contredirait   convenu convenu   copié copié
cornwallis cornwalli   cotait cotait   coule coule   courageuses courageus   courtes court
couvents couvent   crasseux crasseu   criés criés   croisé crois   cruelles cruel
cupidité cupidit   dalmate dalmat   dates dates   débonnaireté débonnairet   déchaîner déchaîn
déclamer déclam   découragements découragement   défaillir défailli   défilé défil   déjà déjà
délire délir   déménager déménag   dénonce dénonc   dépêchons dépêchon   déplorable déplorabl
député déput   désagréments désagrément   déserté désert   désir désir   desséché desséch
détachant détachant   détestait détestait   développait développait   devinrent devinrent
devrais devrai   différentes différent   dînée dînée   dirigées dirig   disent disent
dispute disput   distinguait distinguait   divertissant divertissant   doléances doléanc
donnâtes donnât   dortoir dortoi   doute doute   droites droit   durât durât   éblouit éblouit
échappaient échappaient   éclaircissant éclaircissant   écorcha écorcha   écraser écras
écrivîtes écrivît   effarouchés effarouch   égale égale   el el   élevée élev   élu élu
embranchement embranchement   emmène emmèn   empesé empes   empoisonne empoison
emprunta emprunta   encombrée encombr   enfant enfant   enfuie enfui   enjouement enjouement
ennuyeuse ennuyeus   enseignent enseignent   enthousiasmait enthousiasmait
entraînera entraînera   entretiens entretien   envi envi   envoyés envoy   épiait épiait
épouvantablement épouvantablement   équité équit   escortée escort   esquisse esquis
estimant estimant   étale étale   étendus étendu   étonnés éton   étroits étroit
évanouir évanoui   évité évité   examinée examin   excusa excusa   exercée exerc
expansif expansif   exposerait exposerait   extravagantes extravagant   facilement facilement
fait fait   farceur farceu   faudra faudra   feins feins   fermage fermag   fêté fêté
figuré figur   finie finie   flair flair   flexibles flexibl   fondaient fondaient
forcez forcez   forte forte   fouillez fouillez   fragments fragment   frappé frap
friperie friperi   fronts front   furieuse furieus   gagna gagna   galeries galeri   gardée gard
gauthier gauthi   généreux généreu   ghisleri ghisleri   glaciale glacial   gorgées gorg
gracieuse gracieus   graves grav   grillo grillo   grossières grossièr   guichetier guicheti
habillés habil   hais hais   hasard hasard   hébété hébét   héritière héritièr   hill hill
honnêtes honnêt   hostiles hostil   humboldt humboldt   hypocrites hypocrit   illinois illinoi
imitées imit   impatientant impatientant   importance importanc   impressionnait impressionnait
impuissants impuissant   incendie incendi   inconsciemment inconsciemment
indépendant indépendant   indiquera indiquera   inedit inedit   infiniment infiniment
inhalation inhalation   inondées inond   insigne insign   inspirent inspirent
insultant insultant   interdis interdi   interprétée interprét   intolérable intolérabl
inventer invent   irlande irland   isolement isolement   jalousé jalous   jejeeh jejeeh
jeux jeux   joues joues   judicieux judicieu   jurerai jurerai   kent kent   laideur laideu
lampe lampe   largue largu   lecture lectur   léonard léonard   lévite lévit
lieutenance lieutenanc   lisard lisard   loch loch   longévité longévit   loueuse loueus
lundi lundi   maçons maçon   maintenant maintenant   maladroitement maladroitement   maman maman
manier mani   manteau manteau   marcheurs marcheu   markésine markésin   masculine masculin
matinée matin   méchancetés méchancet   meilleurs meilleu   menacer menac   mentionner mention
méritait méritait   mesurer mesur   metz metz   miettes miet   ministres ministr   mode mode
mollissait mollissait   monstres monstr   montrent montrent   morbleu morbleu   most most
mourrons mourron   multipliés multipli   mystérieux mystérieu   narrant narrant
néanmoins néanmoin   nette nette   nigauds nigaud   nommée nom   nourrice nourric   nuira nuira
obéissez obéissez   observaient observaient   occasionner occasion   odieux odieu
offrandes offrand   oncles oncl   opulentes opulent   orfraie orfrai   ornière ornièr
ôter ôter   ours ours   ouvrirent ouvrirent   pairie pairi   pamphlets pamphlet
paragraphe paragraph   parcours parcou   parents parent   parlement parlement   part part
partis parti   passagers passag   passionnés passion   pauvre pauvr   pécheur pécheu
pellico pellico   péninsule péninsul   perçait perçait   perfectionner perfection
permît permît   personnifiée personnifi   pétrifié pétrifi   physiquement physiquement
pilier pili   pistolet pistolet   plaie plaie   plaisants plaisant   platte plat
plongea plongea   poignardé poignard   politesse polites   porcs porcs   portugais portugai
poudre poudr   poursuivis poursuivi   pratique pratiqu   précipita précipita
préférences préférenc   prenez prenez   prescrivaient prescrivaient   présomptions présomption
prétendons prétendon   prévoit prévoit   pris pris   processions procession   produites produit
proie proie   promettre promettr   propose propos   protégez protégez   provoqua provoqua
puisait puisait   purent purent   quarantième quarantièm   quinte quint   raccordent raccordent
raies raies   ramassés ramas   ranuce ranuc   rapporterons rapporteron   rassuraient rassuraient
réal réal   rechignant rechignant   recommandés recommand   reconnus reconnu   recule recul
redoutables redoutabl   réfléchissez réfléchissez   refuserait refuserait   région région
regretter regret   relâcher relâch   relis relis   remercier remerci   rempart rempart
rencontrait rencontrait   renfermait renfermait   rentrât rentrât   répandent répandent
repassant repassant   répliques répliqu   repoussé repous   reproche reproch   réservée réserv
respectant respectant   ressentit ressentit   restiez restiez   retentirait retentirait
retomberait retomberait   réuni réuni   révéla révéla   reviendrai reviendrai
révoquerez révoquerez   rigides rigid   rivières rivièr   romagne romagn   rossé rossé
rouvert rouvert   rus rus   sacrifie sacrifi   saisines saisin   salut salut   satiété satiét
sautillant sautillant   saxon saxon   scotti scotti   secouru secouru   sein sein   semi semi
sentit sentit   sérieuses sérieus   servi servi   sheppard sheppard   signalée signal
simonie simoni   situés situ   soirée soir   sombreros sombrero   sonnât sonnât
sortira sortira   soufflets soufflet   soumettait soumettait   sourde sourd   souvent souvent
spirituelle spirituel   strabon strabon   subitement subitement   succombé succomb   suis suis
superficiel superficiel   supprime supprim   surpassa surpassa   susceptible susceptibl
système systèm   taillées tail   tantes tant   tea tea   temple templ   tenté tenté
terzo terzo   tien tien   tirades tirad   toit toit   tonnerre tonner   touchait touchait
tournant tournant   traduis tradui   traitant traitant   transcrire transcrir   trappes trap
tremblante tremblant   trio trio   tronc tronc   trouvaient trouvaient   tuera tuera
uddaul uddaul   ustensile ustensil   vains vains   varie varie   veilles veil   venette venet
véridiques véridiqu   versailles versail   veuille veuil   vicvacarma vicvacarma
vigoureusement vigoureusement   violemment violemment   visitées visit   vivront vivront
volée volée   voraces vorac   vous vous   wagram wagram   xviii xviii   zonders zond
";
}
