//go:build ignore

// Command commonpw_gen writes common_passwords.txt, the list CheckPassword
// refuses. No published list could be downloaded where this was written,
// so the list is generated: the words and numbers at the top of the
// well-known public lists of leaked passwords (written down from memory,
// in rough order of frequency), then the ways people stretch them to a
// required length — digits, years, "!", doubled words, leetspeak —,
// keyboard walks, repeated characters and the portal's own vocabulary.
// Replace it with a published list (such as the NCSC's 100,000 or
// SecLists' 10-million-list-top-100000) when one can be vetted.
//
// Run: go generate ./internal/auth/
package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
)

var words = strings.Fields(`
password qwerty dragon baseball football monkey letmein shadow master mustang michael superman
killer trustno1 jordan jennifer hunter buster soccer harley batman andrew tigger sunshine iloveyou
charlie robert thomas hockey ranger daniel starwars george computer michelle jessica pepper freedom
maggie ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access
yankees dallas austin thunder taylor matrix william corvette hello martin heather secret merlin
diamond hammer silver anthony justin test bailey patrick internet scooter orange golfer cookie
richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro
peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota
arsenal eagles melissa boomer booboo spider nascar monster tigers yellow gateway marina diablo
bulldog compaq purple banana junior hannah porsche lakers iceman money cowboys london tennis coffee
scooby miller boston brandon yamaha chester mother forever johnny edward oliver redsox player nikita
knight fender barney midnight please brandy chicago badboy slayer rangers charles angel flower
bigdaddy rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha jasmine winter
prince marine fishing cocacola casper james raiders marlboro gandalf crystal golden panther lauren
angela spanky angels madison winston shannon mike toyota canada sophie apples tiger pokemon muffin
johnson murphy cooper jonathan liverpool david danielle jackie turtle scorpion butter carlos dennis
slipknot booger black startrek cameron newyork rainbow nathan john rocket viking redskins sierra
peaches gemini doctor wilson sandra helpme victor florida dolphin pookie captain tucker blue bandit
dolphins maddog packers jaguar lovers nicholas united tiffany maxwell nirvana jeremy monica elephant
giants hotdog rosebud success debbie mountain warrior albert metallica lucky azerty alex alexis
samson willie scorpio bonnie gators benjamin voodoo driver dexter jason calvin freddy creative sydney
bubba trouble gunner happy gordon legend jessie stella eminem arthur apple nissan bear america
nothing parker rebecca garfield beavis jack december magic apollo skippy kitten golf copper braves
shelby godzilla beaver fred tomcat august buddy airborne brooklyn animal platinum phantom online
xavier darkness blink182 power fish green voyager police travis heaven snowball lover pakistan
walter playboy blazer cricket sniper donkey willow loveme saturn therock redwings bigboy pumpkin
trinity williams nintendo digital destiny topgun runner marvin guinness chance bubbles testing fire
november minecraft lasvegas broncos cartman private celtic birdie little cassie babygirl donald
beatles family school louise gabriel eclipse fluffy explorer nelson flyers spencer scott lovely
gibson doggie cherry andrey snickers buffalo pantera member carter peter alexander steve bronco
paradise goober samuel montana mexico dreams michigan carolina yankee friends magnum surfer poohbear
pirate admin administrator root login user guest default changeme qwertyuiop asdfghjkl zxcvbnm
abc abcd abcdef abcdefg abcdefgh football1 princess1 sunflower butterfly chocolate spiderman
superstar liverpool1 michael1 jordan23 lovelove iloveu ilovegod jesus christ blessed heaven1
faith hope charity angel1 flowers sweetheart sweetie honey baby babygirl1 mylove forever1 together
dragons unicorn rainbow1 purple1 blackcat whitecat snowflake starlight moonlight sunset ocean
beach summer1 winter1 spring autumn holiday vacation paris france germany berlin madrid rome italy
spain russia moscow vienna austria geneva zurich brussels amsterdam tokyo beijing cairo nairobi
london1 newyork1 india mumbai delhi brazil mexico1 toronto sydney1 melbourne africa europe asia
unitednations united nations plenary delegate delegation secretariat conference unodc unodc123
vienna1 genevaun ambassador minister embassy diplomat treaty convention protocol session assembly
security council general committee workinggroup trafficking smuggling migrant justice crime
government office office365 microsoft windows windows10 windows11 linux ubuntu apple123 iphone
android google gmail yahoo hotmail outlook facebook instagram twitter youtube netflix spotify amazon
samsung1 nokia sony dell lenovo hp intel cisco oracle java python welcome1 letmein1 passw0rd
p@ssword p@ssw0rd pa55word pa55w0rd passwort motdepasse contrasena senha parola salasana wachtwoord
haslo heslo jelszo sifre lozinka geslo parool adgangskode passord losenord kennwort geheim
azerty123 qwertz soleil bonjour doudou chouchou loulou nicolas julien camille marseille
hallo schatz fussball mausi hase liebe sommer schalke bayern borussia
amore ciao roma juventus milan napoli inter
hola amor tequiero barcelona realmadrid mariposa princesa
ahmed mohammed mohamed ali fatima allah bismillah
sakura naruto pikachu goku dragonball onepiece
qwerty1 asdf asdfasdf qazwsx qazwsxedc zaq12wsx 1qaz2wsx 1q2w3e4r 1q2w3e q1w2e3r4 q1w2e3r4t5
`)

