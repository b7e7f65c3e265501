package webui

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
)

// messages is the interface text catalogue: language → key → text. Every
// key must exist in English; other languages fall back to English, marked
// with lang="en" on the page. The Welsh text should be checked by a Welsh
// speaker from the trust before go-live.
var messages = map[string]map[string]string{
	"en": {
		"skip":               "Skip to main content",
		"service":            "Chorus feedback",
		"languages":          "Language",
		"easy_on":            "Show easy read words",
		"easy_off":           "Show standard words",
		"required":           "(required)",
		"required_intro":     "Questions marked (required) need an answer. You can skip any other question.",
		"anonymous":          "This survey is anonymous. Do not write your name or anyone else's. We do not use cookies.",
		"privacy_link":       "How we use your feedback",
		"submit":             "Send my feedback",
		"refresh":            "Update the questions",
		"refresh_hint":       "If you change an answer above, press this to show or hide the questions that depend on it.",
		"error_title":        "There is a problem",
		"error_prefix":       "Error:",
		"err_required":       "Answer this question",
		"err_choose":         "Select an answer",
		"err_number":         "Enter a number, like 3",
		"err_rate":           "Too many responses have been sent from this device. Please wait a minute and try again. Your answers are still here.",
		"err_unavailable":    "We could not send your feedback just now. Your answers are still here. Please try again in a minute.",
		"select_all":         "Select all that apply.",
		"select_up_to":       "Select up to %d.",
		"chars_up_to":        "You can enter up to %d characters.",
		"chars_left":         "You have %d characters remaining",
		"chars_over":         "You have %d characters too many",
		"rating_hint":        "1 is the lowest and %d is the highest.",
		"number_range":       "Enter a number from %s to %s.",
		"number_whole_range": "Enter a whole number from %s to %s.",
		"number_whole":       "Enter a whole number.",
		"yes":                "Yes",
		"no":                 "No",
		"fft_very_good":      "Very good",
		"fft_good":           "Good",
		"fft_neither":        "Neither good nor poor",
		"fft_poor":           "Poor",
		"fft_very_poor":      "Very poor",
		"fft_dont_know":      "Don't know",
		"likert_5":           "Strongly agree",
		"likert_4":           "Agree",
		"likert_3":           "Neither agree nor disagree",
		"likert_2":           "Disagree",
		"likert_1":           "Strongly disagree",
		"teams_title":        "Which team is your feedback about?",
		"teams_hint":         "Choose the team you or the person you care for saw.",
		"continue":           "Continue",
		"thanks_title":       "Thank you, your feedback has been sent",
		"thanks_body":        "We read every answer. Your feedback is anonymous: staff cannot tell who sent it.",
		"next_title":         "What happens next",
		"next_quarter":       "At the end of each quarter we bring together what people have said into themes. The themes for %s will be shared with the team after %s, together with what they plan to do about them.",
		"next_generic":       "At the end of each quarter we bring together what people have said into themes and share them with the team, together with what they plan to do about them.",
		"ysywd_link":         "See what people told us and what we did",
		"another":            "Give more feedback",
		"kiosk_return":       "This page will go back to the start in a few seconds.",
		"crisis_title":       "If you need help now",
		"crisis_intro":       "Some of what you wrote makes us think you might be going through a very hard time. You are not alone and help is available now.",
		"crisis_111":         "Call NHS %s and choose option 2 for mental health support, any time of day or night.",
		"crisis_samaritans":  "Call Samaritans free on %s, any time, to talk to someone.",
		"crisis_999":         "Call %s or go to A&E if your life, or someone else's, is at risk right now.",
		"crisis_note":        "Your feedback is still anonymous. We cannot contact you, so please reach out if you need support.",
		"support_calm":       "This feedback is not read straight away, so it cannot get you help. If you, or someone you know, needs help now:",
		"urgent_line":        "This survey is not watched all the time. If you need help now, call NHS %s and choose option 2, call Samaritans free on %s, or call %s in an emergency.",
		"sent_later":         "Your saved feedback has now been sent",
		"offline_saved":      "Your feedback is saved on this phone and will be sent when you are back online.",
		"sent":               "Thank you, your feedback has been sent.",
		"not_found_title":    "Page not found",
		"not_found_body":     "We could not find this survey. Check the link or keyword, or ask a member of staff for the right one.",
		"privacy_title":      "How we use your feedback",
		"too_large_title":    "Your answers are too long",
		"too_large_body":     "Please go back, shorten your answers and send them again.",
		"problem_title":      "Sorry, there is a problem with the service",
		"bad_form_body":      "Your answers could not be read. Please go back and send them again.",
		"problem_body":       "Please try again later.",
		"poster_scan":        "Scan the code with your phone camera",
		"poster_or":          "or go to",
		"poster_keyword":     "or type this short address",
		"poster_print":       "Print this poster",
	},
	"cy": {
		"skip":               "Neidio i'r prif gynnwys",
		"service":            "Adborth Chorus",
		"languages":          "Iaith",
		"easy_on":            "Dangos geiriau hawdd eu darllen",
		"easy_off":           "Dangos y geiriau arferol",
		"required":           "(angenrheidiol)",
		"required_intro":     "Mae angen ateb i'r cwestiynau sydd wedi'u marcio (angenrheidiol). Gallwch hepgor unrhyw gwestiwn arall.",
		"anonymous":          "Mae'r arolwg hwn yn ddienw. Peidiwch ag ysgrifennu eich enw chi nac enw unrhyw un arall. Nid ydym yn defnyddio cwcis.",
		"privacy_link":       "Sut rydym yn defnyddio eich adborth",
		"submit":             "Anfon fy adborth",
		"refresh":            "Diweddaru'r cwestiynau",
		"refresh_hint":       "Os byddwch yn newid ateb uchod, pwyswch hwn i ddangos neu guddio'r cwestiynau sy'n dibynnu arno.",
		"error_title":        "Mae problem",
		"error_prefix":       "Gwall:",
		"err_required":       "Atebwch y cwestiwn hwn",
		"err_choose":         "Dewiswch ateb",
		"err_number":         "Rhowch rif, fel 3",
		"err_rate":           "Mae gormod o ymatebion wedi'u hanfon o'r ddyfais hon. Arhoswch funud a rhowch gynnig arall arni. Mae eich atebion yma o hyd.",
		"err_unavailable":    "Nid oeddem yn gallu anfon eich adborth ar hyn o bryd. Mae eich atebion yma o hyd. Rhowch gynnig arall arni mewn munud.",
		"select_all":         "Dewiswch bob un sy'n berthnasol.",
		"select_up_to":       "Dewiswch hyd at %d.",
		"chars_up_to":        "Gallwch ysgrifennu hyd at %d nod.",
		"chars_left":         "Mae gennych %d nod ar ôl",
		"chars_over":         "Mae gennych %d nod yn ormod",
		"rating_hint":        "1 yw'r isaf a %d yw'r uchaf.",
		"number_range":       "Rhowch rif o %s i %s.",
		"number_whole_range": "Rhowch rif cyfan o %s i %s.",
		"number_whole":       "Rhowch rif cyfan.",
		"yes":                "Ie",
		"no":                 "Na",
		"fft_very_good":      "Da iawn",
		"fft_good":           "Da",
		"fft_neither":        "Ddim yn dda nac yn wael",
		"fft_poor":           "Gwael",
		"fft_very_poor":      "Gwael iawn",
		"fft_dont_know":      "Ddim yn gwybod",
		"likert_5":           "Cytuno'n gryf",
		"likert_4":           "Cytuno",
		"likert_3":           "Ddim yn cytuno nac yn anghytuno",
		"likert_2":           "Anghytuno",
		"likert_1":           "Anghytuno'n gryf",
		"teams_title":        "Am ba dîm mae eich adborth?",
		"teams_hint":         "Dewiswch y tîm a welsoch chi neu'r person rydych yn gofalu amdano.",
		"continue":           "Parhau",
		"thanks_title":       "Diolch, mae eich adborth wedi'i anfon",
		"thanks_body":        "Rydym yn darllen pob ateb. Mae eich adborth yn ddienw: ni all staff ddweud pwy a'i hanfonodd.",
		"next_title":         "Beth sy'n digwydd nesaf",
		"next_quarter":       "Ar ddiwedd pob chwarter rydym yn casglu'r hyn y mae pobl wedi'i ddweud yn themâu. Bydd y themâu ar gyfer %s yn cael eu rhannu gyda'r tîm ar ôl %s, ynghyd â'r hyn y maent yn bwriadu ei wneud amdanynt.",
		"next_generic":       "Ar ddiwedd pob chwarter rydym yn casglu'r hyn y mae pobl wedi'i ddweud yn themâu ac yn eu rhannu gyda'r tîm, ynghyd â'r hyn y maent yn bwriadu ei wneud amdanynt.",
		"ysywd_link":         "Gweld beth ddywedodd pobl wrthym a beth wnaethom",
		"another":            "Rhoi mwy o adborth",
		"kiosk_return":       "Bydd y dudalen hon yn mynd yn ôl i'r dechrau mewn ychydig eiliadau.",
		"crisis_title":       "Os oes angen help arnoch nawr",
		"crisis_intro":       "Mae rhywfaint o'r hyn a ysgrifennoch yn gwneud i ni feddwl y gallech fod yn mynd trwy gyfnod anodd iawn. Nid ydych ar eich pen eich hun ac mae help ar gael nawr.",
		"crisis_111":         "Ffoniwch GIG %s a dewis opsiwn 2 am gymorth iechyd meddwl, unrhyw adeg o'r dydd neu'r nos.",
		"crisis_samaritans":  "Ffoniwch y Samariaid am ddim ar %s, unrhyw adeg, i siarad â rhywun.",
		"crisis_999":         "Ffoniwch %s neu ewch i'r Adran Achosion Brys os yw eich bywyd chi, neu fywyd rhywun arall, mewn perygl nawr.",
		"crisis_note":        "Mae eich adborth yn dal yn ddienw. Ni allwn gysylltu â chi, felly gofynnwch am help os oes ei angen arnoch.",
		"support_calm":       "Nid yw'r adborth hwn yn cael ei ddarllen ar unwaith, felly ni all gael help i chi. Os oes angen help arnoch chi, neu ar rywun rydych yn ei adnabod, nawr:",
		"urgent_line":        "Nid oes neb yn gwylio'r arolwg hwn drwy'r amser. Os oes angen help arnoch nawr, ffoniwch GIG %s a dewis opsiwn 2, ffoniwch y Samariaid am ddim ar %s, neu ffoniwch %s mewn argyfwng.",
		"sent_later":         "Mae eich adborth a gadwyd wedi'i anfon nawr",
		"offline_saved":      "Mae eich adborth wedi'i gadw ar y ffôn hwn a bydd yn cael ei anfon pan fyddwch ar-lein eto.",
		"sent":               "Diolch, mae eich adborth wedi'i anfon.",
		"not_found_title":    "Heb ddod o hyd i'r dudalen",
		"not_found_body":     "Nid oeddem yn gallu dod o hyd i'r arolwg hwn. Gwiriwch y ddolen neu'r allweddair, neu gofynnwch i aelod o staff am yr un cywir.",
		"privacy_title":      "Sut rydym yn defnyddio eich adborth",
		"too_large_title":    "Mae eich atebion yn rhy hir",
		"too_large_body":     "Ewch yn ôl, byrhewch eich atebion a'u hanfon eto.",
		"problem_title":      "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth",
		"bad_form_body":      "Nid oedd modd darllen eich atebion. Ewch yn ôl a'u hanfon eto.",
		"problem_body":       "Rhowch gynnig arall arni yn nes ymlaen.",
		"poster_scan":        "Sganiwch y cod gyda chamera eich ffôn",
		"poster_or":          "neu ewch i",
		"poster_keyword":     "neu teipiwch y cyfeiriad byr hwn",
		"poster_print":       "Argraffu'r poster hwn",
	},
	// Arabic: only the support text for now, so that where to get help is
	// in the reader's language (the rest falls back to English, marked).
	// To be checked by an Arabic speaker from the trust before go-live.
	"ar": {
		"crisis_title":      "إذا كنت بحاجة إلى مساعدة الآن",
		"crisis_intro":      "بعض ما كتبته يجعلنا نعتقد أنك قد تمر بوقت صعب للغاية. أنت لست وحدك والمساعدة متاحة الآن.",
		"crisis_111":        "اتصل بخدمة NHS على الرقم %s واختر الخيار 2 للحصول على دعم الصحة النفسية، في أي وقت من النهار أو الليل.",
		"crisis_samaritans": "اتصل بالسامريين (Samaritans) مجانًا على الرقم %s، في أي وقت، للتحدث إلى شخص ما.",
		"crisis_999":        "اتصل بالرقم %s أو اذهب إلى قسم الطوارئ إذا كانت حياتك، أو حياة شخص آخر، في خطر الآن.",
		"crisis_note":       "ملاحظاتك لا تزال مجهولة الهوية. لا يمكننا التواصل معك، لذا يرجى طلب الدعم إذا كنت بحاجة إليه.",
		"support_calm":      "لا تتم قراءة هذه الملاحظات على الفور، لذلك لا يمكنها أن توفر لك المساعدة. إذا كنت أنت، أو شخص تعرفه، بحاجة إلى مساعدة الآن:",
		"urgent_line":       "لا تتم مراقبة هذا الاستبيان طوال الوقت. إذا كنت بحاجة إلى مساعدة الآن، اتصل بخدمة NHS على الرقم %s واختر الخيار 2، أو اتصل بالسامريين مجانًا على %s، أو اتصل بالرقم %s في حالات الطوارئ.",
		"sent_later":        "تم الآن إرسال ملاحظاتك المحفوظة",
	},
}

