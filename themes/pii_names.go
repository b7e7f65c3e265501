package themes

import "strings"

// Cues before a word that make it more likely to be a person's name.
const (
	piiCueNone   = iota
	piiCueTitle  // "Dr", "Nurse", "Mrs"
	piiCueRole   // "my daughter", "keyworker", "a nurse called", "her name is"
	piiCueThanks // "thanks to", "thank you"
	piiCueVerb   // "i saw", "spoke to", "ask for", "seen by"
)

// piiFindNames finds people's names. A name is a known given name, or a word
// that follows a title, role or relation word, or an unknown capitalised
// word used as the subject of "was", "listened"...; see
// docs/redaction-and-risk.md for the full rules.
func piiFindNames(spans []piiRaw, toks []piiToken) []piiRaw {
	lex := piiLoadLexicon()
	found := piiCursor{spans: spans[:len(spans):len(spans)]}
	lastEnd := -1 // token index after the last name found
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if t.kind != piiWord || found.covered(t.s, t.e) {
			continue
		}
		cue := piiNameCue(toks, i)
		if cue == piiCueNone && lastEnd == i-1 && i > 0 && piiNameJoins[toks[i-1].lower] {
			cue = piiCueRole // "Sarah and dean": a name listed with a name
		}
		if !piiNameWord(lex, toks, i, cue) {
			continue
		}
		if piiAnimalAfter(toks, i+1) {
			continue // "Millie the therapy dog"
		}
		end := piiExtendName(lex, toks, i)
		if piiPlaceName(toks, i, end) {
			i = end - 1
			continue
		}
		// "dean and Emma": a given name listed before this one.
		if k := i - 2; k >= 0 && k != lastEnd-1 && piiNameJoins[toks[i-1].lower] && toks[k].kind == piiWord &&
			lex.given[piiBase(&toks[k])] && !piiNotName[piiBase(&toks[k])] && !found.coveredBefore(toks[k].s, toks[k].e) {
			spans = append(spans, piiRaw{toks[k].s, toks[k].e - piiPossessiveLen(toks[k].text), PIIName})
		}
		last := &toks[end-1]
		spans = append(spans, piiRaw{t.s, last.e - piiPossessiveLen(last.text), PIIName})
		lastEnd = end
		i = end - 1
	}
	return spans
}

// piiNameJoins join names in a list: "Sarah and Dean", "Jo & Sam".
var piiNameJoins = piiSet(`and & , or`)

// piiBase returns a token's lower-case text without a possessive 's and
// with accents folded ("Sinéad" looks up "sinead").
func piiBase(t *piiToken) string {
	w := t.lower
	if strings.HasSuffix(w, "'s") && len(w) > 3 {
		w = w[:len(w)-2]
	}
	return piiFold(w)
}

// piiPossessiveLen returns the byte length of a possessive 's ending w, or 0.
func piiPossessiveLen(w string) int {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+1 {
			return len(suf)
		}
	}
	return 0
}

// piiNameCue returns the cue that precedes toks[i].
func piiNameCue(toks []piiToken, i int) int {
	p := i - 1
	if p < 0 {
		return piiCueNone
	}
	word := func(k int) string {
		if k >= 0 && k < len(toks) {
			return toks[k].lower
		}
		return ""
	}
	if word(p) == "." && piiTitles[word(p-1)] {
		p--
	}
	// An initial after a title: "Dr J Smith" is handled at "J".
	if piiTitles[word(p)] {
		return piiCueTitle
	}
	if word(p) == "," && (piiRoles[word(p-1)] || piiSignOffs[word(p-1)]) {
		p--
	}
	w := word(p)
	switch {
	case piiRoles[w]:
		return piiCueRole
	case (w == "called" || w == "named") && piiPersonNouns[word(p-1)]:
		return piiCueRole
	case (w == "is" || w == "was") && word(p-1) == "name":
		return piiCueRole
	case w == "name's" || w == "names":
		return piiCueRole
	case piiMeetVerbs[w] || piiMeetPairs[word(p-1)+" "+w]:
		return piiCueVerb
	case piiSignOffs[w] || (w == "as" && word(p-1) == "known"):
		return piiCueThanks
	case w == "thanks" || w == "thankyou" || w == "cheers" || w == "thank" ||
		w == "you" && word(p-1) == "thank" || w == "to" && (word(p-1) == "thanks" || word(p-1) == "you" && word(p-2) == "thank"):
		return piiCueThanks
	}
	return piiCueNone
}