var names = strings.Fields(`
james john robert michael william david richard joseph thomas charles christopher daniel matthew
anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason
jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel
gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas
zachary peter kyle noah ethan jeremy walter christian keith roger terry austin sean gerald carl
harold dylan arthur lawrence jordan jesse bryan billy bruce gabriel joe logan alan juan albert
willie elijah wayne randy vincent mason roy ralph bobby russell bradley philip eugene
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra
margaret ashley kimberly emily donna michelle carol amanda melissa deborah stephanie dorothy
rebecca sharon laura cynthia amy kathleen angela shirley brenda emma anna pamela nicole samantha
katherine christine helen debra rachel carolyn janet maria catherine heather diane olivia julie
joyce victoria ruth virginia lauren kelly christina joan evelyn judith andrea hannah megan cheryl
jacqueline martha madison teresa gloria sara janice ann kathryn abigail sophia frances jean alice
judy isabella julia grace amber denise danielle marilyn beverly charlotte natalie theresa diana
brittany doris kayla alexis lori marie
`)

var suffixes = []string{
	"", "1", "2", "3", "7", "12", "13", "21", "22", "23", "69", "77", "88", "99", "00", "01", "11",
	"123", "321", "1234", "12345", "123456", "1234567", "12345678", "123456789", "1234567890",
	"!", "!!", "1!", "12!", "123!", "1234!", "@123", "#1", "@1", "$", "123$", "!@#", "!@#$",
	"007", "111", "666", "777", "888", "999", "000", "2000", "0000", "1111", "abc", "abc123", "qwerty",
	"123abc", "_123", ".123", "-123", "12341234", "123123", "121212", "112233",
}

func years() []string {
	var ys []string
	for y := 1985; y <= 2026; y++ {
		ys = append(ys, fmt.Sprint(y))
	}
	for y := 0; y <= 30; y++ {
		ys = append(ys, fmt.Sprintf("%02d", y))
	}
	return ys
}

func leet(s string) string {
	return strings.NewReplacer("a", "@", "o", "0", "e", "3", "i", "1", "s", "$").Replace(s)
}

func leetSoft(s string) string {
	return strings.NewReplacer("a", "4", "o", "0", "e", "3", "i", "1", "s", "5").Replace(s)
}

