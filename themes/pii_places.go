package themes

import "strings"

// piiPostcodeAreas are the 121 UK postcode areas (the letters of the outward code).
var piiPostcodeAreas = piiSet(`ab al b ba bb bd bh bl bn br bs bt ca cb cf ch cm co cr ct cv cw
	da dd de dg dh dl dn dt dy e ec eh en ex fk fy g gl gu gy ha hd hg hp hr hs hu hx ig im ip iv
	je ka kt kw ky l la ld le ll ln ls lu m me mk ml n ne ng nn np nr nw ol ox pa pe ph pl po pr
	rg rh rm s sa se sg sk sl sm sn so sp sr ss st sw sy ta td tf tn tq tr ts tw ub w wa wc wd
	wf wn wr ws wv yo ze`)

// piiStreetSuffixes end a street name in an address.
var piiStreetSuffixes = piiSet(`road rd street st avenue ave lane ln close drive dr way crescent cres
	court ct place pl grove gardens gdns terrace tce walk row square sq hill mews view rise parade
	boulevard vale green park wynd gate croft fold chase meadow meadows grange lea brow bank side
	parkway approach circus embankment end yard`)

// piiNotStreetWord are words that cannot be part of a street name: "a 5 mile
// drive", "3 days in a row".
var piiNotStreetWord = piiSet(`the a an in on at of to for and or my our your his her their this that
	by with from into onto up down off out over under about than then per
	mile miles minute minutes min mins hour hours hr hrs day days week weeks month months year years
	yard yards metre metres meter meters foot feet km kms time times mg ml step steps
	wrong right one two three four five six seven eight nine ten left
	is was were be been are had has have not no it its way`)

