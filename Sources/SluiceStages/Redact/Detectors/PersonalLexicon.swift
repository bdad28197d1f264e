/// The words the personal-data detectors (``PersonNameDetector``, ``AddressDetector``,
/// ``BirthDateDetector``) look up: given names and surnames, the cues before a name, a date
/// of birth or a postcode, street types, name particles, months and the capitalised words
/// that are never names. One table, one lookup per word: a 64-bit FNV-1a hash of the word's
/// bytes with ASCII letters lowercased and accented Latin letters folded (other UTF-8
/// letters as written), so a lookup allocates
/// nothing.
///
/// Given names leave out those that are also words or product names in AI-workflow logs
/// (`Will`, `May`, `Grace`, `Ada`, `Claude`, `Gemma`, `Aria`, `Ruby`, `Jenkins`, `Kafka`…):
/// a listed name alone is enough to mask it, so the list must not hold look-alikes.
enum PersonalLexicon {
    // Roles, as bits.
    static let givenName: UInt32 = 1 << 0
    static let surname: UInt32 = 1 << 1
    /// A surname written before the given name (``surnamesFirst``).
    static let surnameFirst: UInt32 = 1 << 19
    /// `Mr`, `Dr`, `Frau`, `Señora`: a name follows.
    static let title: UInt32 = 1 << 2
    /// The word `name` (`my name is`, `name:`).
    static let nameWord: UInt32 = 1 << 3
    /// `Dear`, `named`, `me llamo`, `je m'appelle`: a name follows, written in any case.
    static let strongCue: UInt32 = 1 << 4
    /// `I` (`I'm`, `I am`).
    static let firstPerson: UInt32 = 1 << 5
    /// `this` (`this is Maria`).
    static let thisWord: UInt32 = 1 << 6
    /// `Regards`, `Thanks`, `Signed`: a name follows the comma.
    static let signOff: UInt32 = 1 << 7
    /// `customer`, `patient`, `contact`: a name follows the colon (or two capitalised words).
    static let personNoun: UInt32 = 1 << 8
    /// `Street`, `Ave`, `Road`: the street's name and house number come before.
    static let streetSuffix: UInt32 = 1 << 9
    /// `rue`, `via`, `calle`, `avenida`: the street's name comes after.
    static let streetPrefix: UInt32 = 1 << 10
    /// `straße`, `weg`, `laan` written as a word of their own: `Berliner Straße 12`.
    static let streetAfterName: UInt32 = 1 << 11
    /// `DOB`, `birth`, `born`, `birthday`, `geboren`.
    static let birthCue: UInt32 = 1 << 12
    /// `zip`, `postcode`, `postal`, `PLZ`, `CEP`.
    static let postcodeCue: UInt32 = 1 << 13
    /// `van`, `de`, `bin`: between the words of a name.
    static let particle: UInt32 = 1 << 14
    /// Words that end a name (`and`, `the`, `Support`, `Team`, `Sir`).
    static let stop: UInt32 = 1 << 15
    /// `Apt`, `Suite`, `Unit`, `Flat`: an address goes on.
    static let unit: UInt32 = 1 << 16
    /// A month's name; its number is in ``monthShift``.
    static let month: UInt32 = 1 << 17
    /// `N`, `NW`, `North`: after a street type.
    static let direction: UInt32 = 1 << 18
    /// `Hi`, `Hello`, `Hola`: a name may follow, ended by a comma or `!`.
    static let greeting: UInt32 = 1 << 20
    /// `From:`, `To:`, `Attn:`, `Pt:`: a name follows the colon.
    static let colonCue: UInt32 = 1 << 21
    /// `Dear`, `named`, `Estimada`, `Kedves`: a capitalised name follows.
    static let salutation: UInt32 = 1 << 23
    /// `São`, `San`, `Santa`, `Port`: the start of a place's name, not a person's.
    static let placePrefix: UInt32 = 1 << 22
    /// Every street type.
    static let streets: UInt32 = streetSuffix | streetPrefix | streetAfterName
    static let monthShift: UInt32 = 24

    /// Bits of the cues a lowercase word may be (names and months are looked up only when
    /// capitalised, or after a cue).
    static let lowercaseCues: UInt32 = nameWord | strongCue | salutation | firstPerson | thisWord | greeting | colonCue | signOff | personNoun | streetSuffix | streetPrefix
        | streetAfterName | birthCue | postcodeCue

