package themes

import (
	_ "embed"
	"strings"
	"sync"
)

// Word lists for PII redaction; see pii_data/README.md for their sources.
var (
	//go:embed pii_data/given_names.txt
	piiGivenNamesTxt string
	//go:embed pii_data/surnames.txt
	piiSurnamesTxt string
	//go:embed pii_data/nicknames.txt
	piiNicknamesTxt string
	// piiWordsTxt and piiProperTxt are sorted, one word a line, and are
	// binary-searched in place so that start-up costs nothing.
	//go:embed pii_data/words.txt
	piiWordsTxt string
	//go:embed pii_data/proper.txt
	piiProperTxt string
)

// piiLex holds the word sets built once, on first use.
type piiLexicon struct {
	given     map[string]bool
	surname   map[string]bool
	ambiguous map[string]bool // given names that are also ordinary English words
	short     map[string]bool // given names that are also abbreviations or text-speak
}

var (
	piiLexOnce sync.Once
	piiLex     piiLexicon
)

func piiLoadLexicon() *piiLexicon {
	piiLexOnce.Do(func() {
		piiLex.given = piiUnion(piiWordSet(piiGivenNamesTxt), piiWordSet(piiNicknamesTxt))
		piiLex.surname = piiWordSet(piiSurnamesTxt)
		piiLex.ambiguous = map[string]bool{}
		piiLex.short = piiExtraAmbiguous
		for n := range piiLex.given {
			if piiSortedHas(piiWordsTxt, n) && !piiForceName[n] {
				piiLex.ambiguous[n] = true
			}
		}
		for n := range piiNotName {
			delete(piiLex.given, n)
		}

	})
	return &piiLex
}

// piiWordSet reads a list of words separated by white space; lines starting
// with # are comments.
func piiWordSet(txt string) map[string]bool {
	set := map[string]bool{}
	for line := range strings.Lines(txt) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			set[w] = true
		}
	}
	return set
}

// piiSortedHas reports whether w is a line of the byte-sorted list txt.
func piiSortedHas(txt, w string) bool {
	lo, hi := 0, len(txt)
	for lo < hi {
		mid := (lo + hi) / 2
		// Move to the start of the line containing mid.
		s := strings.LastIndexByte(txt[:mid], '\n') + 1
		e := strings.IndexByte(txt[s:], '\n')
		if e < 0 {
			e = len(txt) - s
		}
		line := txt[s : s+e]
		switch {
		case line == w:
			return true
		case line < w:
			lo = s + e + 1
		default:
			hi = s
		}
	}
	return false
}

// piiCommonWord reports whether the lower-case word is an ordinary English word.
func piiCommonWord(w string) bool { return piiSortedHas(piiWordsTxt, w) }

// piiProperNoun reports whether the lower-case word is a capitalised dictionary
// entry such as a place or brand.
func piiProperNoun(w string) bool { return piiSortedHas(piiProperTxt, w) }

// piiUnion returns a new set with the members of a and b.
func piiUnion(a, b map[string]bool) map[string]bool {
	set := make(map[string]bool, len(a)+len(b))
	for w := range a {
		set[w] = true
	}
	for w := range b {
		set[w] = true
	}
	return set
}

func piiSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// piiForceName are given names that are in the dictionary but are rarely
// used in comments with their other meaning.
var piiForceName = piiSet(`amir beryl billy bobby colleen debs felicity harry jimmy john josh martin
	mason matt mickey mike paddy patsy peter phoebe rick roger sally sonny terry tony verity hector
	noel kitty nadir florin bola maria tom ken lee`)

// piiExtraAmbiguous are given names that are not in the dictionary but are
// common in comments with another meaning (abbreviations, text-speak). In
// lower case they need a cue ("my wife jo").
var piiExtraAmbiguous = piiSet(`jan mo al ed di jo em bo kay dee ash sam ben max will tim rob pat nick bill
	dev sana rani hai yu li ma he do ye so an ng na lo ho lam su ren lu du cai tao pan ping
	ling long lin mai nam thu lan hoa bao hong ion nana nan sol ola ama ana ali`)