var piiMonths = map[string]int{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// piiFindTokenPII finds postcodes, dates of birth and street addresses.
func piiFindTokenPII(spans []piiRaw, toks []piiToken) []piiRaw {
	for i := 0; i < len(toks); i++ {
		if end := piiPostcodeAt(toks, i); end > i {
			spans = append(spans, piiRaw{toks[i].s, toks[end-1].e, PIIPostcode})
			i = end - 1
			continue
		}
		if ds, de := piiDOBAt(toks, i); de > ds {
			spans = append(spans, piiRaw{toks[ds].s, toks[de-1].e, PIIDateOfBirth})
			i = de - 1
			continue
		}
		if end := piiAddressAt(toks, i); end > i {
			spans = append(spans, piiRaw{toks[i].s, toks[end-1].e, PIIAddress})
			i = end - 1
		}
	}
	return spans
}

// piiOutward reports whether w (lower case) is an outward code: A9, A99,
// A9A, AA9, AA99 or AA9A with a real postcode area.
func piiOutward(w string) bool {
	n := 0
	for n < len(w) && n < 2 && w[n] >= 'a' && w[n] <= 'z' {
		n++
	}
	if n == 0 || !piiPostcodeAreas[w[:n]] {
		return false
	}
	rest := w[n:]
	switch len(rest) {
	case 1:
		return piiIsDigit(rest[0])
	case 2:
		return piiIsDigit(rest[0]) && (piiIsDigit(rest[1]) || rest[1] >= 'a' && rest[1] <= 'z')
	}
	return false
}

// piiInward reports whether w (lower case) is an inward code: 9AA with the
// letters the Royal Mail uses there.
func piiInward(w string) bool {
	const letters = "abdefghjlnpqrstuwxyz"
	return len(w) == 3 && piiIsDigit(w[0]) &&
		strings.IndexByte(letters, w[1]) >= 0 && strings.IndexByte(letters, w[2]) >= 0
}

// piiPostcodeAt returns the end token of a postcode starting at toks[i], or i.
func piiPostcodeAt(toks []piiToken, i int) int {
	t := toks[i]
	if t.kind != piiAlnum {
		return i
	}
	if piiOutward(t.lower) && i+1 < len(toks) && piiInward(toks[i+1].lower) && toks[i+1].space {
		return i + 2
	}
	if n := len(t.lower); n >= 5 && n <= 7 && piiOutward(t.lower[:n-3]) && piiInward(t.lower[n-3:]) {
		return i + 1
	}
	return i
}

// piiDOBAt finds a date after a date-of-birth cue at toks[i] ("DOB", "date
// of birth", "born on"), and returns the date's token range.
func piiDOBAt(toks []piiToken, i int) (int, int) {
	j := piiDOBCue(toks, i)
	if j == i {
		return 0, 0
	}
	birthday := strings.HasPrefix(toks[i].lower, "birthday")
	for k := 0; k < 5 && j < len(toks); k++ {
		if end := piiDateAt(toks, j); end > j {
			if birthday && !piiHasYear(toks, j, end) {
				return 0, 0 // "my birthday is the 3rd of March": no year, no birth date
			}
			return j, end
		}
		switch toks[j].lower {
		case ":", "-", "=", ",", "(", "is", "was", "on", "the", "in", "of", "my", "'s", "s", "as", "listed",
			"recorded", "down", "written", "put", "given", "shown", "still", "wrong", "be", "should":
			j++
			continue
		}
		break
	}
	return 0, 0
}

// piiDOBCue returns the token after a date-of-birth cue starting at i, or i.
func piiDOBCue(toks []piiToken, i int) int {
	w := toks[i].lower
	at := func(k int, s string) bool { return i+k < len(toks) && toks[i+k].lower == s }
	switch {
	case w == "dob" || w == "d.o.b":
		return i + 1
	case w == "d" && at(1, ".") && at(2, "o") && at(3, ".") && at(4, "b"):
		if at(5, ".") {
			return i + 6
		}
		return i + 5
	case w == "date" && at(1, "of") && at(2, "birth"):
		return i + 3
	case w == "born" || w == "birthday" || w == "birthdate" || w == "birthday's" || w == "dob's":
		return i + 1
	case w == "d" && at(1, "/") && at(2, "o") && at(3, "/") && at(4, "b"):
		return i + 5 // "d/o/b"
	case w == "year" && at(1, "of") && at(2, "birth"):
		return i + 3
	case w == "birth" && at(1, "date"):
		return i + 2
	case w == "b" && at(1, ".") && (toks[i].sent || i > 0 && toks[i-1].text == ","):
		return i + 2 // "b. 03.04.1986" at the start of a line or after a name
	}
	return i
}

// piiDateAt returns the end of a date starting at toks[i] ("12/03/1985",
// "12th March 1985", "March 12, 1985", "1985-03-12"), or i.
func piiDateAt(toks []piiToken, i int) int {
	at := func(k int) *piiToken {
		if i+k < len(toks) {
			return &toks[i+k]
		}
		return nil
	}
	t := at(0)
	if t.kind == piiNum && len(t.text) <= 2 {
		// "3-Mar-1986", "03/Mar/86"
		if a, b, c, d := at(1), at(2), at(3), at(4); d != nil && a.kind == piiPunct && strings.Contains("/-.", a.text) &&
			piiMonths[b.lower] > 0 && c.text == a.text && d.kind == piiNum && (len(d.text) == 4 || len(d.text) == 2) {
			return i + 5
		}
	}
	if t.kind == piiNum {
		// Numeric date with one kind of separator.
		if a, b, c, d := at(1), at(2), at(3), at(4); d != nil && a.kind == piiPunct && strings.Contains("/-.", a.text) &&
			b.kind == piiNum && c.text == a.text && d.kind == piiNum && len(b.text) <= 2 {
			return i + 5
		}
	}
	j := i
	if piiDayNumber(t) {
		j++
		if at(1) != nil && at(1).lower == "of" {
			j++
		}
		if j < len(toks) && piiMonths[toks[j].lower] > 0 {
			return piiYearAfter(toks, j+1)
		}
		return i
	}
	if (t.lower == "christmas" || t.lower == "boxing") && at(1) != nil && at(1).lower == "day" {
		if end := piiYearAfter(toks, i+2); end > i+2 {
			return end // "born on Christmas Day 1971"
		}
	}
	if piiMonths[t.lower] > 0 {
		j++
		if j < len(toks) && piiDayNumber(&toks[j]) {
			return piiYearAfter(toks, j+1)
		}
		if end := piiYearAfter(toks, j); end > j {
			return end
		}
	}
	return i
}

// piiDayNumber reports whether t is a day of the month: "12", "1st", "22nd".
func piiDayNumber(t *piiToken) bool {
	w := t.lower
	if piiOrdinalDays[w] {
		return true // "the third of March"
	}
	if t.kind == piiAlnum && len(w) >= 3 {
		switch w[len(w)-2:] {
		case "st", "nd", "rd", "th":
			w = w[:len(w)-2]
		}
	}
	if len(w) == 0 || len(w) > 2 {
		return false
	}
	for k := 0; k < len(w); k++ {
		if !piiIsDigit(w[k]) {
			return false
		}
	}
	return true
}

// piiYearAfter extends a date over an optional "," or "." and a year.
func piiYearAfter(toks []piiToken, j int) int {
	k := j
	if k < len(toks) && (toks[k].text == "," || toks[k].text == ".") {
		k++
	}
	if k < len(toks) && (toks[k].text == "'" || toks[k].text == "’") && k+1 < len(toks) && len(toks[k+1].text) == 2 {
		k++ // "3rd March '86"
	}
	if k < len(toks) && toks[k].kind == piiNum && (len(toks[k].text) == 4 || len(toks[k].text) == 2) {
		return k + 1
	}
	return j
}

// piiHasYear reports whether the date toks[s:e] ends with a year.
func piiHasYear(toks []piiToken, s, e int) bool {
	last := &toks[e-1]
	return e-s >= 3 && last.kind == piiNum && (len(last.text) == 4 || len(last.text) == 2)
}

// piiAddressAt returns the end of a street address starting at toks[i]:
// ["Flat" 3[","]] 12[a] Street Name Road, or i.
func piiAddressAt(toks []piiToken, i int) int {
	j := i
	if w := toks[j].lower; w == "flat" || w == "apartment" || w == "apt" {
		j++
		if j >= len(toks) || !piiHouseNumber(&toks[j]) {
			return i
		}
		j++
		if j < len(toks) && toks[j].text == "," {
			j++
		}
		if j < len(toks) && piiHouseNumber(&toks[j]) {
			j++
		}
	} else {
		j = piiNumberWordEnd(toks, j) // "no. 7", "number 9"
		if j >= len(toks) || !piiHouseNumber(&toks[j]) {
			return i
		}
		j++
	}
	if j+1 < len(toks) && toks[j].text == "-" && piiHouseNumber(&toks[j+1]) {
		j += 2
	}
	if j < len(toks) && toks[j].text == "," {
		j++
	}
	if j+1 < len(toks) && toks[j].lower == "the" && toks[j+1].kind == piiWord && piiStreetSuffixes[toks[j+1].lower] && toks[j+1].cap {
		return j + 2 // "2 The Green", "5 The Avenue"
	}
	words := 0
	for ; j < len(toks) && words < 4; j++ {
		t := &toks[j]
		if t.kind != piiWord {
			return i
		}
		if words > 0 && piiStreetSuffixes[t.lower] {
			return piiStreetEnd(toks, j+1)
		}
		if piiNotStreetWord[t.lower] {
			return i
		}
		words++
	}
	return i
}

// piiHouseNumber reports whether t is a house number: "12", "12a".
func piiHouseNumber(t *piiToken) bool {
	w := t.lower
	if t.kind == piiAlnum && len(w) >= 2 && w[len(w)-1] >= 'a' && w[len(w)-1] <= 'z' {
		w = w[:len(w)-1]
	}
	if len(w) == 0 || len(w) > 4 {
		return false
	}
	for k := 0; k < len(w); k++ {
		if !piiIsDigit(w[k]) {
			return false
		}
	}
	return true
}

// piiNumberWordEnd skips "no.", "no" or "number" before a house number at
// toks[j]: "no. 7 Church St".
func piiNumberWordEnd(toks []piiToken, j int) int {
	if j >= len(toks) || toks[j].lower != "no" && toks[j].lower != "number" {
		return j
	}
	k := j + 1
	if k < len(toks) && toks[k].text == "." {
		k++
	}
	if k < len(toks) && piiHouseNumber(&toks[k]) {
		return k
	}
	return j
}

// piiStreetEnd extends a street name ending before toks[j] over more
// capitalised street words and a direction: "Hyde Park Road", "Ecclesall
// Road South".
func piiStreetEnd(toks []piiToken, j int) int {
	for j < len(toks) && toks[j].kind == piiWord && toks[j].cap && toks[j].space &&
		(piiStreetSuffixes[toks[j].lower] || piiStreetDirections[toks[j].lower]) {
		j++
	}
	return j
}

var piiStreetDirections = piiSet(`north south east west upper lower`)

// piiOrdinalDays are days of the month written as words.
var piiOrdinalDays = piiSet(`first second third fourth fifth sixth seventh eighth ninth tenth eleventh
	twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
	twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth twenty-seventh
	twenty-eighth twenty-ninth thirtieth thirty-first`)
