package themes

import "strings"

// piiPublicNumbers are phone numbers of public services and helplines, as
// digits. They are not personal data and are never redacted. Freephone and
// other non-geographic numbers (080x, 084x, 087x, 09x) and short codes
// (111, 999, 116 123, 85258) are not redacted either: no person has one.
var piiPublicNumbers = piiSet(`
	03001233393 03003047000 03001236600 03001231053 03000030088 03001234000
	03444775774 03003300630 03001231110 03003000042 03332207400 03001110222
	03000200134 03001110500 03001233300 03706000000 03300882411`)

func piiIsAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func piiIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// piiFindEmails finds e-mail addresses: local@domain.tld.
func piiFindEmails(spans []piiRaw, text string) []piiRaw {
	for off := 0; ; {
		k := strings.IndexByte(text[off:], '@')
		if k < 0 {
			return spans
		}
		at := off + k
		off = at + 1
		s := at
		for s > 0 && (piiIsAlnum(text[s-1]) && text[s-1] < 0x80 || strings.IndexByte("._%+-'", text[s-1]) >= 0) {
			s--
		}
		for s < at && strings.IndexByte("._%+-'", text[s]) >= 0 {
			s++
		}
		e, dot := at+1, false
		for e < len(text) && (piiIsAlnum(text[e]) && text[e] < 0x80 || text[e] == '.' || text[e] == '-') {
			dot = dot || text[e] == '.'
			e++
		}
		for e > at+1 && (text[e-1] == '.' || text[e-1] == '-') {
			e--
		}
		if s == at || !dot || !strings.Contains(text[at+1:e], ".") || text[e-1] == '.' {
			continue
		}
		spans = append(spans, piiRaw{s, e, PIIEmail})
		off = e
	}
}

// piiDigitRun is a run of digit groups joined by single separators.
type piiDigitRun struct {
	s, e   int
	digits []byte
	groups []int
	plus   bool
}

// piiScanDigits reads digit groups from text[i:], which starts with a digit,
// "+" or "(". Separators between groups are up to two of " -.()".
func piiScanDigits(run *piiDigitRun, text string, i int) int {
	run.s, run.digits, run.groups, run.plus = i, run.digits[:0], run.groups[:0], false
	if text[i] == '+' {
		run.plus = true
		i++
	} else if text[i] == '(' {
		i++
	}
	for len(run.digits) < 16 {
		g := 0
		for i < len(text) && piiIsDigit(text[i]) {
			run.digits = append(run.digits, text[i])
			g++
			i++
		}
		run.groups = append(run.groups, g)
		run.e = i
		if i < len(text) && text[i] == ')' {
			run.e = i + 1
		}
		j := i
		for j < len(text) && j-i < 3 && strings.IndexByte(" -.()", text[j]) >= 0 {
			j++
		}
		if j == i || j >= len(text) || !piiIsDigit(text[j]) || strings.Count(text[i:j], ".") > 0 && j-i > 1 {
			break
		}
		i = j
	}
	return run.e
}

// piiFindNumbers finds UK phone numbers and NHS numbers.
func piiFindNumbers(spans []piiRaw, text string) []piiRaw {
	var run piiDigitRun
	for i := 0; i < len(text); i++ {
		c := text[i]
		start := piiIsDigit(c) || (c == '+' || c == '(') && i+1 < len(text) && piiIsDigit(text[i+1])
		if !start || i > 0 && (piiIsAlnum(text[i-1]) || text[i-1] == '+' || text[i-1] == '/') {
			continue
		}
		end := piiScanDigits(&run, text, i)
		if end < len(text) && (piiIsAlnum(text[end]) || text[end] == '/' || text[end] == ':') && text[end-1] != ')' {
			// "10:30", "12/03", "50mg": not a phone number.
			i = end
			continue
		}
		if kind := piiNumberKind(&run); kind != "" {
			spans = append(spans, piiRaw{run.s, run.e, kind})
		}
		i = end
	}
	return spans
}

// piiNumberKind classifies a digit run as a phone number, an NHS number or
// neither.
func piiNumberKind(run *piiDigitRun) string {
	d := string(run.digits)
	switch {
	case run.plus || strings.HasPrefix(d, "0044"):
		if len(d) >= 11 && len(d) <= 15 {
			return PIIPhone
		}
		return ""
	case len(d) == 10 && d[0] != '0' && (len(run.groups) == 1 || piiGroups(run.groups, 3, 3, 4)) && piiNHSValid(run.digits):
		return PIINHSNumber
	case len(d) < 10 || len(d) > 11 || d[0] != '0':
		return ""
	case piiPublicNumbers[d] || strings.HasPrefix(d, "0300") || strings.HasPrefix(d, "0303"):
		// Ofcom reserves 0300 and 0303 for public bodies and charities.
		return ""
	case d[1] == '1' || d[1] == '2' || d[1] == '3' || d[1] == '7':
		return PIIPhone
	}
	return ""
}

func piiGroups(g []int, a, b, c int) bool {
	return len(g) == 3 && g[0] == a && g[1] == b && g[2] == c
}

// piiNHSValid applies the NHS number modulus-11 check to 10 digits.
func piiNHSValid(d []byte) bool {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(d[9]-'0')
}
