package surveyjs

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chorus-nhs/chorus/survey"
)

// text reads a localisable SurveyJS string: plain text, or an object of
// texts by locale where "default" is the default locale, read as English.
func (im *importer) text(e element, key, elem string) survey.Label {
	r, ok := e[key]
	if !ok || string(r) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return survey.Label{"en": s}
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(r, &m) != nil {
		im.warn(elem, "Its %s is neither text nor texts by language, so it was left out.", key)
		return nil
	}
	l := survey.Label{}
	for _, k := range sortedRawKeys(m) {
		var t string
		if json.Unmarshal(m[k], &t) != nil || strings.TrimSpace(t) == "" {
			continue
		}
		lang := k
		if k == "default" {
			if _, hasEN := m["en"]; hasEN {
				continue
			}
			lang = "en"
		}
		if !validLanguage(lang) {
			im.warn(elem, "Its %s has text in %q, which is not a language tag such as en or cy; that text was left out.", key, truncate(lang, 20))
			continue
		}
		im.langs[lang] = true
		l[lang] = t
	}
	if len(l) == 0 {
		return nil
	}
	return l
}

// languageRE matches the language tags a Chorus survey may declare (the
// survey package's own check).
var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// validLanguage accepts the language tags a Chorus survey may declare.
func validLanguage(tag string) bool { return len(tag) <= 35 && languageRE.MatchString(tag) }

func sortedRawKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedKeys(l survey.Label) []string {
	keys := make([]string, 0, len(l))
	for k := range l {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func sortedSet(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// stringProp returns a string property, or "" when absent or not text.
func stringProp(e element, key string) string {
	var s string
	if json.Unmarshal(e[key], &s) != nil {
		return ""
	}
	return s
}

// boolProp returns a boolean property, false when absent or not boolean.
func boolProp(e element, key string) bool {
	var b bool
	return json.Unmarshal(e[key], &b) == nil && b
}

// numberProp returns a number property, given as a number or as text.
func numberProp(e element, key string) (float64, bool) {
	r, ok := e[key]
	if !ok {
		return 0, false
	}
	var n float64
	if json.Unmarshal(r, &n) == nil {
		return n, true
	}
	var s string
	if json.Unmarshal(r, &s) == nil {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return f, true
		}
	}
	return 0, false
}

// rawList returns a list property; absent is an empty list.
func rawList(e element, key string) ([]json.RawMessage, error) {
	r, ok := e[key]
	if !ok || string(r) == "null" {
		return nil, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(r, &list); err != nil {
		return nil, survey.Errorf(survey.EINVALID, "The SurveyJS %q property must be a list.", key)
	}
	return list, nil
}

// sectionID makes a section id from a page name.
func (im *importer) sectionID(name string, i int) string {
	id := ident(name)
	if id == "" {
		id = fmt.Sprintf("page_%d", i+1)
	}
	id = uniqueName(id, im.secIDs, 40)
	im.secIDs[id] = true
	return id
}

// questionID makes a question id from an element name, and warns when it
// differs: answers are stored under the id.
func (im *importer) questionID(name, elem string) string {
	id := ident(name)
	if id == "" {
		id = "question"
	}
	id = uniqueName(id, im.ids, 40)
	im.ids[id] = true
	if id != name {
		im.warn(elem, "Its answers are stored under the id %q (lower-case letters, digits and underscores, starting with a letter).", id)
	}
	return id
}

// ident turns a name into a Chorus id: lower case, runs of anything but
// letters and digits as one underscore, starting with a letter, at most 40
// characters.
func ident(name string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			under = false
		case !under && b.Len() > 0:
			b.WriteByte('_')
			under = true
		}
	}
	id := strings.TrimRight(b.String(), "_")
	if id != "" && (id[0] < 'a' || id[0] > 'z') {
		id = "q_" + id
	}
	return strings.TrimRight(truncate(id, 40), "_")
}

// optionValue turns a SurveyJS choice value into a Chorus option value.
func optionValue(raw string, k int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(raw) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	v := strings.Trim(b.String(), "_-")
	v = strings.TrimRight(truncate(v, 40), "_-")
	if v == "" {
		return fmt.Sprintf("option_%d", k+1)
	}
	return v
}

// uniqueName returns name, or name with a numeric suffix when taken, in at
// most max bytes.
func uniqueName(name string, taken map[string]bool, max int) string {
	if !taken[name] {
		return name
	}
	for n := 2; ; n++ {
		suffix := "_" + strconv.Itoa(n)
		cand := truncate(name, max-len(suffix)) + suffix
		if !taken[cand] {
			return cand
		}
	}
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