// piiNameWord decides whether toks[i] starts a name, given its cue.
func piiNameWord(lex *piiLexicon, toks []piiToken, i, cue int) bool {
	t := &toks[i]
	w := piiBase(t)
	if len(w) < 2 {
		// An initial after a title, followed by a surname: "Dr J Smith", "Dr. A. Khan".
		return cue == piiCueTitle && t.cap && piiInitialEnd(toks, i) > i+1
	}
	if cue == piiCueTitle && piiParticles[w] {
		return piiParticleEnd(toks, i) > i // "Dr van der Merwe"
	}
	if piiNotName[w] {
		return false
	}
	given, sur, amb := lex.given[w], lex.surname[w], lex.ambiguous[w]
	if !given && strings.IndexByte(w, '-') > 0 {
		given = piiHyphenatedName(lex, w) // "Kerry-Ann", "Mary-Jane"
	}
	if t.upper && cue != piiCueTitle && cue != piiCueRole {
		return false // acronyms: "CAMHS", "TED", "XXXX"
	}
	if !given && !sur && piiContraction(w) {
		return false // "I've", "Wasn't"
	}
	switch cue {
	case piiCueTitle, piiCueRole:
		if t.cap {
			return given || sur || !piiCommonWord(w)
		}
		if cue == piiCueTitle && len(w) >= 3 && !piiCommonWord(w) && !piiProperNoun(w) {
			return true // "Dr al-Hassan", "dr okafor"
		}
		return given && !amb || sur && !piiCommonWord(w)
	case piiCueVerb:
		if given || sur {
			return !amb || t.cap
		}
		// An unknown word: lower case before "on", "and", "yesterday"... ("i
		// saw mehwish on tuesday"), or capitalised before "who", "she",
		// "yesterday" (organisations are capitalised too: "seen by Healthwatch").
		if len(w) < 4 || piiCommonWord(w) || piiProperNoun(w) || strings.ContainsRune(w, '-') || piiWordLike(w) {
			return false
		}
		if t.cap {
			return i+1 < len(toks) && piiPronounAfter[toks[i+1].lower]
		}
		return piiNameFollows(toks, i+1)
	case piiCueThanks:
		if t.cap {
			return given && (!amb || !t.sent) || !piiCommonWord(w) && !piiProperNoun(w)
		}
		return given && !amb
	}
	prev := ""
	if i > 0 {
		prev = toks[i-1].lower
	}
	if given {
		switch {
		case amb && t.cap && (piiPersonAfter(toks, i+1) || piiRoleAfter(toks, i+1)):
			return true // "Summer on reception"
		case amb && t.cap && t.sent && !piiAbstract[w]:
			// "Will was our paramedic": a subject with a person verb.
			return i+1 < len(toks) && piiSubjectVerbs[toks[i+1].lower]
		case amb:
			return t.cap && !t.sent && !piiBeforePlace[prev]
		case lex.short[w]:
			return t.cap && !piiBeforePlace[prev]
		}
		return (t.cap || len(w) >= 3) && !piiAtPlace[prev]
	}
	// A capitalised surname that is no English word nor dictionary proper
	// noun, with no cue at all: "Speak to Okonkwo", "Nguyen was lovely".
	if sur && t.cap && len(w) >= 3 && !piiCommonWord(w) && !piiProperNoun(w) && !piiBeforePlace[prev] && !piiAtPlace[prev] {
		return true
	}
	// A surname that is also a dictionary proper noun, as the subject of a
	// person verb: "Nguyen was lovely".
	if sur && t.cap && len(w) >= 3 && !piiCommonWord(w) && !piiBeforePlace[prev] && !piiAtPlace[prev] &&
		i+1 < len(toks) && (piiSubjectVerbs[toks[i+1].lower] || piiPersonAfter(toks, i+1)) {
		return true
	}
	// An unknown capitalised word as the subject of a person verb: "Tian was
	// kind", or before "from the", "on reception": "Bukola from the crisis
	// team". Not after another capitalised word ("First Responder was") nor
	// after "at", "to", "from" (places), and not hyphenated ("X-ray").
	return t.cap && len(w) >= 3 && i+1 < len(toks) && (piiPersonVerbs[toks[i+1].lower] || piiPersonAfter(toks, i+1)) &&
		!strings.ContainsRune(w, '-') && !piiBeforePlace[prev] && !piiAtPlace[prev] && prev != "to" &&
		(i == 0 || toks[i-1].kind != piiWord || !toks[i-1].cap || toks[i-1].sent) &&
		!piiCommonWord(w) && !piiProperNoun(w)
}