// piiNotName are words never redacted as names: months, weekdays, titles,
// relation and role words, teams, services, places and drugs that collide with given names or
// look like names after a title.
var piiNotName = piiUnion(piiRoles, piiSet(`
	january february march april may june july august september october november december
	jan feb mar apr jun jul aug sep sept oct nov dec
	monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
	christmas easter ramadan eid diwali covid corona coronavirus nhs
	dr doctor doc mr mrs ms miss mx nurse sister matron prof professor sir madam
	camhs cpn cmht ot gp gps ae amhp ahp hca rmn rgn crhtt hmp itu icu mau ed opd
	iapt mhst pals ehcp senco sendco dwp esa ucas ofsted cqc healthwatch talkworks steps2change
	crisis team home treatment ward unit hospital centre center clinic house service services
	samaritans mind rethink shout papyrus childline nspcc refuge age uk
	the and but was were is it my our your their this that there then they we you he she
	staff all everyone everything nothing none nobody thanks thank please good great excellent
	god lord jesus allah
	sertraline fluoxetine citalopram escitalopram paroxetine mirtazapine venlafaxine duloxetine
	amitriptyline trazodone lithium olanzapine quetiapine risperidone aripiprazole clozapine
	haloperidol diazepam lorazepam zopiclone pregabalin gabapentin propranolol paracetamol
	ibuprofen codeine tramadol morphine methadone buprenorphine naloxone insulin metformin
	nottingham nottinghamshire mansfield newark worksop retford bassetlaw ashfield
	sunderland durham newcastle gateshead darlington middlesbrough hartlepool stockton
	northumberland hexham berwick morpeth cramlington blyth ashington tyneside teesside
	highbury rampton wathwood arnold bulwell clifton radford sneinton hucknall beeston
	derby leicester sheffield lincoln london leeds manchester birmingham york
	kingsley cherry amber redwood sapphire bracken orion millbrook
	english british welsh scottish irish polish asian african caribbean christian christians
	`))

// piiTitles are titles that introduce a name ("Dr Nguyen", "Nurse Jackie").
var piiTitles = piiSet(`dr doctor mr mrs ms miss mx nurse sister prof professor matron`)

// piiRoles are relation and role words that introduce a name: "my daughter
// Priya", "keyworker dave", "the OT Lisa".
var piiRoles = piiSet(`daughter son wife husband partner mum mam mom mummy mother dad daddy father
	brother sister bro sis friend mate carer keyworker worker coordinator co-ordinator
	cpn ot gp consultant psychiatrist psychologist therapist counsellor counselor physio
	physiotherapist nurse doctor paramedic practitioner manager receptionist advocate officer
	mentor nan nana nanna grandma grandmother grandad granddad grandpa grandfather gran granny
	grandson granddaughter grandchild aunt auntie aunty uncle cousin niece nephew boyfriend
	girlfriend fiance fiancee fiancé fiancée baby child kid toddler stepson stepdaughter stepdad
	stepmum stepmother stepfather neighbour neighbor colleague boss midwife visitor navigator
	facilitator psychotherapist pharmacist dietitian dietician specialist lead hca sw`)

// piiPersonNouns precede "called X" / "named X".
var piiPersonNouns = piiSet(`lady man woman guy girl boy someone somebody bloke chap gentleman
	fella fellow person lad lass nurse doctor worker paramedic carer one gent`)

// piiFacilities follow a capitalised word that is a place, not a person:
// "James Cook Hospital", "Amber ward", "Bev Centre".
var piiFacilities = piiSet(`hospital hospitals ward wards centre center unit clinic house court lodge
	surgery practice building suite road street avenue lane close drive way park
	school college university trust team service services course group programme program
	hall station gardens garden village estate cafe café shop pharmacy ward's`)

// piiPersonVerbs follow a capitalised unknown word used as a person's name:
// "Tian was very kind", "Omonori listened".
var piiPersonVerbs = piiSet(`was is has had helped listened took gave made came explained always
	really who went did spent supported understood showed talked spoke sorted kept rang phoned
	visited arrived knew cared goes does said told saw sees made makes call ring phone contact
	email text`)
