package themes

import "strings"

// Detectors added for issue 11, for personal data that has no cue word or
// no full form: partial postcodes ("I live in NN3"), and house names and
// electoral wards where someone lives ("I live at Rose Cottage", "we live
// in Abington ward").
// The rules are in docs/redaction-and-risk.md.

// piiFindExtra appends partial postcodes, house names and ward names.
func piiFindExtra(spans []piiRaw, toks []piiToken) []piiRaw {
	lastCode := -9 // token index of the last partial postcode found
	for i := 0; i < len(toks); i++ {
		e := piiPartialPostcodeAt(toks, i)
		if e == i && i-lastCode == 2 && piiListJoins[toks[i-1].lower] && piiPartialShape(&toks[i]) {
			e = i + 1 // "BD3, BD4 and BD5": a list after one partial postcode
		}
		if e > i {
			spans = append(spans, piiRaw{toks[i].s, toks[e-1].e, PIIPostcode})
			lastCode = i
			i = e - 1
			continue
		}
		if e := max(piiLiveStreetAt(toks, i), piiResidenceHouseAt(toks, i)); e > i {
			spans = append(spans, piiRaw{toks[i].s, toks[e-1].e, PIIAddress})
			i = e - 1
			continue
		}
		if e := piiEstateAt(toks, i); e > i {
			spans = append(spans, piiRaw{toks[i].s, toks[e-1].e, PIIAddress})
			i = e - 1
			continue
		}
		if e := piiTheHomeAt(toks, i); e > i {
			spans = append(spans, piiRaw{toks[i].s, toks[e-1].e, PIIAddress})
			i = e - 1
			continue
		}
		if s, e := piiNamedPlaceAt(toks, i); e > i {
			spans = append(spans, piiRaw{toks[s].s, toks[e-1].e, PIIAddress})
			i = e - 1
		}
	}
	return spans
}

// piiPartialCues before an outward code make it a place: "live in NN3",
// "the LE3 area", "postcode NG7", "moved to DH1".
var piiPartialCues = piiSet(`in live lives living lived from moved moving move near postcode post code area around at to`)

// piiPartialPostcodeAt matches an outward code on its own ("NN3", "LE3",
// "M14") written in capitals, after a place cue within three words or
// before "area". Roads ("the A1", "M1 motorway") and vitamins are not.
func piiPartialPostcodeAt(toks []piiToken, i int) int {
	t := &toks[i]
	if t.kind != piiAlnum || !piiOutward(t.lower) || piiNotPartial[t.lower] {
		return i
	}
	if t.text != upperASCII(t.text) && !piiNearWord(toks, i, piiLowerCodeCues) {
		return i // "ls6" only near "live", "postcode"...
	}
	if len(t.text) < 3 {
		// "moved to S2": a two-character code right after a strong cue only.
		if i == 0 || !piiShortCues[toks[i-1].lower] && !(i > 1 && toks[i-1].lower == "of" && toks[i-2].lower == "out") ||
			i+1 < len(toks) && toks[i+1].kind == piiWord && !piiNameFollows(toks, i+1) && !piiAfterShortCode[toks[i+1].lower] {
			return i
		}
	}
	if piiVitamin(t.lower) && piiNearWord(toks, i, piiVitaminCues) {
		return i // "low in B12", "B6 and B12 supplements"
	}
	next, prev := "", ""
	if i+1 < len(toks) {
		next = toks[i+1].lower
	}
	if i > 0 {
		prev = toks[i-1].lower
	}
	if piiNotPartialNext[next] || piiNotPartialPrev[prev] {
		return i
	}
	if next == "area" || next == "postcode" || next == "based" || next == "way" && i+2 < len(toks) && toks[i+2].lower == "side" {
		return i + 1
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if toks[k].kind == piiPunct {
			break
		}
		if piiPartialCues[toks[k].lower] {
			return i + 1
		}
	}
	return i
}

var (
	piiNotPartialNext = piiSet(`road motorway junction bus vitamin mg ml form`)
	piiNotPartialPrev = piiSet(`vitamin ward room bay bed bus junction`)
)

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// piiHouseWords end a house name; piiLiveCues before it make it a home.
var (
	piiHouseWords = piiSet(`house cottage lodge farm farmhouse barn villa bungalow grange manor court view
		rectory vicarage mansions heights towers`)
	// piiHomeWords are house words that name a home wherever they appear after
	// "in", "at" or "into": "I've been at Hilltop Villa".
	piiHomeWords = piiSet(`cottage farm farmhouse barn villa bungalow manor rectory vicarage grange mansions`)
	piiLiveCues  = piiSet(`live lives living lived stay stays staying stayed moved move moving address home send post
		sent deliver delivered letters letter placed room flat flats resident residents reside rent rents
		renting rented own`)
	piiWardGeneric = piiSet(`the a my this that our acute general medical surgical psychiatric mental elderly maternity children's
		childrens admissions assessment older adult adults female male women's men's mother baby mother-and-baby main same other each
		every one another new old hospital night day`)
)