// piiAtPlace are words after which a capitalised given name is a place:
// "at Stanley", "in Chester".
var piiAtPlace = piiSet(`at in near around`)

// piiContraction reports whether w is a contraction such as "i've" or "wasn't".
func piiContraction(w string) bool {
	k := strings.LastIndexByte(w, '\'')
	if k < 0 {
		return false
	}
	switch w[k+1:] {
	case "t", "ve", "d", "ll", "re", "m", "s":
		return true
	}
	return false
}

// piiBeforePlace are words after which an ambiguous capitalised name is more
// likely a month, place or thing: "in May", "at Grace", "the Rose".
var piiBeforePlace = piiSet(`in on of at by from the a an this that every per our your last next since
	until till before after during st saint`)

// piiExtendName extends a name starting at toks[i] over up to two more
// capitalised name words ("Sarah Jones"). It returns the end token index.
func piiExtendName(lex *piiLexicon, toks []piiToken, i int) int {
	if len(toks[i].lower) == 1 {
		return piiInitialEnd(toks, i)
	}
	if piiParticles[toks[i].lower] {
		return piiParticleEnd(toks, i)
	}
	end := i + 1
	if end+1 < len(toks) && piiGaelicParticles[toks[end].text] && toks[end+1].cap && toks[end+1].kind == piiWord {
		return end + 2 // "Siobhán Ní Bhriain", "Dara Ó Briain"
	}
	for end < len(toks) && end <= i+2 {
		t := &toks[end]
		if t.kind != piiWord || !t.cap || !t.space || t.upper {
			break
		}
		if piiPossessiveLen(toks[end-1].text) > 0 {
			break
		}
		w := piiBase(t)
		if piiNotName[w] || piiFacilities[w] || w == "i" {
			break // "tell Aoife I said"
		}
		if !(lex.surname[w] || lex.given[w] || !piiCommonWord(w) && !piiProperNoun(w)) {
			break
		}
		end++
	}
	return end
}

// piiPlaceName reports whether the name candidate toks[i:end] is part of a
// place: "James Cook Hospital", "Amber ward", "St Ann's", "Bev Centre".
func piiPlaceName(toks []piiToken, i, end int) bool {
	if i+1 < len(toks) && piiPlaceNames[piiBase(&toks[i])+" "+piiBase(&toks[i+1])] ||
		i > 0 && piiPlaceNames[toks[i-1].lower+" "+piiBase(&toks[i])] {
		return true // "Marie Curie nurses", "a Jack Russell"
	}
	if i > 0 && (toks[i-1].lower == "st" || toks[i-1].lower == "saint" || toks[i-1].lower == "st.") {
		return true
	}
	if i > 1 && toks[i-1].text == "." && toks[i-2].lower == "st" {
		return true
	}
	if piiPossessiveLen(toks[end-1].text) > 0 {
		return false // "Lucy's group", "Dr Nguyen's clinic"
	}
	for k := end; k < len(toks) && k < end+3; k++ {
		t := &toks[k]
		if t.kind != piiWord {
			return false
		}
		if piiFacilities[piiBase(t)] || piiPlaceWords[piiBase(t)] {
			return true
		}
		if !t.cap {
			return false
		}
	}
	return false
}

// piiPlaceWords, after a name, make it a place or organisation name.
var piiPlaceWords = piiSet(`infirmary hospice medical memorial general university royal community
	health healthcare foundation nhs county city town wing block building centre's`)