    static let givenNames = """
        james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony donald \
        steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas \
        eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander patrick jack dennis jerry tyler \
        aaron henry adam douglas nathan peter zachary kyle walter harold jeremy ethan carl keith roger gerald christian \
        terry sean arthur noah lawrence jesse joe bryan billy jordan albert dylan bruce willie gabriel alan juan \
        logan wayne ralph roy eugene randy vincent russell louis philip bobby johnny bradley mary patricia jennifer linda \
        elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle \
        carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna \
        brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather \
        diane ruth julie olivia joyce kelly lauren christina joan evelyn judith megan andrea cheryl \
        hannah jacqueline martha gloria teresa ann sara frances kathryn janice jean abigail alice judy sophia \
        denise doris marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis \
        lori sophie mia chloe ava ella amelia harper evelyn abigail ellie lily zoe nora layla riley zoey \
        aurelia lucy mila leah aubrey bella claire skylar paisley everly caroline \
        oliver liam elijah lucas mason levi sebastian mateo owen theodore wyatt luke jayden grayson leo \
        isaac caleb ezra julian jaxon asher josiah silas nolan \
        jose luis carlos jorge miguel pedro javier manuel francisco antonio alejandro fernando ricardo sergio rafael \
        diego andres pablo alberto raul enrique eduardo mario roberto hector gustavo rodrigo camila valentina lucia \
        sofia isabel carmen rosa ana elena paula marta laia alba nerea ximena guadalupe fernanda daniela gabriela \
        mariana alejandra adriana beatriz catalina juliana natalia luciana renata \
        jean pierre michel philippe alain nicolas francois françois jacques bernard eric julien sebastien sébastien \
        thierry olivier laurent christophe frederic frédéric antoine mathieu guillaume maxime baptiste \
        marie nathalie isabelle sylvie catherine sandrine veronique véronique christelle celine céline aurelie aurélie \
        camille manon chloe chloé lea léa ines inès juliette margaux amelie amélie elodie élodie \
        hans jurgen jürgen klaus wolfgang stefan andreas thomas michael uwe dieter gunter günter helmut \
        lukas jonas finn felix maximilian leon elias moritz niklas tobias florian matthias markus sebastian \
        ursula ingrid petra sabine monika birgit heike gisela karin renate anja katrin jana lena leonie hannah johanna \
        giuseppe giovanni francesco marco alessandro andrea lorenzo matteo luca davide stefano riccardo simone \
        federico emanuele gianluca salvatore vincenzo giulia chiara francesca alessia federica valentina silvia \
        elisa martina giorgia sara ilaria roberta paola \
        joao joão paulo tiago thiago gabriel rafael bruno felipe gustavo leonardo vinicius vinícius matheus \
        ana beatriz larissa leticia letícia juliana fernanda amanda bruna patricia adriana \
        rahul amit raj rajesh suresh ramesh vikram arjun rohan aditya anil sunil sanjay vijay ravi deepak manoj \
        arun kiran pradeep nikhil siddharth abhishek ankit varun karthik priya pooja neha anjali sunita kavita \
        deepika divya shreya aishwarya ananya lakshmi meera nisha swati aditi sneha ritu anita \
        wei jing ming hui yan ying xiaoming xiaoling jun hao lei yong jie qiang ling fang xin tao \
        haruto yuto sota yuki hiroshi takashi kenji satoshi daisuke akira haruka yui aoi sakura yuna mei hina \
        minjun seojun jiwoo jihoon dohyun jisoo minji seoyeon jiyeon soyeon \
        mohammed muhammad mohamed ahmed ahmad ali omar hassan hussein khalid yusuf ibrahim mustafa hamza tariq \
        fatima aisha maryam zainab khadija layla noor huda amira yasmin salma \
        chinedu emeka oluwaseun olumide tunde kwame kofi yaw chiamaka ngozi adaeze folake abimbola amara \
        ama akua abena adwoa efua esi kwabena kwaku kwasi kojo afua yaa kwesi \
        ivan dmitri dmitry sergei sergey alexei alexey vladimir nikolai mikhail andrei andrey pavel \
        olga natasha natalya tatiana tatyana svetlana irina ekaterina anastasia yulia \
        piotr pawel paweł krzysztof tomasz marcin michal michał jakub agnieszka katarzyna malgorzata małgorzata \
        magdalena joanna monika zofia wojciech lukasz łukasz \
        lars anders erik johan mikael nils sven magnus henrik astrid ingrid sigrid freya linnea \
        femke pieter sanne daan bram lotte jeroen joost maarten willem anouk sven eva noor fleur thijs ruben \
        seán siobhán niamh eoin ciarán ciaran pádraig róisín roisin caoimhe orla declan conor ronan cillian darragh \
        minh huong hương thao thảo linh tuan tuấn hung hùng duc đức thanh trang phuong phương quang \
        conceição conceicao joão luiz luís antónio fernão gonçalo inês rosário luíza luiza thaís thais \
        agnieszka bartosz kamil mateusz szymon dawid oskar weronika aleksandra \
        bence gábor gabor erzsébet erzsebet zsófia zsofia lászló laszlo istván istvan péter dániel dorottya eszter \
        mehmet ayşe ayse emre elif zeynep fatma ahmet burak merve esra hakan serkan \
        giorgos georgios dimitris eleni nikos konstantinos katerina vasilis ioanna despina \
        maricel rhea jerome rowena marites jocelyn arnel \
        somchai pimchanok siriporn nattapong kittisak anong somsak malee \
        abebe almaz tigist dawit selam yohannes meron bereket hiwot \
        reza zahra hossein mehdi parisa shirin dariush farhad neda arash roya \
        yosef tamar yael eitan shira moshe noa avraham \
        petr jiří jiri tomáš tomas lucie tereza eliška eliska jana vojtěch \
        mikko juha aino eero sanna timo kaisa antti veera \
        mereana aroha manaia nikau wiremu hemi ataahua rangi \
        liam siobhan aoife niamh ciara saoirse padraig cian oisin
        """