// piiNamedPlaceAt matches capitalised words before a house word or "ward"
// where a person lives ("I live at Rose Cottage", "post it to Rosewood
// House, Main Street", "we live in Abington ward"). It returns the span's
// token range.
func piiNamedPlaceAt(toks []piiToken, i int) (int, int) {
	j := i
	for j < len(toks) && j-i < 3 && toks[j].kind == piiWord && toks[j].cap && !toks[j].upper && !piiWardGeneric[toks[j].lower] &&
		!piiHouseWords[toks[j].lower] && toks[j].lower != "ward" {
		j++
	}
	if j == i || j >= len(toks) || i > 0 && toks[i-1].kind == piiWord && toks[i-1].cap && !toks[i-1].sent {
		return i, i
	}
	end := toks[j].lower
	if !piiHouseWords[end] && i > 0 && piiHomePreps[toks[i-1].lower] && piiResidenceAfter(toks, j) {
		return i, j // "stays at St Anne's hostel"
	}
	if end == "ward" || end == "wards" || piiHouseWords[end] {
		live := false
		for k := i - 1; k >= 0 && k >= i-5; k-- {
			if piiLiveCues[toks[k].lower] {
				live = true
				break
			}
		}
		if j+2 < len(toks) && toks[j+1].text == "," && (toks[j+2].kind == piiNum || piiAddressAt(toks, j+2) > j+2) {
			live = true // "Rose Cottage, 3 Mill Lane"
		}
		if i > 0 && piiHomePreps[toks[i-1].lower] && (piiHomeWords[end] || piiResidenceAfter(toks, j+1)) {
			live = true // "at Hilltop Villa", "in Clarendon House hostel"
		}
		if live && i > 0 && toks[i-1].text == "The" {
			return i - 1, j + 1 // "home: The Coach House"
		}
		if live {
			return i, j + 1
		}
	}
	return i, i
}

// Hospital wards ("on Cherry Ward") name the service, not a person, and are
// left alone; a ward with a cue of where someone lives is an electoral ward
// ("I live in Abington ward") and is redacted like a house name.

// piiHomePreps come before the name of the place where someone is.
var piiHomePreps = piiSet(`in at into to`)

// piiResidenceAfter reports whether toks[k:] say the place before them is
// somewhere people live: "hostel", "care home", "supported living".
func piiResidenceAfter(toks []piiToken, k int) bool {
	if k >= len(toks) {
		return false
	}
	a, b := toks[k].lower, ""
	if k+1 < len(toks) {
		b = toks[k+1].lower
	}
	switch a {
	case "hostel", "refuge", "halls":
		return true
	case "care", "nursing", "residential", "retirement", "children's":
		return b == "home"
	case "supported", "sheltered":
		return b == "living" || b == "housing" || b == "accommodation"
	}
	return false
}

// piiEstateAt matches a named housing estate, "the Harehills estate", from
// "the" to "estate", or returns i.
func piiEstateAt(toks []piiToken, i int) int {
	if toks[i].lower != "the" {
		return i
	}
	j := i + 1
	for j < len(toks) && j-i <= 3 && toks[j].kind == piiWord && toks[j].cap && !toks[j].upper && toks[j].lower != "estate" {
		j++
	}
	if j == i+1 || j >= len(toks) || toks[j].text != "estate" && toks[j].text != "Estate" {
		return i
	}
	if toks[j].cap && toks[j-1].lower == "crown" || j+1 < len(toks) && strings.HasPrefix(toks[j+1].lower, "agent") {
		return i // "the Crown Estate", "the Lowry estate agents"
	}
	return j + 1
}

// piiTheHomeAt matches "The Willows", "The Old Rectory" as a home: a
// capitalised "The" inside a sentence after "in", "into", "at" or "is",
// with a cue of living nearby or a residence word after ("The Laurels care
// home"), and not a hospital or service ("The Priory Hospital").
func piiTheHomeAt(toks []piiToken, i int) int {
	if toks[i].text != "The" || toks[i].sent || i == 0 || !piiHomePreps[toks[i-1].lower] && toks[i-1].lower != "is" {
		return i
	}
	j := i + 1
	for j < len(toks) && j-i <= 3 && toks[j].kind == piiWord && toks[j].cap && !toks[j].upper && !piiNotName[toks[j].lower] {
		j++
	}
	if j == i+1 {
		return i
	}
	for k := j; k < len(toks) && k < j+2; k++ {
		if piiFacilities[toks[k].lower] || piiPlaceWords[toks[k].lower] {
			return i
		}
	}
	if piiResidenceAfter(toks, j) {
		return j
	}
	for k := i - 2; k >= 0 && k >= i-5; k-- {
		if toks[k].kind == piiPunct && toks[k].text != "'" {
			break
		}
		if piiLiveCues[toks[k].lower] || piiPlacedCues[toks[k].lower] {
			return j
		}
	}
	return i
}