// piiPlaceNames are hospitals, charities, places, brands and characters
// named like people, common in NHS feedback.
var piiPlaceNames = piiPairs(`james cook|queen elizabeth|royal victoria|george eliot|john radcliffe|
	james paget|william harvey|princess royal|queen alexandra|alexandra park|st james|kings mill|
	king's mill|john coupland|duncan macmillan|peter hodgkinson|lindsay house|florence nightingale|
	marie curie|mary potter|grace darling|elizabeth line|peter pan|harry potter|jackie chan|
	billy elliot|jack russell|bradley stoke|morgan stanley|john lewis|ted baker|marks spencer|
	prince charles|prince philip|princess diana|king george|queen mary|mary seacole|edith cavell|
	nye bevan|aneurin bevan|robin hood|maid marian|will smith|ruby tuesday|brown boys|
	st john|st johns|st ann's|st anns|st george's|st thomas'|guy's thomas'`)

// piiPairs reads two-word names separated by "|".
func piiPairs(list string) map[string]bool {
	set := map[string]bool{}
	for p := range strings.SplitSeq(list, "|") {
		set[strings.Join(strings.Fields(p), " ")] = true
	}
	return set
}

// piiHyphenatedName reports whether every part of a hyphenated word is a
// given name or surname.
func piiHyphenatedName(lex *piiLexicon, w string) bool {
	for part := range strings.SplitSeq(w, "-") {
		if !lex.given[part] && !lex.surname[part] || lex.ambiguous[part] {
			return false
		}
	}
	return true
}

// piiInitialEnd returns the end of "J Smith" or "A. Khan" starting at the
// initial toks[i], or i when no capitalised word follows.
func piiInitialEnd(toks []piiToken, i int) int {
	j := i + 1
	if j < len(toks) && toks[j].text == "." {
		j++
	}
	if j < len(toks) && toks[j].kind == piiWord && toks[j].cap && len(toks[j].lower) > 1 && !piiNotName[piiBase(&toks[j])] {
		return j + 1
	}
	return i
}

// piiParticles are lower-case surname particles: "van der Merwe", "de Souza".
var piiParticles = piiSet(`van der den de da di du von le la al el bin ap dos das del della`)

// piiParticleEnd returns the end of "van der Merwe" starting at toks[i], or i.
func piiParticleEnd(toks []piiToken, i int) int {
	j := i
	for j < len(toks) && j < i+3 && piiParticles[toks[j].lower] {
		j++
	}
	if j > i && j < len(toks) && toks[j].kind == piiWord && toks[j].cap {
		return j + 1
	}
	return i
}

// piiPersonAfter reports whether toks[k:] place the word before them as a
// member of staff: "from the crisis team", "on reception", "on nights".
func piiPersonAfter(toks []piiToken, k int) bool {
	if k+1 >= len(toks) {
		return false
	}
	a, b := toks[k].lower, toks[k+1].lower
	switch a {
	case "from":
		return b == "the" && k+2 < len(toks) && !toks[k+2].cap || b == "reception" || b == "pharmacy"
	case "on", "at":
		return piiStaffPlaces[b] || b == "the" && k+2 < len(toks) && piiStaffPlaces[toks[k+2].lower]
	}
	return false
}

// piiRoleAfter reports whether toks[k:] give the job of the given name
// before them: "Gaz the porter", "Björn the student nurse".
func piiRoleAfter(toks []piiToken, k int) bool {
	if k+1 >= len(toks) || toks[k].lower != "the" {
		return false
	}
	return piiStaffNouns[toks[k+1].lower] || k+2 < len(toks) && piiStaffNouns[toks[k+2].lower] && !toks[k+1].cap
}

// piiStaffNouns after "the" name the job of the person before: "Gaz the porter".
var piiStaffNouns = piiUnion(piiRoles, piiSet(`porter cleaner chef cook housekeeper volunteer student
	hca nurse healthcare assistant receptionist driver security guard chaplain`))