    static let surnames = """
        smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson \
        anderson taylor thomas moore martin thompson white harris sanchez clark ramirez lewis robinson \
        walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell \
        mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris \
        morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox \
        ward richardson brooks chavez wood bennett gray mendoza ruiz hughes price alvarez castillo \
        sanders patel myers long ross foster jimenez powell \
        müller mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann koch richter klein wolf \
        schröder schroeder neumann schwarz zimmermann braun krüger hartmann lange werner krause \
        dubois durand lefebvre leroy moreau laurent simon michel lefevre fontaine rousseau \
        rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti costa giordano \
        silva santos oliveira souza pereira ferreira alves rodrigues lima carvalho ribeiro almeida \
        fernandez gonzales perez sanchez romero navarro dominguez vazquez moreno jimenez \
        sharma verma gupta singh kumar reddy iyer nair menon rao agarwal mehta joshi desai chatterjee banerjee \
        mukherjee bose das kapoor malhotra chopra pillai \
        kowalski nowak wisniewski wiśniewski wojcik wójcik kaminski kamiński lewandowski zielinski \
        ivanov petrov sidorov smirnov kuznetsov popov sokolov \
        okafor okonkwo adeyemi mensah owusu \
        hansen johansen nielsen jensen pedersen andersen larsen eriksson johansson karlsson nilsson \
        murphy kelly byrne ryan walsh o'brien o'connor o'sullivan mcdonald macdonald \
        araújo araujo gonçalves goncalves conceição souza sousa barbosa cardoso teixeira \
        jong jansen visser bakker smit meijer mulder bos vos dijk \
        bhriain ceallaigh
        """

    /// Surnames written first (`Zhang Wei`, `Nguyen Van An`, `Tanaka Hiroshi`): before a
    /// capitalised word they start a name without a cue. Surnames that are also words
    /// (`Song`, `Sun`, `Park`) are left out.
    static let surnamesFirst = """
        wang zhang liu chen yang huang zhao zhou xu zhu guo luo liang zheng xie feng lin wu \
        tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki \
        kim choi jung kang cho yoon jang lim shin \
        nguyen nguyễn tran trần pham phạm hoang hoàng phan dang đặng bui bùi huỳnh vũ võ ngô dương lê \
        nagy kovács kovacs tóth toth szabó szabo horváth horvath varga molnár molnar németh nemeth farkas balogh papp \
        takács juhász mészáros rácz fekete
        """