// rtlLanguages are written right to left.
var rtlLanguages = []string{"ar", "ur", "fa", "he", "ps", "ckb", "sd", "ug", "dv", "yi"}

// languageNames are shown in the language picker, each in its own language.
var languageNames = map[string]string{
	"en": "English", "cy": "Cymraeg", "ar": "العربية", "ur": "اردو", "fa": "فارسی",
	"he": "עברית", "pl": "Polski", "pa": "ਪੰਜਾਬੀ", "bn": "বাংলা", "gu": "ગુજરાતી",
	"so": "Soomaali", "ro": "Română", "pt": "Português", "es": "Español", "fr": "Français",
	"tr": "Türkçe", "zh": "中文", "ti": "ትግርኛ", "ps": "پښتو", "ku": "Kurdî", "ta": "தமிழ்",
	"lt": "Lietuvių", "it": "Italiano", "de": "Deutsch", "hi": "हिन्दी", "gd": "Gàidhlig",
}

// languageName returns the name of a language in that language, or its tag.
func languageName(tag string) string {
	if n, ok := languageNames[tag]; ok {
		return n
	}
	return tag
}

// Locale is the language of one page: the schema language chosen and the
// interface messages for it.
type Locale struct {
	Lang string // BCP 47 tag of the page (html lang)
	Dir  string // "ltr" or "rtl"
}

