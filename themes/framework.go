package themes

// Code below mirrors testdata/framework.json (framework v7, MIT, (c) 2021 NHS
// England); TestFrameworkMatchesJSON keeps the two in step.

// MajorCategories are the framework's 10 major categories in framework order.
var MajorCategories = []string{
	"General",
	"Staff",
	"Access to medical care & support",
	"Communication & involvement",
	"Mental Health specifics",
	"Patient journey & service coordination",
	"Medication & pain",
	"Activities",
	"Environment, equipment & catering",
	"Service location, travel & transport",
}

// SubThemes are the 32 sub-themes (minor categories) in framework.json's
// minor_categories order, which is also the order of labels in the training
// file and in every Analysis.
var SubThemes = []string{
	"Organisation & efficiency",
	"Funding & use of financial resources",
	"Staff manner & personal attributes",
	"Competence & training",
	"Unspecified communication",
	"Staff listening, understanding & involving patients",
	"Information directly from staff during care",
	"Information provision & guidance",
	"Being kept informed, clarity & consistency of information",
	"Contacting services",
	"Appointment arrangements",
	"Appointment method",
	"Timeliness of care",
	"Pain management",
	"Discharge",
	"Cleanliness, tidiness & infection control",
	"Service location",
	"Transport to/ from services",
	"Parking",
	"Electronic entertainment",
	"Feeling safe",
	"Mental Health Act",
	"Labelling not possible",
	"Supplying & understanding medication",
	"Activities & access to fresh air",
	"Food & drink provision & facilities",
	"Sensory experience",
	"Interaction with family/ carers",
	"Positive experience & gratitude",
	"Continuity of care",
	"Environment, facilities & equipment",
	"Staffing levels & responsiveness",
}

// majorOfSub maps a sub-theme index to its major category index.
var majorOfSub = [...]int{
	0, // Organisation & efficiency
	0, // Funding & use of financial resources
	1, // Staff manner & personal attributes
	1, // Competence & training
	3, // Unspecified communication
	3, // Staff listening, understanding & involving patients
	3, // Information directly from staff during care
	3, // Information provision & guidance
	3, // Being kept informed, clarity & consistency of information
	2, // Contacting services
	2, // Appointment arrangements
	2, // Appointment method
	2, // Timeliness of care
	6, // Pain management
	5, // Discharge
	8, // Cleanliness, tidiness & infection control
	9, // Service location
	9, // Transport to/ from services
	9, // Parking
	7, // Electronic entertainment
	0, // Feeling safe
	4, // Mental Health Act
	0, // Labelling not possible
	6, // Supplying & understanding medication
	7, // Activities & access to fresh air
	8, // Food & drink provision & facilities
	8, // Sensory experience
	3, // Interaction with family/ carers
	0, // Positive experience & gratitude
	5, // Continuity of care
	8, // Environment, facilities & equipment
	1, // Staffing levels & responsiveness
}
