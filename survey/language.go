package survey

import "strings"

// languageNames are the English names, for messages to staff, of the
// languages NHS surveys are most often offered in.
var languageNames = map[string]string{
	"en": "English", "cy": "Welsh", "ar": "Arabic", "ur": "Urdu", "fa": "Persian", "he": "Hebrew",
	"pl": "Polish", "pa": "Punjabi", "bn": "Bengali", "gu": "Gujarati", "so": "Somali", "ro": "Romanian",
	"pt": "Portuguese", "es": "Spanish", "fr": "French", "tr": "Turkish", "zh": "Chinese", "ti": "Tigrinya",
	"ps": "Pashto", "ku": "Kurdish", "ta": "Tamil", "lt": "Lithuanian", "it": "Italian", "de": "German",
	"hi": "Hindi", "gd": "Scottish Gaelic", "ga": "Irish", "uk": "Ukrainian", "ru": "Russian", "am": "Amharic",
	"sq": "Albanian", "bg": "Bulgarian", "lv": "Latvian", "sk": "Slovak", "cs": "Czech", "hu": "Hungarian",
	"el": "Greek", "vi": "Vietnamese", "th": "Thai", "ne": "Nepali", "sw": "Swahili", "yo": "Yoruba",
	"ig": "Igbo", "tl": "Tagalog", "ml": "Malayalam", "te": "Telugu", "mr": "Marathi", "si": "Sinhala",
	"dari": "Dari", "sgn": "Sign language",
}

// LanguageName returns the English name of a language tag for messages to
// staff: "Welsh" for cy, "Portuguese (pt-BR)" for a regional variant. A tag
// it does not know is named as "the language pt-XX" rather than left bare.
func LanguageName(tag string) string {
	base, region, _ := strings.Cut(tag, "-")
	name, ok := languageNames[strings.ToLower(base)]
	switch {
	case !ok:
		return "the language " + tag
	case region != "":
		return name + " (" + tag + ")"
	}
	return name
}
