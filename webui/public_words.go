package webui

// plainThemes says each framework theme in everyday words for the public
// page (reading age about 9 to 11). Themes not listed keep their name.
var plainThemes = map[string]string{
	"Positive experience & gratitude":                           "Saying thank you and good experiences",
	"Organisation & efficiency":                                 "How well things are organised",
	"Funding & use of financial resources":                      "Money and funding",
	"Feeling safe":                                              "Feeling safe",
	"Staff manner & personal attributes":                        "How staff treat people",
	"Competence & training":                                     "Staff skills and training",
	"Staffing levels & responsiveness":                          "Having enough staff",
	"Contacting services":                                       "Getting in touch with us",
	"Appointment arrangements":                                  "Booking appointments",
	"Appointment method":                                        "Seeing us in person, by phone or by video",
	"Timeliness of care":                                        "Waiting times",
	"Unspecified communication":                                 "Talking with us",
	"Staff listening, understanding & involving patients":       "Staff listening and involving you",
	"Information directly from staff during care":               "What staff tell you during care",
	"Information provision & guidance":                          "Information and advice",
	"Being kept informed, clarity & consistency of information": "Keeping you up to date",
	"Interaction with family/ carers":                           "Working with families and carers",
	"Mental Health Act":                                         "The Mental Health Act",
	"Continuity of care":                                        "Seeing the same people",
	"Discharge":                                                 "Leaving the service",
	"Supplying & understanding medication":                      "Medicines",
	"Pain management":                                           "Help with pain",
	"Activities & access to fresh air":                          "Things to do and fresh air",
	"Electronic entertainment":                                  "TV, games and wifi",
	"Cleanliness, tidiness & infection control":                 "Keeping places clean",
	"Sensory experience":                                        "Noise, light and smells",
	"Environment, facilities & equipment":                       "Buildings, rooms and equipment",
	"Food & drink provision & facilities":                       "Food and drink",
	"Service location":                                          "Where we are",
	"Transport to/ from services":                               "Getting here",
	"Parking":                                                   "Parking",
}

// plainTheme is a theme's everyday name.
func plainTheme(name string) string {
	if p, ok := plainThemes[name]; ok {
		return p
	}
	return name
}