// piiMeetVerbs and piiMeetPairs come before a person met or spoken to: "i saw
// mehwish", "ask for Tomás", "seen by Sinéad".
var (
	piiMeetVerbs = piiSet(`saw met tell told`)
	piiMeetPairs = piiPairs(`seen by|spoke to|speak to|spoke with|speak with|talked to|talk to|
		asked for|ask for|seeing by|visited by|helped by|supported by|looked after by`)
)

// piiNameFollows reports whether toks[k:] can follow a lower-case name
// after a meeting verb: the end, punctuation or a word such as "on", "and",
// "yesterday" ("i saw mehwish on tuesday").
func piiNameFollows(toks []piiToken, k int) bool {
	if k >= len(toks) {
		return true
	}
	return toks[k].kind == piiPunct || piiAfterName[toks[k].lower]
}

var piiPronounAfter = piiSet(`who she he who's she's he's yesterday today tonight last again once
	twice earlier`)

var piiAfterName = piiSet(`on and who yesterday today tonight this last at from about she he they
	again once twice who's for in the`)

// piiFold maps accented Latin letters of a lower-case word to ASCII.
func piiFold(w string) string {
	for k := 0; k < len(w); k++ {
		if w[k] >= 0x80 {
			return piiFoldReplacer.Replace(w)
		}
	}
	return w
}

var piiFoldReplacer = func() *strings.Replacer {
	var pairs []string
	for _, g := range strings.Fields(`a:àáâãäåāăą c:çćčĉċ d:ďđð e:èéêëēĕėęě g:ĝğġģ h:ĥħ i:ìíîïĩīĭįı j:ĵ
		k:ķ l:ĺļľŀł n:ñńņňŉ o:òóôõöøōŏő r:ŕŗř s:śŝşšș t:ţťŧț u:ùúûüũūŭůűų w:ŵ y:ýÿŷ z:źżž`) {
		to, from, _ := strings.Cut(g, ":")
		for _, r := range from {
			pairs = append(pairs, string(r), to)
		}
	}
	return strings.NewReplacer(append(pairs, "ß", "ss", "æ", "ae", "œ", "oe")...)
}()

// piiStaffPlaces follow "on"/"at" after a member of staff's name.
var piiStaffPlaces = piiSet(`reception nights days shift duty lates earlies switchboard ward unit desk
	door front`)

// piiSubjectVerbs after a sentence-initial name that is also a word ("Will",
// "Rose") make it a person.
var piiSubjectVerbs = piiSet(`was is has had helped listened explained took gave came always really
	did made sorted kept rang phoned visited`)

// piiAbstract are names that are also abstract nouns and start sentences as
// nouns: "Hope was all I had".
var piiAbstract = piiSet(`hope faith joy grace patience charity honour honor mercy dawn summer autumn
	winter spring may june april august destiny trinity harmony bliss liberty justice unity
	heather holly ivy iris daisy poppy hazel olive violet jade amber ruby crystal pearl`)

// piiGaelicParticles start an Irish or Scottish surname written apart.
var piiGaelicParticles = piiSet(`Ó Ní Nic Mac Ua Uí Mhic`)

// piiAnimalAfter reports whether toks[k:] say the name before them is an
// animal's: "Millie the therapy dog", "Bella, the ward cat".
func piiAnimalAfter(toks []piiToken, k int) bool {
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	if k+1 >= len(toks) || toks[k].lower != "the" && toks[k].lower != "our" {
		return false
	}
	for j := k + 1; j < len(toks) && j <= k+3; j++ {
		if piiAnimals[toks[j].lower] {
			return true
		}
	}
	return false
}

var piiAnimals = piiSet(`dog dogs cat cats puppy kitten pony horse rabbit budgie parrot hamster`)

// piiSignOffs end a comment before the writer's name: "Regards, Jane".
var piiSignOffs = piiSet(`regards wishes sincerely faithfully signed thanks cheers`)

// piiWordLike reports whether an unknown lower-case word ends like an
// English noun or verb, so it is more likely a misspelling ("pyschiatrist")
// than a name.
func piiWordLike(w string) bool {
	for _, suf := range []string{"ist", "ists", "ian", "tion", "sion", "ment", "ness", "ing", "ogy", "ity", "ary",
		"ics", "ies", "ed", "ly", "er", "ers", "ful", "less", "ous", "ive", "ise", "ize", "al"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}