    /// Lowercase words with the roles of their list.
    static let cueWords: [(String, UInt32)] = {
        var words: [(String, UInt32)] = []
        func add(_ list: String, _ role: UInt32) {
            for w in list.split(whereSeparator: { $0 == " " || $0 == "\n" }) { words.append((String(w), role)) }
        }
        add("mr mrs ms mx miss dr prof sir dame herr frau monsieur madame mme mlle señor señora senor senora sr sra srta signor signora sig dott ma", title)
        add("name naam nombre nom nome navn namn nimi", nameWord)
        add("""
            appelle llamo chiamo heiße heisse heet chamo jmenuji nazywam heter
            """, strongCue)
        add("""
            dear named kedves estimado estimada querido querida cher chère caro cara prezado prezada beste liebe lieber \
            geehrte geehrter
            """, salutation)
        add("hi hello hey hola bonjour hallo ciao olá ola hej moi szia merhaba", greeting)
        add("from to cc bcc attn attention pt pax", colonCue)
        add("são sao san santa santo saint st ste fort port porto puerto rio new mount mt lake villa vila bad east west north south upper lower great little", placePrefix)
        add("i", firstPerson)
        add("this", thisWord)
        add("""
            regards sincerely signed cheers thanks warmly respectfully yours best cordialement saludos grüße grüsse gruß \
            groeten pozdrawiam mvh atenciosamente saluti pozdravem üdvözlettel
            """, signOff)
        add("""
            customer patient client contact caller applicant employee cardholder recipient sender beneficiary \
            guest passenger tenant student author buyer payee insured subscriber policyholder claimant speaking by
            """, personNoun)
        add("""
            street st avenue ave road rd lane ln drive boulevard blvd court ct place pl square sq terrace \
            way crescent highway hwy parkway pkwy circle cir trail row grove gardens close walk alley plaza dr \
            parade pde esplanade mews quay promenade rise vale
            """, streetSuffix)
        add("rue via calle rua avenida av avda alameda avenue boulevard bd piazza viale corso paseo carrer chemin allée allee impasse quai ulica ul praça praca travessa largo rambla camino plaza place", streetPrefix)
        // German `Am Markt 3`, `Im Winkel 7`: capitalised only, with a number after (``AddressDetector``).
        add("am im zum zur", streetPrefix)
        add("straße strasse str weg gasse platz allee damm ufer straat laan gracht plein kade singel vej gade gatan vägen veien", streetAfterName)
        add("""
            d dob birth born birthday birthdate geboren geburtsdatum geb naissance nacimiento nascita nascimento née né nací \
            naci nacido nacida nasci nascido nascida nato nata geboortedatum narození narozeni narozen narozena urodzenia \
            urodzony urodzona doğum dogum födelsedatum född fødselsdato født syntymäaika syntynyt születési született \
            γέννησης nașterii nasterii
            """, birthCue)
        add("zip zipcode postcode postal plz cep eircode pincode cap", postcodeCue)
        add("van von der den de des del della degli di da do dos das du la le lo los las bin binti ibn al el ter ten y e ní nic ó mac am im zum zur an auf dei delle dello", particle)
        add("apt apartment suite ste unit flat fl floor room rm bldg building", unit)
        add("n s e w ne nw se sw north south east west", direction)
        add("""
            and or but the a is was not here there from at in on of to for with my me we you your our his her their \
            it its this that sorry sure happy glad fine good interested looking trying calling writing having going \
            unable new just still also very so please thank hello hi hey all team customer support sir madam user \
            admin everyone service sales billing account help desk manager agent bot assistant system staff \
            department office store shop company inc ltd llc corp group bank hospital clinic university school \
            street road avenue city county state country api error warning info debug request response model \
            monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday \
            passport license licence card number no id account order invoice ticket case ref reference policy \
            phone email address ssn iban visa mastercard amex code pin date birth tax vat nhs \
            valued colleague colleagues friend friends partner partners hiring candidate parent reader readers \
            member members guest guests recipient applicant student folks regards thanks cheers best sincerely \
            bye goodbye google amazon microsoft azure apple meta openai anthropic hugging face nvidia intel amd \
            oracle ibm cloud vertex bedrock sagemaker databricks snowflake github gitlab slack stripe twilio \
            salesforce premium enterprise free pro plus basic standard gold silver platinum tier plan trial \
            world there everyone claude gemini chatgpt copilot alexa siri cortana bard grok llama mistral gpt jarvis \
            back done ready okay ok available busy stuck home online offline afraid aware confused new here
            """, stop)
        let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        let short = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let other = [
            ["janvier", "enero", "januar", "gennaio", "janeiro", "januari"], ["février", "fevrier", "febrero", "februar", "febbraio", "fevereiro", "februari"],
            ["mars", "marzo", "märz", "marz", "março", "marco", "maart"], ["avril", "abril", "aprile"], ["mai", "mayo", "maggio", "maio", "mei"],
            ["juin", "junio", "juni", "giugno", "junho"], ["juillet", "julio", "juli", "luglio", "julho"], ["août", "aout", "agosto", "augustus"],
            ["septembre", "septiembre", "settembre", "setembro", "sept"], ["octobre", "octubre", "oktober", "ottobre", "outubro"],
            ["novembre", "noviembre", "novembro"], ["décembre", "decembre", "diciembre", "dezember", "dicembre", "dezembro"],
        ]
        // Turkish, Polish and Czech (genitive), Swedish, Hungarian, Finnish, Greek (genitive, as written).
        let more = [
            ["ocak", "stycznia", "ledna", "január", "januar", "tammikuuta", "Ιανουαρίου", "ιανουαρίου"],
            ["şubat", "subat", "lutego", "února", "unora", "február", "helmikuuta", "Φεβρουαρίου", "φεβρουαρίου"],
            ["mart", "marca", "března", "brezna", "március", "maaliskuuta", "Μαρτίου", "μαρτίου"],
            ["nisan", "kwietnia", "dubna", "április", "huhtikuuta", "Απριλίου", "απριλίου"],
            ["mayıs", "mayis", "maja", "května", "kvetna", "maj", "május", "toukokuuta", "Μαΐου", "μαΐου"],
            ["haziran", "czerwca", "června", "cervna", "június", "kesäkuuta", "Ιουνίου", "ιουνίου"],
            ["temmuz", "lipca", "července", "cervence", "július", "heinäkuuta", "Ιουλίου", "ιουλίου"],
            ["ağustos", "agustos", "sierpnia", "srpna", "augusti", "augusztus", "elokuuta", "Αυγούστου", "αυγούστου"],
            ["eylül", "eylul", "września", "wrzesnia", "září", "zari", "szeptember", "syyskuuta", "Σεπτεμβρίου", "σεπτεμβρίου"],
            ["ekim", "października", "pazdziernika", "října", "rijna", "október", "lokakuuta", "Οκτωβρίου", "οκτωβρίου"],
            ["kasım", "kasim", "listopada", "listopadu", "marraskuuta", "Νοεμβρίου", "νοεμβρίου"],
            ["aralık", "aralik", "grudnia", "prosince", "joulukuuta", "Δεκεμβρίου", "δεκεμβρίου"],
        ]
        for k in 0..<12 {
            for w in more[k] { words.append((w, month | (UInt32(k + 1) << monthShift))) }
        }
        for k in 0..<12 {
            let bits = month | (UInt32(k + 1) << monthShift)
            words.append((months[k], bits))
            words.append((short[k], bits))
            for w in other[k] { words.append((w, bits)) }
        }
        return words
    }()