// newLocale returns the locale for a language tag.
func newLocale(lang string) Locale {
	dir := "ltr"
	if slices.Contains(rtlLanguages, strings.SplitN(lang, "-", 2)[0]) {
		dir = "rtl"
	}
	return Locale{Lang: lang, Dir: dir}
}

// message looks up key in the locale's language, falling back to English;
// fellBack reports the fallback.
func (l Locale) message(key string) (text string, fellBack bool) {
	if m, ok := messages[l.Lang][key]; ok {
		return m, false
	}
	if m, ok := messages["en"][key]; ok {
		return m, l.Lang != "en"
	}
	return key, false
}

// S returns interface text as a plain string, for attributes and <title>.
func (l Locale) S(key string, args ...any) string {
	m, _ := l.message(key)
	if len(args) > 0 {
		m = fmt.Sprintf(m, args...)
	}
	return m
}

// T returns interface text as HTML, wrapped in lang="en" when the page's
// language has no translation, so screen readers pronounce it correctly.
func (l Locale) T(key string, args ...any) template.HTML {
	m, fellBack := l.message(key)
	if len(args) > 0 {
		m = fmt.Sprintf(m, args...)
	}
	return wrapLang(m, fellBack)
}

// Call returns interface text with a telephone number made a tel: link, so
// that a person can call with one tap. The message has one %s for it.
func (l Locale) Call(key, number string) template.HTML { return l.Calls(key, number) }

// Calls is Call for a message with one %s per number, in order.
func (l Locale) Calls(key string, numbers ...string) template.HTML {
	m, fellBack := l.message(key)
	parts := strings.Split(m, "%s")
	var out strings.Builder
	for i, part := range parts {
		out.WriteString(template.HTMLEscapeString(part))
		if i < len(numbers) && i < len(parts)-1 {
			n := numbers[i]
			out.WriteString(`<a href="tel:` + strings.ReplaceAll(n, " ", "") + `">` + template.HTMLEscapeString(n) + `</a>`)
		}
	}
	if fellBack {
		return template.HTML(`<span lang="en" dir="ltr">` + out.String() + `</span>`)
	}
	return template.HTML(out.String())
}

// wrapLang escapes text and, when it is English on a non-English page,
// marks it so.
func wrapLang(text string, english bool) template.HTML {
	esc := template.HTMLEscapeString(text)
	if english {
		return template.HTML(`<span lang="en" dir="ltr">` + esc + `</span>`)
	}
	return template.HTML(esc)
}