// piiPlacedCues, before "in The ...", say someone was housed there.
var piiPlacedCues = piiSet(`placed put housed rehoused re-housed`)

var (
	// piiNotPartial are outward codes that are more often something else.
	piiNotPartial = piiSet(`co2 no2 so2 m25 m62 m60 m1 m6 m4 m5 m11 m18 m40 m42 m50 m56 m61 m65 m67 e10 e12`)
	// piiShortCues come right before a two-character code: "live in S2".
	piiShortCues = piiSet(`in from to postcode`)
	// piiAfterShortCode may follow a two-character code: "out of L8 was".
	piiAfterShortCode = piiSet(`was is has had`)
	// piiVitaminCues near "B12" make it a vitamin.
	piiVitaminCues = piiSet(`vitamin vitamins low deficiency deficient levels level supplement supplements
		injection injections jab jabs tablets take taking took blood bloods`)
)

// piiVitamin reports whether w names a B vitamin: "b1".."b12".
func piiVitamin(w string) bool {
	switch w {
	case "b1", "b2", "b3", "b5", "b6", "b7", "b9", "b12":
		return true
	}
	return false
}

// piiNearWord reports whether a word of set is within four tokens of toks[i].
func piiNearWord(toks []piiToken, i int, set map[string]bool) bool {
	for k := max(0, i-4); k < len(toks) && k <= i+4; k++ {
		if set[toks[k].lower] {
			return true
		}
	}
	return false
}

// piiLowerCodeCues near a lower-case outward code make it a postcode: "i
// live in ls6".
var piiLowerCodeCues = piiSet(`live lives living lived moved postcode postcodes`)

// piiListJoins join items of a list: "BD3, BD4 and BD5".
var piiListJoins = piiSet(`, and & or /`)

// piiPartialShape reports whether t is an outward code in capitals of
// three or four characters.
func piiPartialShape(t *piiToken) bool {
	return t.kind == piiAlnum && len(t.text) >= 3 && t.text == upperASCII(t.text) && piiOutward(t.lower) &&
		!piiNotPartial[t.lower]
}

// piiLiveStreetAt matches a street or house named after "live on", "live
// at", "moved to": "I live on Mill Lane", "we live at Greenacres". The name
// is one to three capitalised words ending in a street word, or one
// capitalised word that is no English word, place or name. It returns the
// end, or i.
func piiLiveStreetAt(toks []piiToken, i int) int {
	if i < 2 || !piiLiveStreetPreps[toks[i-1].lower] || !piiLiveVerbs[toks[i-2].lower] {
		return i
	}
	j := i
	for j < len(toks) && j-i < 3 && toks[j].kind == piiWord && toks[j].cap && !toks[j].upper && !piiNotName[toks[j].lower] {
		if j > i && piiStreetSuffixes[toks[j].lower] {
			if e := piiStreetEnd(toks, j+1); e >= len(toks) || !piiHouseWords[toks[e].lower] {
				return e
			}
			return i // "Holly Bank Farm" is a house name
		}
		j++
	}
	if j == i+1 && toks[i-1].lower == "at" && piiHouseNameWord(&toks[i]) {
		return j // "we live at Greenacres"
	}
	return i
}

// piiHouseNameWord reports whether t is a capitalised word of five or more
// letters in no dictionary or name list: "Greenacres", "Newholme".
func piiHouseNameWord(t *piiToken) bool {
	w, lex := t.lower, piiLoadLexicon()
	return t.kind == piiWord && t.cap && !t.upper && len(w) >= 5 && !piiCommonWord(w) && !piiProperNoun(w) &&
		!lex.given[w] && !lex.surname[w] && !piiNotName[w]
}

// piiResidenceHouseAt matches "at Newholme now, the supported housing": an
// unknown capitalised word after "at" or "in" with a residence word within
// the next six tokens. It returns the end, or i.
func piiResidenceHouseAt(toks []piiToken, i int) int {
	if i == 0 || toks[i-1].lower != "at" && toks[i-1].lower != "in" || !piiHouseNameWord(&toks[i]) {
		return i
	}
	if i+1 < len(toks) && (toks[i+1].cap || piiFacilities[toks[i+1].lower] || piiPlaceWords[toks[i+1].lower]) {
		return i // "Elmfield Grange" is found as a house name; "Newholme Hospital" is a hospital
	}
	for k := i + 1; k < len(toks) && k <= i+6; k++ {
		if piiResidenceAfter(toks, k) {
			return i + 1
		}
	}
	return i
}

var (
	piiLiveStreetPreps = piiSet(`on at in to up down off`)
	piiLiveVerbs       = piiSet(`live lives living lived stay stays staying stayed moved move moving`)
)