func main() {
	set := map[string]bool{}
	add := func(s string) {
		s = strings.ToLower(s)
		if s != "" && !strings.ContainsAny(s, "\n\r") {
			set[s] = true
		}
	}
	ys := years()
	for _, w := range words {
		for _, s := range suffixes {
			add(w + s)
		}
		for _, s := range []string{"1", "123", "1234", "12345", "123456", "!"} {
			add(s + w)
		}
		for _, y := range ys {
			add(w + y)
		}
		add(w + w)
		add(w + w + "1")
		add(w + w + "123")
		add("my" + w)
		add("my" + w + "123")
		add("i love " + w)
		add("ilove" + w)
		add("ilove" + w + "123")
		add("super" + w)
		add(w + "forever")
		add(w + "isgreat")
		add(w + "password")
		add("password" + w)
		for _, l := range []string{leet(w), leetSoft(w)} {
			for _, s := range []string{"", "1", "123", "1234", "12345", "123456", "!", "123!", "2024", "2025"} {
				add(l + s)
			}
		}
	}
	for _, n := range names {
		for _, s := range suffixes {
			add(n + s)
		}
		for _, y := range ys {
			add(n + y)
		}
		add("ilove" + n)
		add("iloveyou" + n)
		add(n + "iloveyou")
		add(n + "loveyou")
	}
	// Keyboard walks and sequences, at lengths around the minimum.
	walks := []string{
		"qwertyuiop", "qwertyuiop[]", "asdfghjkl", "asdfghjkl;'", "zxcvbnm", "zxcvbnm,./",
		"1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "qazwsxedcrfv", "qazwsxedcrfvtgb", "1q2w3e4r5t6y",
		"1q2w3e4r5t6y7u8i", "q1w2e3r4t5y6", "q1w2e3r4t5y6u7i8", "123qweasdzxc", "!qaz@wsx#edc",
		"zaq12wsxcde3", "zaq1zaq1zaq1", "zaq1xsw2cde3", "qwertyasdfgh", "qwertyasdfghzxcvbn",
		"asdfqwerzxcv", "qweasdzxc123", "qwe123qwe123", "1234qwerasdf", "1234qwerasdfzxcv",
		"qwerasdfzxcv", "poiuytrewq", "lkjhgfdsa", "mnbvcxz", "0987654321", "09876543210",
		"123456789012", "1234567890123", "12345678901234", "123456789987654321", "987654321123",
		"0123456789", "01234567890", "012345678910", "abcdefghijkl", "abcdefghijklm",
		"abcdefghijklmnop", "abcdefghijklmnopqrstuvwxyz", "abcd1234abcd", "abcd1234efgh",
		"a1b2c3d4e5f6", "1a2b3c4d5e6f", "qwerty123456", "123456qwerty", "qwertyqwerty",
		"asdfasdfasdf", "qweqweqweqwe", "asdasdasdasd", "zxczxczxczxc", "147258369147",
		"147852369", "159753159753", "159357159357", "741852963", "963852741", "789456123",
		"7894561230", "1472583690", "3692581470", "0147258369", "123654789", "1236547890",
		"112233445566", "111222333444", "11223344556677", "102030405060", "100200300400",
		"121314151617", "135792468", "1357924680", "246813579", "2468101214", "13579246810",
	}
	for _, w := range walks {
		add(w)
		add(w + "!")
		add(w + "1")
	}
	// Repeated characters and short repeated groups.
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789!*."
	for _, c := range chars {
		for n := 6; n <= 20; n++ {
			add(strings.Repeat(string(c), n))
		}
	}
	for _, g := range []string{"12", "123", "1234", "12345", "123456", "abc", "abcd", "ab", "qwe", "asd", "zxc", "qwer", "asdf", "xo", "ha", "lol", "69", "007", "420", "911", "0", "01", "10", "21", "99", "88"} {
		for n := 2; n <= 8; n++ {
			add(strings.Repeat(g, n))
		}
	}
	// Dates people use: ddmmyyyy and mmddyyyy for the first of each month.
	for y := 1960; y <= 2025; y++ {
		for m := 1; m <= 12; m++ {
			add(fmt.Sprintf("01%02d%d", m, y))
		}
	}
	// Short phrases.
	for _, p := range []string{
		"iloveyou", "iloveyoutoo", "iloveyouforever", "iloveyousomuch", "iloveyou123", "iloveyou1234",
		"letmein123", "letmeinnow", "letmeinplease", "openthedoor", "opensesame", "opensesame123",
		"changeme123", "changemenow", "changeme1234", "welcome123", "welcome1234", "welcometo",
		"welcomehome", "welcome2024", "welcome2025", "welcome2026", "password1234", "password12345",
		"password123456", "password123!", "passwordpassword", "passwordpass", "mypassword", "mypassword123",
		"mypassword1234", "newpassword", "newpassword123", "newpassword1234", "secretpassword",
		"supersecret", "supersecret123", "topsecret", "topsecret123", "nopassword", "thisismypassword",
		"thisisapassword", "thisismypass", "correcthorsebatterystaple", "correct horse battery staple",
		"trustno1trustno1", "letmeinletmein", "administrator", "administrator1", "administrator123",
		"adminadmin", "adminadmin123", "admin1234567", "admin123456", "rootroot", "rootpassword",
		"qwerty123456", "qwertyuiop123", "qwertyuiop1234", "1qaz2wsx!qaz@wsx", "p@ssw0rd1234", "p@ssword1234",
		"p@ssw0rd123!", "passw0rd1234", "passw0rd123!", "pa$$w0rd", "pa$$word123", "pa$$w0rd1234",
		"helloworld", "helloworld123", "hellohello", "goodmorning", "goodbye123", "happybirthday",
		"happydays", "happyday123", "godisgood", "godisgreat", "godislove", "jesuschrist", "jesuslovesme",
		"jesusislord", "praisethelord", "blessings", "manchesterunited", "manchester", "chelseafc",
		"liverpoolfc", "arsenalfc", "realmadrid123", "barcelona123", "juventus123", "starwars123",
		"harrypotter", "harrypotter123", "lordoftherings", "gameofthrones", "spongebob", "spongebob123",
		"sweetheart1", "princesa123", "football123", "basketball", "basketball1", "basketball123",
		"baseball123", "volleyball", "skateboard", "snowboarding", "playstation", "playstation2",
		"playstation3", "playstation4", "playstation5", "xbox360", "xboxone", "nintendo64",
		"callofduty", "counterstrike", "worldofwarcraft", "leagueoflegends", "minecraft123",
		"unitednations1", "unitednations123", "unitednations2024", "unitednations2025", "plenary123",
		"plenary2024", "plenary2025", "plenary2026", "plenarysession", "delegate2025", "vienna2025",
		"viennaaustria", "newyorkcity", "newyorknewyork", "sanfrancisco", "losangeles", "washington",
		"washingtondc", "california", "pennsylvania", "massachusetts", "mississippi", "switzerland",
		"netherlands", "philippines", "southafrica", "newzealand", "australia", "argentina",
		"abcdefg123", "abcdefgh123", "abcdefghi", "abcdefghij", "abcdefghijk", "abc123abc123",
		"abcabc123123", "aaaaaa111111", "qqqqqqwwwwww", "monkey123456", "dragon123456", "shadow123456",
		"trustnoone", "nevergiveup", "neverforget", "dontforget", "whatever123", "whateverman",
		"fuckyou123", "fuckyoufuckyou", "fuckoff123", "bitch123456", "loveyouforever", "foreveryoung",
		"foreverlove", "onelove", "truelove", "truelove123", "lovelife", "lovelove123", "babylove",
		"sexygirl", "sexyboy", "prettygirl", "beautiful", "beautiful1", "beautiful123", "wonderful",
		"chocolate1", "chocolate123", "strawberry", "blueberry", "pineapple", "watermelon", "cheesecake",
		"butterfly1", "butterfly123", "sunflower1", "rainbow123", "skywalker", "darthvader",
		"lukeskywalker", "obiwankenobi", "spiderman1", "spiderman123", "superman123", "batman123",
		"ironman123", "captainamerica", "wolverine", "transformers", "dragonball", "dragonballz",
		"naruto123", "pokemon123", "pikachu123", "whitehouse", "qazwsx123456", "qazwsxedc123",
	} {
		add(p)
	}
	list := make([]string, 0, len(set))
	for s := range set {
		list = append(list, s)
	}
	slices.Sort(list)
	var b strings.Builder
	b.WriteString("# Common passwords, lower case, one a line. Generated by commonpw_gen.go; do not edit.\n")
	for _, s := range list {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	if err := os.WriteFile("common_passwords.txt", []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	long := 0
	for _, s := range list {
		if len([]rune(s)) >= 12 {
			long++
		}
	}
	fmt.Printf("%d passwords, %d of 12 characters or more\n", len(list), long)
}