    /// Hash → roles.
    static let table: HashRoleTable = {
        var entries: [(UInt64, UInt32)] = []
        func add(_ word: String, _ role: UInt32) {
            let bytes = Array(word.utf8)
            entries.append((bytes.withUnsafeBufferPointer { hash($0.baseAddress!, 0, $0.count) }, role))
        }
        for w in givenNames.split(whereSeparator: { $0 == " " || $0 == "\n" }) { add(String(w), givenName) }
        for w in surnames.split(whereSeparator: { $0 == " " || $0 == "\n" }) { add(String(w), surname) }
        for w in surnamesFirst.split(whereSeparator: { $0 == " " || $0 == "\n" }) { add(String(w), surname | surnameFirst) }
        for (w, role) in cueWords { add(w, role) }
        return HashRoleTable(entries)
    }()

    /// For small words, two sets of bits over the cues: one bit per (first letter, last
    /// letter, length up to 15) of a cue (``gateIndex(_:_:_:)``), and after them one per
    /// (second letter, last letter but one, length) (``innerGateIndex(_:_:_:)``), so most
    /// words are passed over without hashing. Allocated once and never freed (read by the
    /// scanner through a copied pointer).
    ///
    /// Why the second set: with the first alone, words of URLs and messages such as
    /// `example`, `batch`, `context`, `source` (as `eircode`, `birth`, `contact`, `square`)
    /// were hashed and looked up, 450 instructions each, a quarter of the scan of a URL
    /// (callgrind).
    nonisolated(unsafe) static let lowercaseGate: UnsafePointer<UInt64> = {
        let gate = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * gateWords)
        gate.initialize(repeating: 0, count: 2 * gateWords)
        for (w, role) in cueWords where role & lowercaseCues != 0 {
            let bytes = Array(w.utf8)
            // A word with UTF-8 letters is looked up whatever its gate says (the scanner's
            // word ends at the first of them).
            guard bytes.allSatisfy({ $0 < 0x80 }) else { continue }
            let n = bytes.count
            let i = gateIndex(bytes[0], bytes[n - 1], n)
            gate[i >> 6] |= 1 << UInt64(i & 63)
            let j = innerGateIndex(bytes[n > 1 ? 1 : 0], bytes[n > 1 ? n - 2 : 0], n)
            gate[j >> 6] |= 1 << UInt64(j & 63)
        }
        return UnsafePointer(gate)
    }()

    /// The words of each set of ``lowercaseGate``.
    static let gateWords = 256

    @inline(__always)
    static func gateIndex(_ first: UInt8, _ last: UInt8, _ length: Int) -> Int {
        Int(first & 31) << 9 | Int(last & 31) << 4 | min(length, 15)
    }

    /// The bit in ``lowercaseGate``'s second set of a word of `length` bytes whose second
    /// byte is `second` and last but one `beforeLast` (for a word of one byte, that byte).
    @inline(__always)
    static func innerGateIndex(_ second: UInt8, _ beforeLast: UInt8, _ length: Int) -> Int {
        gateWords << 6 | Int(second & 31) << 9 | Int(beforeLast & 31) << 4 | min(length, 15)
    }

    /// FNV-1a over `p[start..<end]` with ASCII letters lowercased and the accented Latin
    /// letters of Latin-1 and Latin Extended-A folded to their small base letter (`É`, `é`,
    /// `ě` → `e`; `Ł`, `ł` → `l`; `ñ` → `n`), so `José`, `JOSÉ` and `Jose` are one entry, as
    /// names are written with and without their accents.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var k = start
        while k < end {
            var b = p[k]
            if b &- 0x41 < 26 {
                b |= 0x20
            } else if (b == 0xC3 || b == 0xC4 || b == 0xC5) && k + 1 < end {
                let folded = accentFold[Int(b - 0xC3) << 6 | Int(p[k + 1] & 0x3F)]
                if folded != 0 {
                    b = folded
                    k += 1
                }
            }
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
            k += 1
        }
        return h
    }

    /// The base letter of U+00C0–U+017F (indexed from U+00C0), 0 for `×`, `÷`.
    nonisolated(unsafe) static let accentFold: UnsafePointer<UInt8> = {
        let letters = "aaaaaaaceeeeiiii" + "dnooooo*ouuuuyts" + "aaaaaaaceeeeiiii" + "dnooooo*ouuuuyty"
            + "aaaaaaccccccccdd" + "ddeeeeeeeeeegggg" + "gggghhhhiiiiiiii" + "iiiijjkkklllllll"
            + "lllnnnnnnnnnoooo" + "oooorrrrrrssssss" + "ssttttttuuuuuuuu" + "uuuuwwyyyzzzzzzs"
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 192)
        for (k, c) in letters.utf8.enumerated() { table[k] = c == UInt8(ascii: "*") ? 0 : c }
        return UnsafePointer(table)
    }()

    /// The roles of the word `start..<end` of `s` (0 when it is in no list).
    @inline(__always)
    static func roles(_ s: Bytes, _ start: Int, _ end: Int) -> UInt32 {
        guard end > start, end - start <= 24 else { return 0 }
        return table.roles(hash(s.p, start, end))
    }

    /// The month number of roles that include ``month``.
    static func monthNumber(_ roles: UInt32) -> Int { Int(roles >> monthShift) & 15 }
}
